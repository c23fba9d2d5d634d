"""The case record: an overview, two sections and a page for each change (ADR 29)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory
from victimcare.audit.models import AccessLogEntry
from victimcare.cases.services.plan import support_goal_add
from victimcare.cases.services.record import case_note_add
from victimcare.cases.services.tasks import task_open

pytestmark = pytest.mark.django_db


def test_each_part_of_the_record_shows_its_own_work_and_logs_the_read(client, vco) -> None:
    case = CaseFactory(team=vco.team, referral__person__given_name="Eleri")
    task_open(
        case=case,
        kind="follow_up",
        title="Ring about the locks",
        due_on=timezone.localdate(),
        assignee=vco,
    )
    support_goal_add(case=case, category="accommodation", goal="New locks fitted", actor=vco)
    case_note_add(case=case, text="Prefers mornings", actor=vco)
    client.force_login(vco)

    overview = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    support = client.get(reverse("cases:support", args=[case.pk])).content.decode()
    timeline = client.get(reverse("cases:timeline", args=[case.pk])).content.decode()

    for html in (overview, support, timeline):
        assert "Eleri" in html  # the victim's name heads every part
        assert 'aria-current="page"' in html
    assert "Ring about the locks" in overview and "Record a contact attempt" in overview
    assert "New locks fitted" in support and "Domestic abuse risk" in support
    assert "Prefers mornings" in timeline and "Case opened" in timeline
    assert "Prefers mornings" not in overview and "New locks fitted" not in overview
    routes = list(
        AccessLogEntry.objects.filter(object_ids=[str(case.pk)], user=vco)
        .order_by("id")
        .values_list("route", flat=True)
    )
    assert routes == ["cases:detail", "cases:support", "cases:timeline"]


@pytest.mark.parametrize(
    ("name", "field", "heading"),
    [
        ("cases:contact", "contact-channel", "Record a contact attempt"),
        ("cases:status", "status-target", "Change the status"),
        ("cases:safe-contact", "safe-agreed_channel", "Safe-contact rules"),
    ],
)
def test_each_change_has_its_own_page_with_the_safe_contact_rules(
    client, vco, name, field, heading
) -> None:
    case = CaseFactory(team=vco.team, referral__person__safe_to_contact=False)
    client.force_login(vco)
    response = client.get(reverse(name, args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert f'name="{field}"' in html
    assert "Not safe to contact without a safe route agreed" in html
    assert AccessLogEntry.objects.filter(route=name, object_ids=[str(case.pk)]).exists()


def test_a_refused_change_shows_its_page_again_with_the_error_and_what_was_typed(
    client, vco
) -> None:
    case = CaseFactory(team=vco.team)
    client.force_login(vco)
    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"status-version": case.version, "status-target": "", "status-reason": "Phoned twice"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Change the status" in html
    assert "govuk-error-summary" in html and "Phoned twice" in html
    case.refresh_from_db()
    assert case.status == "new"


def test_a_stale_change_shows_the_page_again_at_the_current_version(client, vco) -> None:
    case = CaseFactory(team=vco.team)
    seen = case.version
    client.force_login(vco)
    client.post(
        reverse("cases:safe-contact", args=[case.pk]),
        {"safe-version": seen, "safe-agreed_channel": "phone", "safe-safe_times": "Mornings"},
    )
    stale = client.post(
        reverse("cases:safe-contact", args=[case.pk]),
        {"safe-version": seen, "safe-agreed_channel": "email", "safe-safe_times": ""},
    )
    html = stale.content.decode()
    assert 'data-testid="stale"' in html
    case.refresh_from_db()
    assert case.agreed_channel == "phone"
    # The form now carries the version just read, so saving again is a deliberate choice.
    assert f'name="safe-version" value="{case.version}"' in html
    assert 'value="Mornings"' in html


def test_after_a_change_the_officer_lands_where_its_result_shows(client, vco) -> None:
    case = CaseFactory(team=vco.team)
    client.force_login(vco)
    contact = client.post(
        reverse("cases:contact", args=[case.pk]),
        {
            "contact-version": case.version,
            "contact-channel": "phone",
            "contact-outcome": "no_answer",
        },
    )
    assert contact["Location"] == reverse("cases:detail", args=[case.pk])
    note = client.post(reverse("cases:note", args=[case.pk]), {"note-text": "Left no message"})
    assert note["Location"] == reverse("cases:timeline", args=[case.pk]) + "#note"
    goal = client.post(
        reverse("cases:goal", args=[case.pk]),
        {"goal-category": "accommodation", "goal-goal": "Locks"},
    )
    assert goal["Location"] == reverse("cases:support", args=[case.pk]) + "#plan"
    empty = client.post(reverse("cases:message", args=[case.pk]), {"message-text": ""})
    assert "Enter the message" in empty.content.decode()


def test_the_overview_reads_a_fixed_number_of_queries_however_long_the_case(client, vco) -> None:
    """The page officers open most stays cheap as a case grows (the web benchmark's page)."""
    case = CaseFactory(team=vco.team)
    client.force_login(vco)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    due = timezone.localdate() + datetime.timedelta(days=3)
    for n in range(6):
        task_open(case=case, kind="follow_up", title=f"Task {n}", due_on=due, assignee=vco)
        case_note_add(case=case, text=f"Note {n}", actor=vco)
        CaseFactory(team=vco.team, referral__person=case.person)
    with CaptureQueriesContext(connection) as long:
        html = client.get(url).content.decode()
    assert "Task 5" in html
    assert len(long) == len(short)
