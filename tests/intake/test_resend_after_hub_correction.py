"""A police resend after an officer changed the victim's details (ADR 71): the force's next
ordinary copy of what it sent before neither undoes the hub's change nor is refused as
naming another victim; a value the force sends anew is newer and applies; a stranger is
still refused. Intake runs outside a test transaction in production, so these tests do too."""

import datetime

import pytest

from tests.referrals.feed_helpers import feed_csv, row
from victimcare.audit.models import AuditEvent
from victimcare.cases.services.victim import victim_details_change
from victimcare.intake.importing import feed_import_file
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)


def held() -> Referral:
    return Referral.objects.select_related("victim", "person", "case").get(
        crime_reference="CR/26/000001"
    )


def change(vco, reason="victim_told_us", **changes):
    case = held().case
    return victim_details_change(
        case=case, changes=changes, reason=reason, actor=vco, expected_version=case.version
    )


def resend(write_csv, name="resend.csv", **overrides):
    return feed_import_file(path=write_csv(feed_csv([row(**overrides)]), name))


def test_the_forces_ordinary_resend_keeps_the_officers_new_phone_and_address(write_csv, vco):
    resend(write_csv, "first.csv")
    change(vco, phone="+447700900456", address_line_1="9 New Road", postcode="BS2 8AA")

    run = resend(write_csv)  # the force sends exactly what it sent the first time

    assert (run.updated, run.unchanged, run.rejected) == (0, 1, 0)
    after = held()
    assert (after.victim.phone, after.victim.address_line_1) == ("+447700900456", "9 New Road")
    assert after.victim.postcode == after.person.postcode == "BS2 8AA"
    assert after.person.phone == "+447700900456"
    assert not AuditEvent.objects.filter(action="referral.updated").exists()


def test_a_name_and_date_of_birth_the_officer_corrected_are_not_refused_on_resend(write_csv, vco):
    resend(write_csv, "first.csv")
    # The force keyed the wrong names and date of birth; the victim told the officer.
    change(
        vco,
        reason="keying_mistake",
        given_name="Grace",
        family_name="Okafor",
        date_of_birth=datetime.date(1979, 11, 3),
    )

    run = resend(write_csv)

    assert (run.updated, run.unchanged, run.rejected) == (0, 1, 0)
    victim = held().victim
    assert (victim.given_name, victim.family_name) == ("Grace", "Okafor")
    assert victim.date_of_birth == datetime.date(1979, 11, 3)
    assert not AuditEvent.objects.filter(action="referral.resend_refused").exists()


def test_a_value_the_force_sends_anew_is_newer_than_the_correction_and_applies(write_csv, vco):
    resend(write_csv, "first.csv")
    change(vco, phone="+447700900456")

    run = resend(write_csv, phone="07700 900789")  # the victim told the police later

    assert run.updated == 1
    assert held().victim.phone == "+447700900789"
    event = AuditEvent.objects.get(action="referral.updated")
    assert event.data["victim_fields"] == ["phone"]
    again = resend(write_csv, "again.csv", phone="07700 900789")
    assert again.unchanged == 1  # the force's value now held: nothing to change
    back = resend(write_csv, "back.csv")  # the force's first value, sent again
    assert back.updated == 1 and held().victim.phone == "+447700900123"


def test_a_stranger_under_the_key_is_still_refused_after_a_correction(write_csv, vco):
    resend(write_csv, "first.csv")
    change(vco, reason="keying_mistake", given_name="Amelie")

    run = resend(write_csv, given_name="Kwame", family_name="Mensah", date_of_birth="2001-07-30")

    assert run.rejected == 1
    assert held().victim.given_name == "Amelie"
    # Nor can the force walk the hub's victim into a stranger from the corrected name.
    run = resend(write_csv, "walk.csv", given_name="Kwame", family_name="Mensah")
    assert run.rejected == 1


def test_an_officers_date_of_birth_keeps_its_entitlement_through_a_resend(write_csv, vco):
    resend(write_csv, "first.csv", reported_at="2026-03-16T09:30")
    change(vco, reason="keying_mistake", date_of_birth=datetime.date(2010, 5, 2))
    assert held().entitlement_level == "enhanced"  # under 18 when the crime was reported

    run = resend(write_csv, reported_at="2026-03-16T09:30")

    assert run.unchanged == 1
    assert held().entitlement_level == "enhanced"


def test_a_postcode_the_officer_corrected_never_moves_the_new_case_on_resend(
    write_csv, vco, riverside
):
    resend(write_csv, "first.csv")
    change(vco, postcode="BA1 1AA")  # the victim moved into another hub's area
    referral = held()
    assert referral.case.status == "new"
    assert (referral.postcode_district, referral.team, referral.case.team) == (
        "BA1",
        vco.team,
        vco.team,
    )

    run = resend(write_csv)  # the force's ordinary resend of its old postcode

    assert (run.updated, run.unchanged) == (0, 1)
    after = held()
    assert (after.team, after.case.team, after.victim.postcode) == (vco.team, vco.team, "BA1 1AA")
    assert not after.out_of_area
    moved = resend(write_csv, "moved.csv", postcode="BA1 2BB")  # the force's own new address
    assert moved.updated == 1
    assert held().team == riverside  # a copy's own new postcode routes as before
