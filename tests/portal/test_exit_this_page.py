"""Exit this page and Sign out leave nothing behind for the next person at the computer."""

import datetime
import logging
import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import CaseFactory
from victimcare.notifications.delivery import outbox_deliver
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db
DOB = datetime.date(1990, 3, 27)


def test_exit_this_page_forgets_the_unfinished_self_referral(client) -> None:
    client.post(reverse("portal:refer-name"), {"given_name": "Seren", "family_name": "Pryce"})
    client.post(reverse("portal:find-postcode"), {"postcode": "BS1 4DJ"})
    assert "Seren" in client.get(reverse("portal:refer-name")).content.decode()

    left = client.get(reverse("portal:exit"))
    assert left.status_code == 302 and left["Location"] == "https://www.bbc.co.uk/weather"
    assert left["Referrer-Policy"] == "no-referrer"
    assert "no-store" in left["Cache-Control"]
    assert not Session.objects.exists()  # deleted on the server, not only forgotten here

    page = client.get(reverse("portal:refer-name")).content.decode()
    assert "Seren" not in page and "Pryce" not in page
    assert client.get(reverse("portal:find-what-happened"))["Location"] == reverse(
        "portal:find-postcode"
    )


def test_every_portal_page_links_its_exit_button_to_the_forgetting_endpoint(client) -> None:
    for name in ("portal:home", "portal:refer-name", "feedback:track", "feedback:complain"):
        html = client.get(reverse(name)).content.decode()
        assert re.search(r'href="/exit/"[^>]*govuk-js-exit-this-page-button', html), name


@pytest.fixture
def signed_in(client, vco, caplog):
    """A victim signed in to Track my case."""
    case = CaseFactory(
        team=vco.team,
        officer=vco,
        referral__person__date_of_birth=DOB,
        referral__person__email="v@example.org",
    )
    client.post(
        reverse("feedback:track"),
        {
            "reference": case.reference,
            "dob_day": DOB.day,
            "dob_month": DOB.month,
            "dob_year": DOB.year,
        },
    )
    message = OutboxMessage.objects.get(kind="tracking_code")
    with caplog.at_level(logging.INFO, logger="victimcare.notifications.messages"):
        outbox_deliver(message_id=message.pk)
    code = re.findall(r"tracking code for case \d+ by \w+: (\d{6})", caplog.text)[-1]
    assert client.post(reverse("feedback:track-code"), {"code": code})["Location"] == reverse(
        "feedback:track-case"
    )
    return case


def test_sign_out_ends_the_tracking_session(client, signed_in) -> None:
    page = client.get(reverse("feedback:track-case"))
    assert signed_in.reference in page.content.decode() and "Sign out" in page.content.decode()
    # A link or a prefetch (GET) never signs anyone out.
    assert client.get(reverse("feedback:track-sign-out"))["Location"] == reverse(
        "feedback:track-case"
    )
    out = client.post(reverse("feedback:track-sign-out"))
    assert out["Location"] == reverse("feedback:track-signed-out")
    assert not Session.objects.exists()  # deleted on the server
    assert "You have signed out" in client.get(out["Location"]).content.decode()
    assert client.get(reverse("feedback:track-case"))["Location"] == reverse("feedback:track")


def test_exit_this_page_ends_the_tracking_session_too(client, signed_in) -> None:
    client.get(reverse("portal:exit"))
    assert client.get(reverse("feedback:track-case"))["Location"] == reverse("feedback:track")


def test_pages_holding_answers_or_a_case_are_never_stored(client, signed_in) -> None:
    for url in (
        reverse("feedback:track-case"),
        reverse("feedback:track"),
        reverse("feedback:track-code"),
        reverse("portal:refer-name"),
        reverse("portal:refer"),
        reverse("portal:find-postcode"),
        reverse("feedback:complain"),
    ):
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), url
