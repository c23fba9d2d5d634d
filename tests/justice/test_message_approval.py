"""Approving a sensitive message: the officer sees the exact words, in the language they go
in, may edit them (audited), and the edited words are what the victim receives."""

import html

import pytest
from django.db import transaction
from django.urls import reverse

from tests.factories import UserFactory
from tests.justice.conftest import update
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AuditEvent
from victimcare.justice.feed import parse_update
from victimcare.justice.forms import MessageDecisionForm
from victimcare.justice.services.messages import justice_message_preview
from victimcare.justice.services.updates import justice_update_record
from victimcare.notifications.delivery import outbox_sweep
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

NFA_ENGLISH = "The police have decided to take no further action."
NFA_WELSH = "Mae'r heddlu wedi penderfynu peidio â chymryd camau pellach."


@pytest.fixture
def nfa(two_victims, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        justice_update_record(
            parse_update(update(event="no_further_action", event_at="2026-11-02T10:00"))
        )
    return two_victims["V1"]


def approval_url(case) -> str:
    message = OutboxMessage.objects.get(case=case)
    return reverse("justice:message-decide", args=[case.pk, message.pk])


def welsh(case) -> None:
    victim = case.referral.victim
    victim.first_language = "Welsh"
    victim.save()


def test_the_approval_page_shows_the_exact_english_words_and_the_channel(client, vco, nfa):
    client.force_login(vco)
    page = client.get(approval_url(nfa)).content.decode()
    assert "Check the message before it goes" in page
    assert NFA_ENGLISH in page
    assert 'data-testid="message-language">English<' in page
    assert "Email" in page


def test_a_welsh_speaking_victims_message_is_shown_in_welsh(client, vco, nfa):
    welsh(nfa)
    client.force_login(vco)
    page = client.get(approval_url(nfa)).content.decode()
    assert NFA_WELSH in html.unescape(page)
    assert NFA_ENGLISH not in page
    assert 'data-testid="message-language">Welsh<' in page
    assert 'lang="cy"' in page


def test_the_edited_words_are_audited_and_are_what_the_victim_receives(
    client, vco, nfa, sent_file, django_capture_on_commit_callbacks
):
    client.force_login(vco)
    edited = "We have news about your case. Please call Priya on the usual number."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            approval_url(nfa),
            {"decide-decision": "approve", "decide-text": f"  {edited}\n"},
            follow=True,
        )
    assert "Message approved: it will be sent to the victim by email" in response.content.decode()
    outbox_sweep()  # what the worker does
    [sent] = sent_file()
    assert sent["personalisation"]["message"] == edited
    message = OutboxMessage.objects.get(case=nfa)
    assert (message.status, message.text, message.decided_by) == ("sent", edited, vco)
    edit = AuditEvent.objects.get(action="justice.message_edited")
    assert edit.data == {"message_id": message.pk, "welsh": False}  # never the words


def test_approving_the_words_as_shown_sends_them_and_is_no_edit(
    client, vco, nfa, sent_file, django_capture_on_commit_callbacks
):
    welsh(nfa)
    client.force_login(vco)
    page = client.get(approval_url(nfa)).content.decode()
    assert NFA_WELSH in html.unescape(page)
    message = OutboxMessage.objects.get(case=nfa)
    shown = justice_message_preview(case=nfa, message=message).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approval_url(nfa), {"decide-decision": "approve", "decide-text": shown})
    outbox_sweep()
    [sent] = sent_file()
    assert sent["personalisation"]["message"] == shown
    assert shown.startswith(NFA_WELSH)
    assert not AuditEvent.objects.filter(action="justice.message_edited").exists()
    assert AuditEvent.objects.filter(action="justice.message_approved").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"decide-decision": "approve", "decide-text": "Hello\x00there"},
            "The message, in English contains a null character",
        ),
        (
            {"decide-decision": "approve", "decide-text": "x" * 901},
            "The message must be 900 characters or fewer (it has 901)",
        ),
        (
            {"decide-decision": "approve", "decide-text": "   "},
            "Enter the message to send, or choose not to send it",
        ),
        (
            {"decide-decision": "maybe", "decide-text": "Hello"},
            "Choose whether to send the message",
        ),
        (
            {"decide-decision": ["approve", "withhold"], "decide-reason": "r" * 1001},
            "Why not must be 1,000 characters or fewer",
        ),
    ],
)
def test_hostile_input_is_refused_with_the_field_and_the_reason(client, vco, nfa, data, error):
    client.force_login(vco)
    response = client.post(approval_url(nfa), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    message = OutboxMessage.objects.get(case=nfa)
    assert (message.status, message.text) == ("awaiting", None)


def test_a_lone_surrogate_is_refused_by_the_form_naming_the_field():
    # What a browser cannot send over HTTP (UTF-8 has no lone surrogate) a script could.
    form = MessageDecisionForm(
        {"decide-decision": "approve", "decide-text": "Hi \ud83d"}, prefix="decide"
    )
    assert not form.is_valid()
    assert form.errors["text"][0].startswith("The message contains a broken character")


def test_another_teams_officer_cannot_see_the_words(client, nfa, riverside):
    other = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=riverside, organisation=riverside.organisation
    )
    client.force_login(other)
    assert client.get(approval_url(nfa)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_approved_words_outside_any_test_transaction(
    client, vco, two_victims, sent_file
):
    with transaction.atomic():  # as the API and the import run it
        justice_update_record(
            parse_update(update(event="no_further_action", event_at="2026-11-02T10:00"))
        )
    case = two_victims["V1"]
    client.force_login(vco)
    client.post(approval_url(case), {"decide-decision": "approve", "decide-text": "Edited words"})
    outbox_sweep()
    outbox_sweep()  # a second sweep (or a resend) never sends it again
    assert [m["personalisation"]["message"] for m in sent_file()] == ["Edited words"]
    assert OutboxMessage.objects.get(case=case).attempts == 1


def test_words_that_are_too_long_are_told_once_not_also_as_missing(client, vco, nfa):
    client.force_login(vco)
    page = client.post(
        approval_url(nfa), {"decide-decision": "approve", "decide-text": "x" * 2000}
    ).content.decode()
    assert "The message must be 900 characters or fewer (it has 2000)" in page
    assert "Enter the message to send" not in page


def test_the_banner_names_a_text_message_in_words(client, vco, nfa):
    case = nfa
    case.agreed_channel = "sms"
    case.save()
    victim = case.referral.victim
    victim.email = ""
    victim.save()
    client.force_login(vco)
    done = client.post(
        approval_url(case), {"decide-decision": "approve"}, follow=True
    ).content.decode()
    assert "Message approved: it will be sent to the victim by text message" in done
    assert "by sms" not in done
