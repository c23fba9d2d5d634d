"""Complaints say honestly whether a reply can be sent; each survey error names its question."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import SurveyInvitationFactory, UserFactory
from tests.portal.test_welsh import to_welsh
from victimcare.accounts.capabilities import Role
from victimcare.feedback.forms import ComplaintForm, SurveyForm
from victimcare.feedback.models import Complaint
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

COMPLAINT = {"name": "Seren Pryce", "about": "Nobody called me back"}


def test_a_complaint_with_no_way_to_reply_asks_for_one_or_for_no_reply(client) -> None:
    page = client.post(reverse("feedback:complain"), COMPLAINT).content.decode()
    assert "Enter an email address or phone number so that we can reply" in page
    assert not Complaint.objects.exists()


def test_a_complaint_without_a_reply_says_no_reply_can_be_sent(client) -> None:
    sent = client.post(reverse("feedback:complain"), {**COMPLAINT, "no_reply": "on"})
    page = client.get(sent["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.reference in page
    assert "we cannot send you a reply" in page
    assert "We will reply by" not in page
    assert not OutboxMessage.objects.exists()


def test_a_complaint_with_a_phone_number_promises_a_reply_by_a_date(client) -> None:
    sent = client.post(reverse("feedback:complain"), {**COMPLAINT, "phone": "07700 900123"})
    page = client.get(sent["Location"]).content.decode()
    assert re.search(r"We will reply by \w+ \d+ \w+ \d{4}", page)
    assert "cannot send you a reply" not in page


def test_the_reply_date_is_in_welsh_on_the_welsh_page(client) -> None:
    to_welsh(client, reverse("feedback:complain"))
    sent = client.post(reverse("feedback:complain"), {**COMPLAINT, "email": "s@example.org"})
    page = client.get(sent["Location"]).content.decode()
    assert re.search(r"Dydd \w+ \d+ \w+ \d{4}", page), page


@pytest.mark.parametrize(
    "no_reply",
    ["", "false", "<script>alert(1)</script>", "on\x00", "x" * 10_000],
)
def test_hostile_no_reply_values_never_crash_and_never_skip_the_check(no_reply: str) -> None:
    form = ComplaintForm({**COMPLAINT, "no_reply": no_reply})
    valid = form.is_valid()
    # Django reads any non-empty value other than "false" as ticked, but a control character
    # is refused like in every typed field; a form with no way to reply and no tick is refused.
    assert valid == (no_reply not in ("", "false", "on\x00"))
    if not valid:
        assert "email" in form.errors or "no_reply" in form.errors


def test_each_survey_error_names_its_question() -> None:
    form = SurveyForm({"comments": "x"})
    with translation.override("en-gb"):
        assert not form.is_valid()
        errors = {name: str(form.errors[name][0]) for name in form.errors}
    assert set(errors) == {
        "treated_with_respect",
        "support_as_agreed",
        "coordinated_and_effective",
        "overall",
    }
    assert len(set(errors.values())) == 4  # four different errors, not "Choose an answer" x4
    assert "sensitivity and respect" in errors["treated_with_respect"]
    assert "what was agreed" in errors["support_as_agreed"]
    assert "joined up" in errors["coordinated_and_effective"]
    assert "overall" in errors["overall"]


def test_the_survey_page_lists_the_named_errors(client) -> None:
    invitation = SurveyInvitationFactory(token="t" * 32)
    page = client.post(reverse("feedback:survey", args=[invitation.token]), {}).content.decode()
    assert "Choose an answer" not in page
    assert page.count("Select how satisfied you are") >= 8  # in the summary and at each question


def test_a_complaint_with_no_reply_wanted_needs_no_name(client) -> None:
    """Someone who wants no reply need not say who they are; the page says no reply comes."""
    sent = client.post(
        reverse("feedback:complain"), {"about": "Nobody called me back", "no_reply": "on"}
    )
    assert sent.status_code == 302, sent.content.decode()[:3000]
    page = client.get(sent["Location"]).content.decode()
    complaint = Complaint.objects.get()
    assert complaint.name == "" and complaint.reference in page
    assert "we cannot send you a reply" in page and "We will reply by" not in page
    assert not OutboxMessage.objects.exists()


def test_an_email_with_no_reply_wanted_is_asked_about_never_silently_dropped(client) -> None:
    page = client.post(
        reverse("feedback:complain"),
        {"about": "Nobody called me back", "email": "s@example.org", "no_reply": "on"},
    ).content.decode()
    assert "also said you do not want a reply: remove them, or untick" in html.unescape(page)
    assert "Enter your name" not in page  # one problem, said once
    assert not Complaint.objects.exists() and not OutboxMessage.objects.exists()


def test_the_complaints_team_is_told_when_no_reply_can_be_sent(client, northgate):
    client.post(reverse("feedback:complain"), {"about": "Nobody called me back", "no_reply": "on"})
    complaint = Complaint.objects.get()
    handler = UserFactory(
        role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation
    )
    client.force_login(handler)
    page = client.get(reverse("feedback:complaint", args=[complaint.pk])).content.decode()
    assert "No reply can be sent: they gave no email address or phone number" in page
