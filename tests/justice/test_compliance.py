"""The quarterly Code compliance return: counted as the MoJ counts it, exported as shown."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CaseFactory,
    CaseTaskFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
)
from victimcare.accounts.capabilities import Role
from victimcare.cases.models import ContactAttempt
from victimcare.justice.selectors import Quarter

pytestmark = pytest.mark.django_db
AREAS = ["acknowledgement", "referral_to_support", "timely_updates", "vps_offer", "release_notice"]


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))


def expected(pairs, today):
    """The return's counts for (due, met) pairs, worked out here from the data itself."""
    on_time = late = overdue = waiting = 0
    for due, met in pairs:
        if met is None:
            overdue, waiting = (overdue + 1, waiting) if due < today else (overdue, waiting + 1)
        elif met <= due:
            on_time += 1
        else:
            late += 1
    return [len(pairs), on_time, late, overdue, waiting]


@pytest.fixture
def demo_quarter(northgate, riverside):
    """A quarter's worth of duties in Northgate, with noise that must not count."""
    today = timezone.localdate()
    quarter = Quarter.containing(today)
    start, end = quarter.start, quarter.end
    d = lambda n: start + datetime.timedelta(days=n)  # noqa: E731
    specs: dict[str, list[tuple[datetime.date, datetime.date | None]]] = {
        "acknowledgement": [(d(3), d(2)), (d(5), d(9)), (d(6), None), (end, None), (d(1), d(1))],
        "referral_to_support": [(d(2), d(1)), (d(2), d(4)), (d(8), d(8))],
        "timely_updates": [(d(i), d(i + (i % 3) - 1)) for i in range(10)]
        + [(d(20), None), (end, None), (d(40), d(60))],
        "vps_offer": [(d(4), d(4)), (d(7), None)],
        "release_notice": [(d(10), d(12))],
    }
    officer_case = CaseFactory(team=northgate, contact_deadline=start - datetime.timedelta(days=9))
    for due, met in specs["acknowledgement"]:
        case = CaseFactory(team=northgate, contact_deadline=due)
        if met:
            attempt = ContactAttempt.objects.create(case=case, channel="phone", outcome="no_answer")
            ContactAttempt.objects.filter(pk=attempt.pk).update(made_at=moment(met))
            later = ContactAttempt.objects.create(case=case, channel="phone", outcome="spoke")
            ContactAttempt.objects.filter(pk=later.pk).update(
                made_at=moment(met) + datetime.timedelta(days=30)
            )
    for due, met in specs["referral_to_support"]:
        referral = ReferralFactory(team=northgate, contact_due_by=due)
        type(referral).objects.filter(pk=referral.pk).update(received_at=moment(met))
    for area in ("timely_updates", "vps_offer", "release_notice"):
        for due, met in specs[area]:
            CaseTaskFactory(
                case=officer_case,
                kind="tell_victim",
                title="Tell",
                due_on=due,
                code_area=area,
                done_at=moment(met) if met else None,
            )
    # Noise: another hub, another quarter, a duty no longer owed, a task that is not a duty.
    other = CaseFactory(team=riverside)
    CaseTaskFactory(
        case=other, kind="tell_victim", title="x", due_on=d(3), code_area="timely_updates"
    )
    CaseTaskFactory(
        case=officer_case,
        kind="tell_victim",
        title="x",
        due_on=start - datetime.timedelta(days=1),
        code_area="timely_updates",
    )
    CaseTaskFactory(
        case=officer_case,
        kind="investigation_update",
        title="x",
        due_on=d(3),
        code_area="timely_updates",
        ended_at=timezone.now(),
    )
    CaseTaskFactory(case=officer_case, kind="follow_up", title="x", due_on=d(3))
    return quarter, {area: expected(pairs, today) for area, pairs in specs.items()}


def test_the_team_leaders_return_matches_an_independent_count_on_screen_and_in_exports(
    client, northgate, demo_quarter
) -> None:
    quarter, counts = demo_quarter
    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    client.force_login(leader)
    query = {"quarter": quarter.code}
    page = client.get(reverse("justice:compliance"), query)
    assert page.status_code == 200
    assert quarter.label in page.content.decode()

    lines = list(
        csv.reader(
            io.StringIO(client.get(reverse("justice:compliance-csv"), query).content.decode())
        )
    )
    assert lines[0][0].startswith("Victims' Code compliance return, Quarter")
    assert lines[3][:6] == [
        "Area",
        "Duties due",
        "Met on time",
        "Met late",
        "Overdue",
        "Not yet due",
    ]
    exported = {row[0]: [int(v) for v in row[1:6]] for row in lines[4:]}
    labels = dict(zip(AREAS, lines[4:], strict=True))
    assert {area: exported[labels[area][0]] for area in AREAS} == counts

    response = client.get(reverse("justice:compliance-xlsx"), query)
    assert response["Content-Disposition"].endswith(f'code-compliance-{quarter.code}.xlsx"')
    pdf = client.get(reverse("justice:compliance-pdf"), query)
    assert pdf.content.startswith(b"%PDF")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["compliance"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert {area: list(row[1:6]) for area, row in zip(AREAS, rows, strict=True)} == counts


def test_commissioners_see_every_hub_with_small_numbers_suppressed(
    client, northgate, demo_quarter
) -> None:
    quarter, counts = demo_quarter
    commissioner = UserFactory(
        role=Role.COMMISSIONER, organisation=OrganisationFactory(kind="commissioner_office")
    )
    client.force_login(commissioner)
    query = {"quarter": quarter.code, "hub": str(northgate.pk)}
    lines = list(
        csv.reader(
            io.StringIO(client.get(reverse("justice:compliance-csv"), query).content.decode())
        )
    )
    vps = lines[4 + AREAS.index("vps_offer")]
    assert vps[1] == "fewer than 5"  # 2 statement offers
    updates = lines[4 + AREAS.index("timely_updates")]
    assert updates[1] == str(counts["timely_updates"][0])  # 13: shown
    assert "fewer than 5" in client.get(reverse("justice:compliance"), query).content.decode()


def test_quarters_follow_the_financial_year() -> None:
    q = Quarter.containing(datetime.date(2027, 2, 14))
    assert (q.code, q.start, q.end) == (
        "2026-Q4",
        datetime.date(2027, 1, 1),
        datetime.date(2027, 3, 31),
    )
    assert Quarter.parse("2026-Q1").start == datetime.date(2026, 4, 1)
    assert Quarter.parse("2026-Q1").previous().code == "2025-Q4"
    assert Quarter.parse("2026-Q5") is None
