"""The case's messages page: every message to the victim with its channel, status,
attempts and time; access-logged, for those who may open the case, linked from the record."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AccessLogEntry
from victimcare.cases.victim_messages import case_victim_messages
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(vco):
    return CaseFactory(team=vco.team, officer=vco, referral__person__email="v@example.org")


def outbox(case, kind: str, status: str, **values) -> OutboxMessage:
    return OutboxMessage.objects.create(
        case=case, kind=kind, destination="", status=status, payload={"case_id": case.pk}, **values
    )


def test_every_message_to_the_victim_is_listed_with_its_channel_status_and_attempts(
    client, vco, case
):
    outbox(case, "justice_update", "awaiting", text="Secret words the officer wrote")
    outbox(case, "survey_invitation", "sent", channel="email", attempts=1)
    outbox(case, "reply_notification", "failed", attempts=2, last_error="Notify said 500")
    outbox(
        case,
        "tracking_code",
        "not_sent",
        attempts=1,
        last_error="no channel the victim's safe-contact rules allow",
    )
    outbox(case, "transfer", "sent")  # not a message to the victim
    client.force_login(vco)
    page = client.get(reverse("cases:outbox", args=[case.pk])).content.decode()
    rows = page.split('data-testid="victim-messages"')[1].split("<tbody")[1].split("</tr>")
    assert len([r for r in rows if "govuk-table__cell" in r]) == 4
    assert "Update from the police or court" in page
    assert "Waiting for an officer to approve it" in page and "Check the words and decide" in page
    assert "Invitation to the satisfaction survey" in page and "Email" in page
    assert "Failed (will retry)" in page and "Notify said 500" in page
    assert "Not sent: no safe way to send it" in page
    assert "No channel the victim&#x27;s safe-contact rules allow" in page
    assert "Secret words" not in page  # what and how, never the words
    [entry] = AccessLogEntry.objects.filter(route="cases:outbox")
    assert (entry.user, entry.object_ids) == (vco, [str(case.pk)])


def test_the_list_is_newest_first_and_says_when_nothing_was_sent(client, vco, case):
    client.force_login(vco)
    page = client.get(reverse("cases:outbox", args=[case.pk])).content.decode()
    assert "No messages have been sent to the victim." in page
    first = outbox(case, "survey_invitation", "pending")
    second = outbox(case, "reply_notification", "sent", channel="sms")
    assert [m.id for m in case_victim_messages(case)] == [second.pk, first.pk]
    assert [m.channel for m in case_victim_messages(case)] == [
        "Text message",
        "Not chosen yet: the victim's safe-contact rules choose when it is sent",
    ]


def test_the_page_is_in_the_case_records_navigation(client, vco, case):
    client.force_login(vco)
    overview = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'href="{reverse("cases:outbox", args=[case.pk])}"' in overview
    assert "Messages to the victim" in overview


def test_another_teams_officer_and_a_commissioner_cannot_see_it(client, case, riverside):
    other = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=riverside, organisation=riverside.organisation
    )
    client.force_login(other)
    assert client.get(reverse("cases:outbox", args=[case.pk])).status_code == 404
    commissioner = UserFactory(role=Role.COMMISSIONER)
    client.force_login(commissioner)
    assert client.get(reverse("cases:outbox", args=[case.pk])).status_code in (403, 404)
    assert not AccessLogEntry.objects.filter(route="cases:outbox").exists()
