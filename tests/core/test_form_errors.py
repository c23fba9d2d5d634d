"""Every form speaks GOV.UK: each message names its field, in the Design System's words,
once; never Django's "Ensure this value has at most…", "Enter a valid date." or "Null
characters are not allowed." (core/form_errors.py, core/date_input.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.cases.forms import NoteForm
from victimcare.dataprotection.forms import AccessLogSearchForm, RightsRequestForm
from victimcare.feedback.forms import TrackForm
from victimcare.portal.forms import DateOfBirthForm


@pytest.fixture(autouse=True)
def _english():
    """Messages are made in the active language: these read the English ones, whatever
    language an earlier test's request left active in this thread."""
    with translation.override("en-gb"):
        yield


DJANGO_DEFAULTS = (
    "Ensure this value",
    "Enter a valid date",
    "Null characters are not allowed",
    "This field is required",
    "Enter a whole number",
)


def _messages(form) -> list[str]:
    form.is_valid()
    return [str(m) for errors in form.errors.values() for m in errors]


def test_a_too_long_answer_names_the_field_and_its_limit() -> None:
    form = RightsRequestForm(
        {
            "kind": "access",
            "case_reference": "VC-" + "X" * 40,
            "received_on-day": "1",
            "received_on-month": "1",
            "received_on-year": "2026",
            "notes": "n" * 501,
        }
    )
    messages = _messages(form)
    assert "Case reference of the person must be 16 characters or fewer" in messages
    assert "Notes (no personal details) must be 500 characters or fewer" in messages
    assert not any(d in m for m in messages for d in DJANGO_DEFAULTS)


def test_a_null_character_is_said_once_naming_the_field() -> None:
    form = RightsRequestForm(
        {
            "kind": "access",
            "case_reference": "\x00",
            "received_on-day": "1",
            "received_on-month": "1",
            "received_on-year": "2026",
        }
    )
    assert form.is_valid() is False
    assert form.errors["case_reference"] == [
        "Case reference of the person contains a null character, which cannot be saved. "
        "Delete it and try again"
    ]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Date the request was received must be a real date"),
        ("1", "x", "2026", "Date the request was received must be a real date"),
        ("1", "2", "", "Date the request was received must include a year"),
        ("", "", "2026", "Date the request was received must include a day and month"),
        ("1", "2", "26", "Year must include 4 numbers"),
    ],
)
def test_a_staff_date_says_what_is_wrong_with_it(day, month, year, message) -> None:
    form = RightsRequestForm(
        {
            "kind": "access",
            "case_reference": "VC-7K3MP-9QXDT",
            "received_on-day": day,
            "received_on-month": month,
            "received_on-year": year,
        }
    )
    assert _messages(form) == [message]


def test_every_staff_date_is_the_govuk_date_input() -> None:
    """No staff form asks for a date in one text box (the access log's filter included)."""
    from victimcare.core.date_input import GovukDateField, GovukDateInput

    for form in (AccessLogSearchForm(), RightsRequestForm()):
        for field in form.fields.values():
            if isinstance(field, GovukDateField) or "date" in str(field.label).lower():
                assert isinstance(field, GovukDateField)
                assert isinstance(field.widget, GovukDateInput)
    bad = AccessLogSearchForm(
        {"date_from-day": "30", "date_from-month": "2", "date_from-year": "2026"}
    )
    assert _messages(bad) == ["From (date) must be a real date"]


def test_a_staff_note_too_long_is_named() -> None:
    form = NoteForm({"text": "a" * 20000})
    messages = _messages(form)
    assert messages and all("characters or fewer" in m for m in messages)
    assert not any(d in m for m in messages for d in DJANGO_DEFAULTS)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "1990", "Date of birth must be a real date"),
        ("a", "3", "1990", "Date of birth must be a real date"),
        ("27", "3", "", "Date of birth must include a year"),
        ("", "3", "1990", "Date of birth must include a day"),
        ("27", "3", "90", "Year must include 4 numbers"),
        ("1", "1", "2999", "Date of birth must be in the past"),
        ("", "", "", "Enter your date of birth"),
    ],
)
@pytest.mark.parametrize("form_class", [DateOfBirthForm, TrackForm])
def test_the_date_of_birth_boxes_say_what_is_wrong(form_class, day, month, year, message) -> None:
    form = form_class(
        {"reference": "VC-7K3MP-9QXDT", "dob_day": day, "dob_month": month, "dob_year": year}
    )
    assert form.is_valid() is False
    assert [str(e) for e in form.non_field_errors()] == [message]
    assert not any(name in form.errors for name in ("dob_day", "dob_month", "dob_year"))


@pytest.mark.django_db
def test_track_my_case_refuses_a_future_date_of_birth(client) -> None:
    response = client.post(
        reverse("feedback:track"),
        {
            "reference": "VC-7K3MP-9QXDT",
            "dob_day": "1",
            "dob_month": "1",
            "dob_year": "2999",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Date of birth must be in the past" in html
    assert response.request["PATH_INFO"] == reverse("feedback:track")


@pytest.mark.django_db
def test_an_impossible_date_on_a_staff_page_names_the_field(client, northgate) -> None:
    auditor = UserFactory(role=Role.AUDITOR, organisation=northgate.organisation)
    client.force_login(auditor)
    page = client.get(
        reverse("dataprotection:access-log"),
        {
            "date_from-day": "31",
            "date_from-month": "2",
            "date_from-year": "2026",
        },
    ).content.decode()
    assert "From (date) must be a real date" in page
    assert "Enter a valid date" not in page
