"""What officers decide on the justice page, and what the victim then sees and receives."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.justice.conftest import update
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import CaseNote, TaskKind
from victimcare.justice.feed import parse_update
from victimcare.justice.models import CourtSupport, RestorativeJustice, RightToReview
from victimcare.justice.selectors import shareable_updates
from victimcare.justice.services.updates import justice_update_record
from victimcare.notifications.delivery import outbox_deliver, outbox_sweep
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def nfa(two_victims, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        justice_update_record(
            parse_update(update(event="no_further_action", event_at="2026-11-02T10:00"))
        )
    return two_victims["V1"]


def decide(client, case, **data):
    message = OutboxMessage.objects.get(case=case)
    url = reverse("justice:message-decide", args=[case.pk, message.pk])
    return client.post(url, {f"decide-{k}": v for k, v in data.items()})


def test_an_officer_approves_a_sensitive_message_and_the_victim_then_sees_it(
    client, vco, nfa, sent_file, django_capture_on_commit_callbacks
) -> None:
    client.force_login(vco)
    page = client.get(reverse("justice:case", args=[nfa.pk])).content.decode()
    assert "Waiting for an officer to approve it" in page
    assert "no further action will be taken" in page.lower()
    assert shareable_updates(nfa, welsh=False) == []
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, nfa, decision="approve")
    assert response.status_code == 302
    outbox_sweep()  # what the worker does with each queued message
    [sent] = sent_file()
    assert sent["record"] == f"case {nfa.pk}"
    assert "right to ask for this decision to be reviewed" in sent["personalisation"]["message"]
    message = OutboxMessage.objects.get(case=nfa)
    assert (message.status, message.decided_by) == ("sent", vco)
    [(day, text)] = shareable_updates(nfa, welsh=True)
    assert day == datetime.date(2026, 11, 2) and text.startswith("Mae'r heddlu wedi penderfynu")
    assert AuditEvent.objects.filter(action="justice.message_approved").exists()


def test_a_withheld_message_is_never_sent_and_its_duty_stays_open(
    client, vco, nfa, sent_file
) -> None:
    client.force_login(vco)
    refused = decide(client, nfa, decision="withhold")
    assert refused.status_code == 200
    assert "Enter why the message should not be sent" in refused.content.decode()
    decide(client, nfa, decision="withhold", reason="She asked to hear this in person")
    message = OutboxMessage.objects.get(case=nfa)
    assert message.status == "withheld"
    outbox_deliver(message_id=message.pk)
    assert sent_file() == []
    assert nfa.tasks.get(kind=TaskKind.TELL_VICTIM).is_open
    assert CaseNote.objects.get(case=nfa).text.endswith("She asked to hear this in person")
    again = decide(client, nfa, decision="approve")
    assert "no longer waiting for a decision" in again.content.decode()


def test_a_victim_whose_phone_is_unsafe_never_gets_a_text(
    two_victims, sent_file, django_capture_on_commit_callbacks
) -> None:
    case = two_victims["V2"]
    case.no_sms = True
    case.save()
    victim = case.referral.victim  # the case's own contact details (ADR 38)
    victim.email = ""
    victim.preferred_contact = "sms"
    victim.save()
    with django_capture_on_commit_callbacks(execute=True):
        justice_update_record(parse_update(update(event="suspect_arrested")))
    outbox_sweep()  # what the worker does with each queued message
    assert [m["record"] for m in sent_file()] == [f"case {two_victims['V1'].pk}"]
    message = OutboxMessage.objects.get(case=case)
    assert (message.status, message.channel) == ("not_sent", "")
    assert message.last_error == "no channel the victim's safe-contact rules allow"
    assert case.tasks.get(kind=TaskKind.TELL_VICTIM).is_open  # the officer must do it


def test_the_victims_preferred_channel_is_used_when_it_is_safe(
    two_victims, sent_file, django_capture_on_commit_callbacks
) -> None:
    victim = two_victims["V2"].referral.victim  # the case's own contact details (ADR 38)
    victim.preferred_contact = "sms"
    victim.save()
    with django_capture_on_commit_callbacks(execute=True):
        justice_update_record(parse_update(update(event="suspect_arrested")))
    outbox_sweep()  # what the worker does with each queued message
    channels = {m["record"]: m["channel"] for m in sent_file()}
    assert channels == {
        f"case {two_victims['V2'].pk}": "sms",
        f"case {two_victims['V1'].pk}": "email",
    }


def test_court_support_records_the_statement_and_meets_the_offer(client, vco, two_victims) -> None:
    case = two_victims["V1"]
    justice_update_record(parse_update(update(event="suspect_charged")))
    client.force_login(vco)
    response = client.post(
        reverse("justice:court", args=[case.pk]),
        {
            "court-personal_statement": "made",
            "court-special_measures": "applied_for",
            "court-pre_trial_visit": "not_offered",
        },
    )
    assert response.status_code == 302
    assert CourtSupport.objects.get(case=case).personal_statement == "made"
    vps = case.tasks.get(kind=TaskKind.VPS_OFFER)
    assert vps.done_by == vco and vps.outcome == "Victim Personal Statement: made"
    assert case.tasks.get(kind=TaskKind.SPECIAL_MEASURES).outcome == "Special measures: applied for"


def test_a_review_request_brings_its_deadlines_and_the_decision_meets_one(client, vco, nfa) -> None:
    client.force_login(vco)
    review = RightToReview.objects.get(case=nfa)
    url = reverse("justice:review-request", args=[nfa.pk, review.pk])
    late = client.post(url, {"review-requested_on": "2027-03-01"})
    assert "window to ask for a review closed on 2 February 2027" in late.content.decode()
    early = client.post(url, {"review-requested_on": "2026-10-30"})
    assert "cannot have asked before the decision on 2 November 2026" in early.content.decode()
    for refused in (late, early):  # at the date boxes: the summary links to them
        assert 'href="#id_review-requested_on' in refused.content.decode()
    client.post(url, {"review-requested_on": "2026-11-16"})
    acknowledge = nfa.tasks.get(kind=TaskKind.REVIEW_ACKNOWLEDGE)
    decision = nfa.tasks.get(kind=TaskKind.REVIEW_DECISION)
    assert acknowledge.due_on == datetime.date(2026, 11, 30)
    assert decision.due_on == datetime.date(2026, 12, 30)  # 25 and 28 December are holidays
    client.post(
        reverse("justice:review-decision", args=[nfa.pk, review.pk]),
        {"decision-decision": "upheld"},
    )
    decision.refresh_from_db()
    assert decision.outcome.startswith("Review decision: Decision upheld")
    review.refresh_from_db()
    assert review.decision == "upheld" and review.decided_on == timezone.localdate()


def test_restorative_justice_moves_step_by_step_with_what_each_step_needs(
    client, vco, two_victims
) -> None:
    case = two_victims["V1"]  # enhanced: information within 1 working day
    client.force_login(vco)
    client.post(reverse("justice:restorative", args=[case.pk]), {"rj-requested_on": "2026-11-20"})
    rj = RestorativeJustice.objects.get(case=case)
    info = case.tasks.get(kind=TaskKind.RJ_INFORMATION)
    assert info.due_on == datetime.date(2026, 11, 23)  # Friday to Monday
    step = reverse("justice:restorative-step", args=[case.pk, rj.pk])
    prefix = f"rj{rj.pk}"
    client.post(step, {f"{prefix}-to_status": "informed"})
    info.refresh_from_db()
    assert info.is_done
    refused = client.post(step, {f"{prefix}-to_status": "assessed"})
    assert "Say whether restorative justice is suitable and safe" in refused.content.decode()
    client.post(step, {f"{prefix}-to_status": "assessed", f"{prefix}-suitable": "yes"})
    refused = client.post(step, {f"{prefix}-to_status": "offender_asked"})
    assert "Record that the offender agreed" in refused.content.decode()
    client.post(step, {f"{prefix}-to_status": "offender_asked", f"{prefix}-offender_consent": "on"})
    client.post(
        step, {f"{prefix}-to_status": "facilitated", f"{prefix}-facilitator": "Restore Ltd"}
    )
    client.post(step, {f"{prefix}-to_status": "finished", f"{prefix}-outcome": "Conference held"})
    rj.refresh_from_db()
    assert (rj.status, rj.offender_consent, rj.facilitator) == ("finished", True, "Restore Ltd")
    skipped = client.post(step, {f"{prefix}-to_status": "informed"})
    assert skipped.status_code == 200  # no move out of finished: the form offers none
    assert list(
        AuditEvent.objects.filter(action="justice.restorative_moved")
        .order_by("pk")
        .values_list("data__to", flat=True)
    ) == ["informed", "assessed", "offender_asked", "facilitated", "finished"]
