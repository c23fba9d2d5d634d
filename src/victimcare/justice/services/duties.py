"""Victims' Code duties: meeting them, and the monthly investigation update (scheduled)."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.cases.models import OPEN_STATUSES, Case, CaseTask, TaskKind
from victimcare.cases.services.tasks import task_complete, task_open
from victimcare.entitlements.selectors import current_rule_values
from victimcare.justice import rules
from victimcare.justice.models import CaseJusticeEvent


def meet_duties(case: Case, kinds: Iterable[str], actor: User, outcome: str) -> int:
    """Mark the case's open duties of these kinds met now, by this officer."""
    met = 0
    for task in case.tasks.filter(
        kind__in=list(kinds), done_at__isnull=True, ended_at__isnull=True
    ):
        task_complete(task=task, outcome=outcome, actor=actor)
        met += 1
    return met


# field -> (the duty it settles, the value that settles nothing, what the duty records)

# --- Scheduled: monthly investigation updates ----------------------------------------------


def investigation_updates_schedule(
    *, today: datetime.date | None = None, case_ids: list[int] | None = None
) -> int:
    """Give every open crime case whose investigation goes on a monthly update duty, due a
    month after the victim was last updated (or the crime reported). Returns how many."""
    today = today or timezone.localdate()
    values = current_rule_values()
    open_duty = CaseTask.objects.filter(
        case=OuterRef("pk"),
        kind=TaskKind.INVESTIGATION_UPDATE,
        done_at__isnull=True,
        ended_at__isnull=True,
    )
    ended = CaseJusticeEvent.objects.filter(
        case=OuterRef("pk"), event__event__in=sorted(rules.ENDS_INVESTIGATION)
    )
    cases = (
        Case.objects.filter(status__in=OPEN_STATUSES, referral__incident_type="crime")
        # A crime never reported to the police has no investigation to update on.
        .exclude(referral__police_report="not_reported")
        .exclude(Exists(open_duty))
        .exclude(Exists(ended))
        .annotate(
            last_update=Max("tasks__done_at", filter=Q(tasks__code_area="timely_updates")),
            last_event=Max("case_events__event__event_at"),
        )
        .select_related("referral")
    )
    if case_ids is not None:
        cases = cases.filter(pk__in=case_ids)
    created = 0
    for case in cases.iterator(chunk_size=500):
        moments = [m for m in (case.last_update, case.last_event) if m is not None]
        since = max(
            [rules.london_day(m) for m in moments] or [rules.london_day(case.referral.reported_at)]
        )
        due = rules.next_investigation_update(since, values)
        with transaction.atomic():
            task_open(
                case=case,
                kind=TaskKind.INVESTIGATION_UPDATE,
                title="Update the victim on the investigation",
                due_on=max(due, today),
                code_area="timely_updates",
                reason=f"Victims' Code: at least every {values.investigation_update_months} "
                f"month(s) while the investigation goes on (last update {since:%-d %B %Y})",
            )
        created += 1
    return created
