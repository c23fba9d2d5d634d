"""The satisfaction survey by single-use link, and complaints from the portal to staff."""

import logging
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.assessments.services import needs_assessment_save
from victimcare.cases.models import OutcomeArea
from victimcare.directory.needs import NEED_CATEGORIES
from victimcare.entitlements.working_days import add_working_days
from victimcare.feedback.models import Complaint, SurveyInvitation, SurveyResponse
from victimcare.journeys.closure import case_close
from victimcare.notifications.delivery import outbox_deliver
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

ANSWERS = {
    "treated_with_respect": "5",
    "support_as_agreed": "4",
    "coordinated_and_effective": "4",
    "overall": "5",
    "comments": "Kind and quick",
}


def closed_case(vco):
    case = CaseFactory(team=vco.team, status="closing", referral__person__email="a@example.org")
    needs = {c: ("low", "") for c, _ in NEED_CATEGORIES}
    needs_assessment_save(case=case, stage="first", answers=needs, actor=vco)
    needs_assessment_save(case=case, stage="exit", answers=needs, actor=vco)
    case_close(
        case=case,
        outcomes=dict.fromkeys(OutcomeArea.values, "improved"),
        reason="support_complete",
        actor=vco,
    )
    return case


def test_closing_sends_a_single_use_survey_link_that_works_once(client, vco, caplog) -> None:
    case = closed_case(vco)
    invitation = SurveyInvitation.objects.get(case=case)
    message = OutboxMessage.objects.get(kind="survey_invitation")
    with caplog.at_level(logging.INFO, logger="victimcare.notifications.messages"):
        outbox_deliver(message_id=message.pk)
    assert "a@example.org" not in caplog.text and invitation.token not in caplog.text

    url = reverse("feedback:survey", args=[invitation.token])
    assert "Tell us about the support you got" in client.get(url).content.decode()
    missing = client.post(url, {"comments": "x"})
    assert "Select how satisfied you are with the support overall" in missing.content.decode()
    thanks = client.post(url, ANSWERS)
    assert "We have your answers" in thanks.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.overall, response.comments) == (5, "Kind and quick")
    again = client.get(url)
    unknown = client.get(reverse("feedback:survey", args=["no-such-token"]))
    assert again.status_code == unknown.status_code == 404

    # Nothing tells a used link from a made-up one (apart from the address itself, which
    # the page repeats for the language switch, and the form token).
    def same(html: bytes) -> bytes:
        html = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
        return re.sub(rb'name="next" value="[^"]+"', b"", html)

    assert same(again.content) == same(unknown.content)


def test_a_complaint_is_acknowledged_and_listed_with_its_deadline(client, northgate) -> None:
    empty = client.post(reverse("feedback:complain"), {"name": ""})
    assert "Tell us what your complaint is about" in empty.content.decode()
    sent = client.post(
        reverse("feedback:complain"),
        {"name": "Gwen Jones", "email": "gwen@example.org", "about": "Nobody called me back"},
    )
    complaint = Complaint.objects.get()
    assert complaint.respond_by == add_working_days(timezone.localdate(), 20)
    page = client.get(sent["Location"]).content.decode()
    assert complaint.reference in page and "We have sent you an acknowledgement" in page
    assert OutboxMessage.objects.get().kind == "complaint_acknowledgement"

    leader = UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    client.force_login(leader)
    assert complaint.reference in client.get(reverse("feedback:complaints")).content.decode()
    client.post(
        reverse("feedback:complaint", args=[complaint.pk]),
        {"response": "Apologised and arranged a call"},
    )
    complaint.refresh_from_db()
    assert complaint.status == "resolved" and complaint.resolved_by == leader

    client.force_login(UserFactory(role=Role.VICTIM_CARE_OFFICER, team=northgate))
    assert client.get(reverse("feedback:complaints")).status_code == 403
