"""A police resend landing while an officer has the victim's details page open (ADR 71):
the officer's save writes only what they changed from what the page showed, so the force's
newer value stays, is not marked as the hub's, and a later resend of it changes nothing.
Intake runs outside a test transaction in production, so these tests do too."""

import html
import re

import pytest
from django.urls import reverse

from tests.referrals.feed_helpers import feed_csv, row
from victimcare.audit.models import AuditEvent
from victimcare.intake.importing import feed_import_file
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)


def held() -> Referral:
    return Referral.objects.select_related("victim", "case").get(crime_reference="CR/26/000001")


def resend(write_csv, name, **overrides):
    return feed_import_file(path=write_csv(feed_csv([row(**overrides)]), name))


def page_form(client, case) -> dict[str, str]:
    """The form as the page renders it: every input's name and value."""
    page = client.get(reverse("cases:victim-details", args=[case.pk])).content.decode()
    inputs = re.findall(r"<input\b[^>]*>", page)
    values = {}
    for tag in inputs:
        name, value = re.search(r'name="([^"]*)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and 'type="radio"' not in tag:
            values[name.group(1)] = html.unescape(value.group(1)) if value else ""
    values.pop("csrfmiddlewaretoken", None)
    return values


def test_a_resend_while_the_form_is_open_is_not_undone_by_the_officers_save(client, write_csv, vco):
    resend(write_csv, "first.csv", phone="07700 900123")
    case = held().case
    client.force_login(vco)
    form = page_form(client, case)  # the officer opens the page
    assert form["phone"] == "+447700900123" and form["shown"]

    resend(write_csv, "newer.csv", phone="07700 900789")  # the force's newer number lands
    assert held().victim.phone == "+447700900789"

    form.update(address_line_1="9 New Road", reason="victim_told_us")  # only line 1 changes
    response = client.post(reverse("cases:victim-details", args=[case.pk]), form)

    assert response.status_code == 302
    victim = held().victim
    assert (victim.address_line_1, victim.phone) == ("9 New Road", "+447700900789")
    assert set(victim.hub_corrected) == {"address_line_1"}  # the phone is still the force's
    event = AuditEvent.objects.get(action="referral.victim_changed")
    assert event.data["victim_fields"] == ["address_line_1"]
    again = resend(write_csv, "again.csv", phone="07700 900789")
    assert again.unchanged == 1
    back = resend(write_csv, "back.csv", phone="07700 900123")  # the force's old number
    assert back.updated == 1 and held().victim.phone == "+447700900123"


def test_a_form_without_what_it_showed_is_refused_as_out_of_date(client, write_csv, vco):
    resend(write_csv, "first.csv")
    case = held().case
    client.force_login(vco)
    form = page_form(client, case)
    form.update(shown="forged", town="Bath", reason="victim_told_us")
    response = client.post(reverse("cases:victim-details", args=[case.pk]), form)
    assert response.status_code == 200
    assert "The page was out of date" in response.content.decode()
    assert held().victim.town != "Bath"
