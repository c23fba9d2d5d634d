"""Demo case work for `seed_demo`: some Northgate victims contacted, assessed, supported and
closed with outcomes and a survey answer, so the officers' pages and the commissioner's
reports have something to show. Invented data only, through the same services as staff."""

from victimcare.assessments.services import needs_assessment_save
from victimcare.cases.models import Case, CaseStatus, OutcomeArea
from victimcare.cases.services.record import case_transition, contact_attempt_record
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.feedback.services import survey_submit
from victimcare.journeys.closure import case_close

LEVELS = ("none", "low", "medium", "high")
RESULTS = ("improved", "improved", "not_improved", "not_applicable")


def demo_case_work(*, hub_name: str, cases: int = 60) -> int:
    """Work the first `cases` new cases of the hub that have an officer; return how many
    were closed."""
    chosen = list(
        Case.objects.filter(
            team__name=hub_name,
            status=CaseStatus.NEW,
            officer__isnull=False,
            referral__auto_referral__in=["refer", "consent_given"],
        )
        .select_related("officer", "person")
        .order_by("pk")[:cases]
    )
    closed = 0
    for n, case in enumerate(chosen):
        officer = case.officer
        assert officer is not None
        contact_attempt_record(case=case, channel="phone", outcome="spoke", notes="", actor=officer)
        if n % 5 == 4:
            continue  # still being contacted
        first = {code: (LEVELS[(n + i) % 4], "") for i, (code, _) in enumerate(NEED_CATEGORIES)}
        needs_assessment_save(case=case, stage="first", answers=first, actor=officer)
        if n % 5 == 3:
            continue  # assessed, support starting
        case_transition(
            case=case, target=CaseStatus.SUPPORTED, reason="Support plan agreed", actor=officer
        )
        if n % 5 == 2:
            continue  # being supported
        case_transition(case=case, target=CaseStatus.CLOSING, reason="Goals met", actor=officer)
        exit_ = {
            code: (LEVELS[max(0, LEVELS.index(level) - 1 - (i % 2))], "")
            for i, (code, (level, _)) in enumerate(first.items())
        }
        needs_assessment_save(case=case, stage="exit", answers=exit_, actor=officer)
        outcomes = {area.value: RESULTS[(n + i) % 4] for i, area in enumerate(OutcomeArea)}
        # Nothing stays open on a closed case: each task still open is done or handed over.
        how, note = (
            ("done", "Done before closing")
            if n % 2
            else ("handed_over", "Handed to the witness care unit")
        )
        endings = {
            task.pk: (how, note)
            for task in case.tasks.filter(done_at__isnull=True, ended_at__isnull=True)
        }
        case_close(
            case=case, outcomes=outcomes, reason="support_complete", actor=officer, tasks=endings
        )
        closed += 1
        invitation = getattr(Case.objects.get(pk=case.pk), "survey_invitation", None)
        if invitation is not None and n % 3 != 2:
            score = str(5 - n % 3)
            survey_submit(
                token=invitation.token,
                answers={
                    "treated_with_respect": score,
                    "support_as_agreed": score,
                    "coordinated_and_effective": str(4 - n % 2),
                    "overall": score,
                },
            )
    return closed
