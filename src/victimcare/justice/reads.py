"""Reads of a case's justice section that its page shows, scoped by the case the user may
open (found by `cases.reads.case_with_reason_for`) and logged in the same call, so the page
cannot forget the row (ADR 58, ADR 63)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from victimcare.accounts.models import User
from victimcare.cases.models import Case, CaseTask
from victimcare.cases.reads import case_shown
from victimcare.justice import selectors
from victimcare.justice.models import (
    CaseJusticeEvent,
    CourtSupport,
    RestorativeJustice,
    RightToReview,
)
from victimcare.notifications.models import OutboxMessage


@dataclass(frozen=True)
class JusticeSection:
    court_support: CourtSupport  # unsaved when none is kept yet
    events: QuerySet[CaseJusticeEvent]
    duties: QuerySet[CaseTask]
    update_messages: QuerySet[OutboxMessage]
    reviews: list[RightToReview]
    restorative: list[RestorativeJustice]


def justice_section(
    user: User, case: Case, *, route: str, justification: str = ""
) -> JusticeSection:
    """The case's criminal justice events, Code duties, messages from justice updates, court
    support, reviews and restorative justice; the read logged as the page's `route`."""
    section = JusticeSection(
        court_support=selectors.court_support_of(case),
        events=selectors.case_events(case),
        duties=selectors.case_duties(case),
        update_messages=selectors.case_update_messages(case),
        reviews=list(case.reviews.order_by("pk")),
        restorative=list(case.restorative.order_by("pk")),
    )
    case_shown(user, case, route=route, justification=justification)
    return section
