"""Reads of case data that pages show: each scopes to what the user may see and writes the
access-log row itself, so a page cannot forget it (tests/audit/test_reads_logged.py and
test_pages_log_what_they_show.py hold the line). The few here that do not log say so and
are named for it (`*_scoped`, `case_with_reason_for`, `case_fresh`): a page that changes
something and redirects uses them, and logs through `case_shown` only when it renders. The
unlogged scopes they build on stay in `selectors.py`."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case as Case_
from django.db.models import QuerySet, Value, When

from victimcare.accounts.models import User
from victimcare.audit.services import access_record, access_record_of
from victimcare.cases import selectors
from victimcare.cases.models import (
    Case,
    CaseTask,
    OnwardReferral,
    OnwardReferralStatus,
    SafeguardingReferral,
    ShareGroup,
)
from victimcare.cases.search import SearchResults, case_search
from victimcare.cases.timeline import case_timeline, relations_with_rows
from victimcare.cases.victim_messages import case_victim_messages


def case_with_reason_for(
    user: User, case_id: int, *, reasons: Mapping[str, str]
) -> tuple[Case, str] | None:
    """The case if the user may open it, with the reason they gave (`reasons`, by case id)
    when it is another team's; None otherwise, exactly as for a case that does not exist."""
    case = selectors.case_for_user(user, case_id)
    if case is not None and user.has_perm("cases.view_case", case):
        return case, ""
    reason = reasons.get(str(case_id), "")
    case = selectors.case_in_organisation(user, case_id=case_id) if reason else None
    return None if case is None else (case, reason)


def case_for_reading(
    user: User, case_id: int, *, reasons: Mapping[str, str], route: str
) -> Case | None:
    """A case page's case (as `case_with_reason_for`), its read logged with the reason."""
    found = case_with_reason_for(user, case_id, reasons=reasons)
    if found is None:
        return None
    case, justification = found
    access_record_of(
        user=user, route=route, obj=case, person_ids=[case.person_id], justification=justification
    )
    return case


def case_shown(user: User, case: Case, *, route: str, justification: str = "") -> Case:
    """Log that a page of `case` (already found by `case_with_reason_for`) was shown."""
    access_record_of(
        user=user, route=route, obj=case, person_ids=[case.person_id], justification=justification
    )
    return case


# The support section's records, each a reverse relation of the case.
SUPPORT_RELATIONS = (
    "needs_assessments",
    "risk_assessments",
    "protection_assessments",
    "goals",
    "onward_referrals",
    "safeguarding_referrals",
)


def case_section(
    user: User,
    case: Case,
    page: str,
    *,
    route: str,
    justification: str = "",
    earlier: list[Case] | None = None,
) -> dict[str, Any]:
    """What one page of the case record (found by `case_with_reason_for`) reads of the case
    beyond its own fields, by name, with the read logged as the page's `route`: the
    overview's outcomes, tasks and the victim's `earlier` cases the user may see (read here
    unless already read); the support section's assessments (`needs`, `risks`,
    `protections`), goals, onward and safeguarding referrals; the timeline; the messages to
    the victim. A page of one change reads nothing more."""
    section: dict[str, Any] = {}
    if page == "overview":
        section.update(
            outcomes=list(case.outcomes.order_by("pk")) if case.closure_reason else [],
            tasks=list(case.tasks.select_related("assigned_to", "done_by")),
            earlier_cases=(
                earlier if earlier is not None else list(selectors.earlier_cases(user, case))
            ),
        )
    elif page == "support":
        # Only the kinds of record the case holds are read (a new case holds none).
        held = relations_with_rows(case, SUPPORT_RELATIONS)

        def read(name: str, rows: QuerySet[Any]) -> list[Any]:
            return list(rows) if name in held else []

        section.update(
            needs=read(
                "needs_assessments",
                case.needs_assessments.select_related("taken_by").prefetch_related("answers"),
            ),
            risks=read("risk_assessments", case.risk_assessments.select_related("taken_by")),
            protections=read(
                "protection_assessments", case.protection_assessments.select_related("taken_by")
            ),
            goals=read("goals", case.goals.select_related("set_by")),
            onward_referrals=read(
                "onward_referrals",
                case.onward_referrals.select_related("service__provider", "sent_by"),
            ),
            safeguarding_referrals=read(
                "safeguarding_referrals", case.safeguarding_referrals.all()
            ),
        )
    elif page == "timeline":
        section["timeline"] = case_timeline(case)
    elif page == "outbox":
        section["victim_messages"] = case_victim_messages(case)
    case_shown(user, case, route=route, justification=justification)
    return section


def _cases_read(
    user: User, route: str, *, case_ids: Iterable[Any], person_ids: Iterable[Any]
) -> None:
    """One access-log row for a page that listed these cases and their victims."""
    access_record(
        user=user,
        route=route,
        object_type="cases.case",
        object_ids=case_ids,
        person_ids=person_ids,
    )


def cases_listed(user: User, cases: Sequence[Case], *, route: str) -> None:
    """Log that a page listed these cases (the queue): one row naming each case and victim."""
    if cases:
        _cases_read(
            user,
            route,
            case_ids=[case.pk for case in cases],
            person_ids=[case.person_id for case in cases],
        )


def tasks_listed(user: User, tasks: Sequence[CaseTask], *, route: str) -> None:
    """Log that a page listed these tasks: the cases they belong to and their victims."""
    if tasks:
        _cases_read(
            user,
            route,
            case_ids=sorted({task.case_id for task in tasks}),
            person_ids=[task.case.person_id for task in tasks],
        )


def search_for(user: User, query: str, *, route: str) -> SearchResults:
    """The staff search's results; a search with any terms logs the cases and people it
    listed (never the words typed: they are personal data)."""
    results = case_search(user, query)
    if not results.terms.is_empty:
        _cases_read(user, route, case_ids=results.case_ids, person_ids=results.person_ids)
    return results


def caseload_for(
    user: User, *, today: datetime.date, shown: int, route: str
) -> tuple[list[Case], list[CaseTask]]:
    """The officer's open cases (at most `shown`) and their tasks due by `today`."""
    cases = list(selectors.my_open_cases(user)[:shown])
    tasks_due = list(selectors.open_tasks_for(user).filter(due_on__lte=today)[:50])
    if cases or tasks_due:
        _cases_read(
            user,
            route,
            case_ids=sorted({c.pk for c in cases} | {t.case_id for t in tasks_due}),
            person_ids={c.person_id for c in cases} | {t.case.person_id for t in tasks_due},
        )
    return cases, tasks_due


def officer_cases_to_move(user: User, officer: User, *, shown: int, route: str) -> list[Case]:
    """One officer's open cases in the team leader's hub (at most `shown`), to move."""
    cases = list(selectors.officer_open_cases(user, officer)[:shown])
    cases_listed(user, cases, route=route)
    return cases


# A partner's list starts with the work: new referrals to accept or decline, then those
# being worked, then the completed ones.
PARTNER_ORDER = Case_(
    When(status=OnwardReferralStatus.SENT, then=Value(0)),
    When(status=OnwardReferralStatus.ACCEPTED, then=Value(1)),
    When(status=OnwardReferralStatus.IN_PROGRESS, then=Value(1)),
    default=Value(2),
)


def partner_referrals_page(user: User, page_number: str | None, *, route: str) -> Page:
    """One page (50) of the onward referrals sent to the partner's services, those to act
    on first (new, then being worked), newest first within each; only the people whose
    contact details were shared are named in the log."""
    referrals = (
        selectors.onward_referrals_visible_to(user)
        .select_related("service", "case__person", "case__referral__victim")
        .order_by(PARTNER_ORDER, "-sent_at", "-id")
    )
    page = Paginator(referrals, 50).get_page(page_number)
    if page.object_list:
        access_record(
            user=user,
            route=route,
            object_type="cases.onwardreferral",
            object_ids=[o.pk for o in page],
            person_ids=[o.case.person_id for o in page if o.shares(ShareGroup.CONTACT)],
        )
    return page


def partner_referral_for(user: User, onward_id: int, *, route: str) -> OnwardReferral | None:
    """An onward referral sent to the partner's service, if they may open it; logged."""
    onward = partner_referral_scoped(user, onward_id)
    if onward is not None:
        access_record_of(user=user, route=route, obj=onward, person_ids=[onward.case.person_id])
    return onward


def partner_referral_scoped(user: User, onward_id: int) -> OnwardReferral | None:
    """The same without the log, for a change the page then redirects from."""
    onward = selectors.onward_referral_for_partner(user, onward_id)
    if onward is None or not user.has_perm("cases.view_onward_referral", onward):
        return None
    return onward


def safeguarding_referral_scoped(case: Case, safeguarding_id: int) -> SafeguardingReferral | None:
    """A safeguarding referral of `case` (a case the user may open), unlogged: its page logs
    the case's read when it renders (`case_shown`)."""
    return SafeguardingReferral.objects.filter(case=case, pk=safeguarding_id).first()


def case_fresh(case: Case) -> Case:
    """The case as it is now, read again (unlogged: the page it is shown on logs the read),
    after someone else changed it while the officer had it open."""
    return Case.objects.select_related("referral", "person", "team", "officer").get(pk=case.pk)
