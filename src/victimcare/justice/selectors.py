"""Reads for the justice journey: a case's events and duties, Track my case, and the
quarterly Code compliance return."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Min, QuerySet
from django.utils import timezone

from victimcare.accounts.models import Team
from victimcare.cases.models import Case, CaseTask
from victimcare.justice.messages import victim_message
from victimcare.justice.models import CaseJusticeEvent, CourtSupport
from victimcare.justice.rules import CodeArea, london_day
from victimcare.notifications.models import OutboxMessage
from victimcare.referrals.models import Referral


def case_events(case: Case) -> QuerySet[CaseJusticeEvent]:
    return case.case_events.select_related("event").order_by("event__event_at", "pk")


def court_support_of(case: Case) -> CourtSupport:
    """The case's court support record, or a new unsaved one when none is kept yet."""
    return CourtSupport.objects.filter(case=case).first() or CourtSupport(case=case)


def case_duties(case: Case) -> QuerySet[CaseTask]:
    """The case's Victims' Code duties: from justice events, or counted in the return."""
    return (
        case.tasks.exclude(source_event__isnull=True, code_area="")
        .select_related("done_by", "assigned_to")
        .order_by("due_on", "pk")
    )


def case_update_messages(case: Case) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(case=case, kind="justice_update").order_by("pk")


def case_update_message(case: Case, message_id: int) -> OutboxMessage | None:
    """One justice update message of the case (None if the case has no such message)."""
    return case_update_messages(case).filter(pk=message_id).first()


def shareable_updates(case: Case, *, welsh: bool) -> list[tuple[datetime.date, str]]:
    """What the victim may read on Track my case from the police and courts, newest first."""
    links = case.case_events.filter(shareable=True).select_related("event")
    updates = [
        (london_day(link.event.event_at), victim_message(link.event, welsh=welsh)) for link in links
    ]
    return sorted(updates, key=lambda update: update[0], reverse=True)


# --- The quarterly compliance return ---------------------------------------------------------

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Quarter:
    """A quarter of the financial year (April to March), as the MoJ returns count them."""

    year: int  # the financial year starts in April of this year
    number: int  # 1: April to June ... 4: January to March

    @classmethod
    def parse(cls, text: str) -> "Quarter | None":
        match = _QUARTER.match(text.strip())
        return cls(int(match.group(1)), int(match.group(2))) if match else None

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> datetime.date:
        month = 4 + 3 * (self.number - 1)
        return datetime.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + (self.number == 4), self.number % 4 + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    @property
    def label(self) -> str:
        return (
            f"Quarter {self.number} of {self.year} to {self.year + 1} "
            f"({self.start:%-d %B %Y} to {self.end:%-d %B %Y})"
        )


@dataclass(frozen=True)
class AreaCounts:
    area: str
    label: str
    due: int
    met_on_time: int
    met_late: int
    overdue: int
    not_yet_due: int

    @property
    def on_time_percent(self) -> int | None:
        settled = self.due - self.not_yet_due
        return round(100 * self.met_on_time / settled) if settled else None


def _counts(
    area: str, pairs: list[tuple[datetime.date, datetime.date | None]], today: datetime.date
) -> AreaCounts:
    """Count (due date, date met) pairs: met on time, met late, overdue, not yet due."""
    on_time = sum(1 for due, met in pairs if met is not None and met <= due)
    late = sum(1 for due, met in pairs if met is not None and met > due)
    overdue = sum(1 for due, met in pairs if met is None and due < today)
    return AreaCounts(
        area,
        CodeArea.LABELS[area],
        len(pairs),
        on_time,
        late,
        overdue,
        len(pairs) - on_time - late - overdue,
    )


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def compliance_return(
    teams: list[Team], quarter: Quarter, *, today: datetime.date | None = None
) -> list[AreaCounts]:
    """The five areas of the MoJ Code compliance return for these hubs, counting the duties
    due in the quarter: met on time, met late, overdue, not yet due.

    - Acknowledgement: the hub's first contact with the victim (any attempt), due by the
      case's Victims' Code contact deadline.
    - Referral to support: the police passing the victim's details to the hub, due by the
      referral's `contact_due_by` (2 working days after the report).
    - Updates, statement offers and release notices: the duties from justice events and
      the monthly investigation updates, met when done; ended duties are not counted.
    """
    today = today or timezone.localdate()
    window = {"gte": quarter.start, "lte": quarter.end}
    cases = Case.objects.filter(
        team__in=teams, contact_deadline__gte=window["gte"], contact_deadline__lte=window["lte"]
    ).annotate(first_contact=Min("contact_attempts__made_at"))
    contacts = [(case.contact_deadline, _local(case.first_contact)) for case in cases]
    rows = [_counts(CodeArea.ACKNOWLEDGEMENT, contacts, today)]
    referrals = Referral.objects.filter(
        team__in=teams, contact_due_by__gte=window["gte"], contact_due_by__lte=window["lte"]
    ).values_list("contact_due_by", "received_at")
    passed = [(due, _local(received)) for due, received in referrals]
    rows.append(_counts(CodeArea.REFERRAL, passed, today))
    for area in (CodeArea.UPDATES, CodeArea.VPS, CodeArea.RELEASE):
        duties = CaseTask.objects.filter(
            case__team__in=teams,
            code_area=area,
            ended_at__isnull=True,
            due_on__gte=window["gte"],
            due_on__lte=window["lte"],
        ).values_list("due_on", "done_at")
        rows.append(_counts(area, [(due, _local(done)) for due, done in duties], today))
    return rows
