"""Ending a case "sent in error" (ADR 71): the referral was about someone other than the
person it named. From any open status, with ADR 62's questions about open tasks; nothing
more is sent to the person (messages waiting to go are withheld, no new channel is found
for them, Track my case sends no code); the case says what happened."""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, CaseTaskFactory
from victimcare.audit.models import AuditEvent
from victimcare.cases import lifecycle
from victimcare.cases.messages import case_channel, case_for_message
from victimcare.cases.models import CaseNote, CaseStatus, TaskKind
from victimcare.feedback.models import CaseMessage
from victimcare.feedback.tracking import tracking_code_request
from victimcare.justice.services.updates import NOT_APPLIED
from victimcare.notifications.delivery import NotSendable
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
OPEN = [s for s in CaseStatus if s not in lifecycle.ENDED]


@pytest.mark.parametrize("status", OPEN)
def test_every_open_case_can_be_ended_as_sent_in_error(status) -> None:
    targets = [move.target for move in lifecycle.status_page_moves(status)]
    assert CaseStatus.SENT_IN_ERROR in targets
    assert lifecycle.refusal(status, CaseStatus.SENT_IN_ERROR) is None


def test_a_case_sent_in_error_is_ended_and_can_only_be_reopened() -> None:
    assert CaseStatus.SENT_IN_ERROR in lifecycle.ENDED
    moves = lifecycle.status_page_moves(CaseStatus.SENT_IN_ERROR)
    assert [(m.target, m.label) for m in moves] == [
        (CaseStatus.REOPENED, "Reopen: it was not sent in error")
    ]
    assert CaseStatus.SENT_IN_ERROR in NOT_APPLIED  # no justice update reaches the person


def _status_post(client, case, **data: str):
    form = {"status-version": str(case.version), "status-target": "", "status-reason": ""}
    form |= {f"status-{name}": value for name, value in data.items()}
    return client.post(reverse("cases:status", args=[case.pk]), form)


def _outbox(case, kind: str, status: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        case=case, kind=kind, destination="", status=status, payload={"case_id": case.pk}
    )


def test_ending_as_sent_in_error_answers_tasks_and_withholds_what_was_waiting(client, vco):
    case = CaseFactory(
        team=vco.team,
        officer=vco,
        status="contacting",
        referral__person__email="someone@example.org",
    )
    marac = CaseTaskFactory(
        case=case, kind=TaskKind.MARAC_REFERRAL, title="Refer to the MARAC", assigned_to=vco
    )
    waiting = [
        _outbox(case, "justice_update", "awaiting"),
        _outbox(case, "reply_notification", "pending"),
        _outbox(case, "survey_invitation", "failed"),
    ]
    sent = _outbox(case, "tracking_code", "sent")
    client.force_login(vco)
    page = client.get(reverse("cases:status", args=[case.pk])).content.decode()
    assert "Sent in error: the referral was about someone else" in page

    reason = "The force keyed the crime reference of someone else"
    unanswered = _status_post(client, case, target="sent_in_error", reason=reason)
    assert "Select what happened to: Refer to the MARAC" in unanswered.content.decode()
    assert OutboxMessage.objects.filter(status="withheld").count() == 0

    answered = _status_post(
        client,
        case,
        target="sent_in_error",
        reason=reason,
        **{f"task_{marac.pk}": "not_needed", f"task_{marac.pk}_note": "Not this person"},
    )
    assert answered.status_code == 302
    case.refresh_from_db()
    marac.refresh_from_db()
    assert case.status == "sent_in_error" and case.closed_at is not None
    assert marac.ended_at is not None
    for message in waiting:
        message.refresh_from_db()
        assert (message.status, message.decided_by) == ("withheld", vco)
        assert message.last_error == "Not sent: the case was sent in error"
    sent.refresh_from_db()
    assert sent.status == "sent"  # what already went is recorded as it was
    event = AuditEvent.objects.get(action="case.messages_withheld")
    assert event.data == {"messages_withheld": 3}

    overview = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="sent-in-error"' in overview
    assert "its referral was sent in error" in overview
    assert "Sent in error" in overview
    timeline = client.get(reverse("cases:timeline", args=[case.pk])).content.decode()
    assert reason in timeline


def test_nothing_new_reaches_the_person_a_case_sent_in_error_named(vco) -> None:
    case = CaseFactory(
        team=vco.team,
        status="sent_in_error",
        referral__person__email="someone@example.org",
        referral__person__safe_to_contact=True,
    )
    assert case_channel(case) is None
    tracking_code_request(reference=case.reference, date_of_birth=case.victim.date_of_birth)
    assert not OutboxMessage.objects.filter(case=case).exists()  # no code sent


def test_a_case_sent_in_error_takes_no_message_or_update_for_the_person(client, vco) -> None:
    case = CaseFactory(
        team=vco.team,
        officer=vco,
        status="sent_in_error",
        referral__person__email="someone@example.org",
        referral__person__safe_to_contact=True,
    )
    client.force_login(vco)
    timeline = client.get(reverse("cases:timeline", args=[case.pk])).content.decode()
    assert "Send the victim a secure message" not in timeline
    assert "Show this as an update to the victim" not in timeline
    assert 'data-testid="sent-in-error"' in timeline

    sent = client.post(reverse("cases:message", args=[case.pk]), {"message-text": "Hello"})
    html = sent.content.decode()
    assert sent.status_code == 200 and "This case was sent in error" in html
    assert "Message sent to the victim" not in html
    assert not CaseMessage.objects.filter(case=case).exists()
    assert not OutboxMessage.objects.filter(case=case).exists()

    shared = {"note-text": "Spoke to the force", "note-shared_with_victim": "on"}
    refused = client.post(reverse("cases:note", args=[case.pk]), shared)
    assert "nothing is shown to the person its referral named" in refused.content.decode()
    assert not CaseNote.objects.filter(case=case).exists()
    kept = client.post(reverse("cases:note", args=[case.pk]), {"note-text": "Spoke to the force"})
    assert kept.status_code == 302
    assert CaseNote.objects.get(case=case).shared_with_victim is False


def test_a_message_still_enqueued_is_not_sent_because_the_case_was_sent_in_error(vco) -> None:
    case = CaseFactory(
        team=vco.team,
        status="sent_in_error",
        referral__person__email="someone@example.org",
        referral__person__safe_to_contact=True,
    )
    message = _outbox(case, "reply_notification", "pending")
    with pytest.raises(NotSendable, match="the case was sent in error"):
        case_for_message(message)
