"""An officer's reply in Track my case tells the victim by their safe channel, with a link to
Track my case and never the reply's words; a resend never tells them twice."""

import json
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import CaseFactory
from victimcare.feedback.models import CaseMessage
from victimcare.feedback.tracking import message_send
from victimcare.notifications.delivery import outbox_sweep
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
REPLY = "Your court date is 3 March; I will ring you on Friday about the statement."


@pytest.fixture
def sent_file(settings, tmp_path: Path):
    path = tmp_path / "messages.jsonl"
    settings.MESSAGE_BACKEND = "file"
    settings.MESSAGE_FILE = str(path)
    settings.VCH_PUBLIC_URL = "https://hub.example.org"

    def read() -> list[dict]:
        return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []

    return read


@pytest.fixture
def case(vco):
    return CaseFactory(
        team=vco.team,
        officer=vco,
        referral__person__email="v@example.org",
        referral__person__phone="07700 900123",
    )


def victim_details(case, **values) -> None:
    victim = case.referral.victim  # the case's own contact details (ADR 38)
    for name, value in values.items():
        setattr(victim, name, value)
    victim.save()


def reply(client, case, text: str = REPLY):
    return client.post(
        reverse("cases:message", args=[case.pk]), {"message-text": text}, follow=True
    )


def test_the_victim_is_told_of_a_reply_with_a_link_never_its_words(
    client, vco, case, sent_file, django_capture_on_commit_callbacks
):
    client.force_login(vco)
    with django_capture_on_commit_callbacks(execute=True):
        page = reply(client, case).content.decode()
    assert "Message sent to the victim" in page
    outbox_sweep()  # what the worker does
    [sent] = sent_file()
    assert (sent["what"], sent["record"], sent["channel"]) == (
        "reply notification",
        f"case {case.pk}",
        "email",
    )
    assert sent["personalisation"] == {
        "case_reference": case.reference,
        "track_url": "https://hub.example.org/track/",
    }
    assert "court date" not in json.dumps(sent).lower()
    assert OutboxMessage.objects.get(kind="reply_notification").status == "sent"


def test_no_text_message_when_the_phone_is_not_safe(case, vco, sent_file):
    case.no_sms = True
    case.save()
    victim_details(case, preferred_contact="sms")
    message_send(case=case, text=REPLY, from_victim=False, author=vco)
    outbox_sweep()
    assert [m["channel"] for m in sent_file()] == ["email"]


def test_only_the_agreed_channel_is_used(case, vco, sent_file):
    case.agreed_channel = "sms"
    case.save()
    message_send(case=case, text=REPLY, from_victim=False, author=vco)
    outbox_sweep()
    assert [m["channel"] for m in sent_file()] == ["sms"]


@pytest.mark.parametrize(
    ("case_values", "victim_values"),
    [
        ({}, {"safe_to_contact": False}),
        ({"no_sms": True}, {"email": ""}),
        ({"agreed_channel": "email"}, {"email": ""}),
    ],
)
def test_nothing_is_sent_when_no_channel_is_safe_and_the_officer_can_see_it(
    client, case, vco, sent_file, case_values, victim_values
):
    for name, value in case_values.items():
        setattr(case, name, value)
    case.save()
    victim_details(case, **victim_values)
    message_send(case=case, text=REPLY, from_victim=False, author=vco)
    outbox_sweep()
    assert sent_file() == []
    notice = OutboxMessage.objects.get(kind="reply_notification")
    assert notice.status == "not_sent"
    client.force_login(vco)
    page = client.get(reverse("cases:outbox", args=[case.pk])).content.decode()
    assert "Not sent: no safe way to send it" in page


def test_a_double_submit_keeps_one_reply_and_one_notification(client, vco, case, sent_file):
    client.force_login(vco)
    reply(client, case)
    reply(client, case)  # the officer pressed Send twice
    outbox_sweep()
    assert CaseMessage.objects.filter(case=case).count() == 1
    assert OutboxMessage.objects.filter(kind="reply_notification").count() == 1
    assert len(sent_file()) == 1


def test_replies_before_the_notice_goes_share_it_and_a_later_one_brings_another(
    case, vco, sent_file
):
    message_send(case=case, text="First reply", from_victim=False, author=vco)
    message_send(case=case, text="A second thought", from_victim=False, author=vco)
    assert OutboxMessage.objects.filter(kind="reply_notification").count() == 1
    outbox_sweep()
    message_send(case=case, text="Can we talk?", from_victim=True)
    message_send(case=case, text="First reply", from_victim=False, author=vco)  # a new answer
    outbox_sweep()
    assert CaseMessage.objects.filter(case=case, from_victim=False).count() == 3
    assert len(sent_file()) == 2


def test_a_message_from_the_victim_sends_them_nothing(case, sent_file):
    message_send(case=case, text="Hello", from_victim=True)
    outbox_sweep()
    assert not OutboxMessage.objects.filter(kind="reply_notification").exists()
    assert sent_file() == []


def test_a_welsh_speaking_victim_gets_the_welsh_template(settings, case, vco, sent_file):
    settings.NOTIFY_REPLY_EMAIL_TEMPLATE = "english-template"
    settings.NOTIFY_REPLY_EMAIL_TEMPLATE_CY = "welsh-template"
    victim_details(case, first_language="Cymraeg")
    message_send(case=case, text=REPLY, from_victim=False, author=vco)
    outbox_sweep()
    assert [m["template_id"] for m in sent_file()] == ["welsh-template"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_notice_once_outside_any_test_transaction(vco, sent_file):
    case = CaseFactory(team=vco.team, officer=vco, referral__person__email="v@example.org")
    message_send(case=case, text=REPLY, from_victim=False, author=vco)
    message_send(case=case, text=REPLY, from_victim=False, author=vco)  # a resend
    outbox_sweep()
    outbox_sweep()
    assert len(sent_file()) == 1
    notice = OutboxMessage.objects.get(kind="reply_notification")
    assert (notice.status, notice.attempts, notice.channel) == ("sent", 1, "email")
