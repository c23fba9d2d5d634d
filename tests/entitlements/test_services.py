"""Entitlements worked out at intake, from the hub's own records and configuration."""

import pytest

from tests.factories import UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AuditEvent
from victimcare.entitlements.rules import RuleValues
from victimcare.entitlements.selectors import current_rule_values
from victimcare.entitlements.services import rule_configuration_update
from victimcare.intake.importing import feed_import_file
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_the_third_incident_in_twelve_months_makes_a_persistently_targeted_victim(
    write_csv, northgate
) -> None:
    rows = [
        row(crime_reference="CR/1", reported_at="2025-05-01T10:00"),  # outside 12 months of CR/4
        row(crime_reference="CR/2", reported_at="2025-09-01T10:00", given_name="AMELIA"),
        row(
            crime_reference="CR/3",
            reported_at="2026-01-10T10:00",
            family_name="Hart ",
            postcode="BS2 1AA",
        ),
        row(crime_reference="CR/4", reported_at="2026-06-01T10:00"),
        row(
            crime_reference="CR/5",
            reported_at="2026-06-02T10:00",
            date_of_birth="1990-01-01",
            postcode="BS9 9ZZ",
        ),
    ]
    feed_import_file(path=write_csv(feed_csv(rows)))
    levels = {r.crime_reference: r.entitlement_reason_codes for r in Referral.objects.all()}
    assert levels["CR/1"] == []
    assert levels["CR/2"] == []
    assert levels["CR/3"] == ["persistently_targeted"]  # CR/1, CR/2, CR/3 (same name and DOB)
    assert levels["CR/4"] == ["persistently_targeted"]  # CR/2, CR/3, CR/4
    assert levels["CR/5"] == []  # another Amelia Hart: other birthday, other postcode
    again = feed_import_file(path=write_csv(feed_csv(rows), "again.csv"))
    assert again.unchanged == 5


def test_changing_the_rule_values_is_audited_and_used_by_the_next_import(
    write_csv, northgate
) -> None:
    admin = UserFactory(role=Role.ADMINISTRATOR)
    assert current_rule_values() == RuleValues()
    rule_configuration_update(actor=admin, values=RuleValues(update_working_days_standard=3))
    assert current_rule_values().update_working_days_standard == 3
    event = AuditEvent.objects.get(action="entitlements.rules_changed")
    assert event.actor == admin
    assert event.data == {"changed": {"update_working_days_standard": {"from": 5, "to": 3}}}
    feed_import_file(path=write_csv(feed_csv([row()])))
    assert Referral.objects.get().update_within_working_days == 3


def test_a_father_and_son_with_one_name_at_one_address_are_not_counted_as_one_victim(
    write_csv, northgate
) -> None:
    father = dict(
        given_name="David", family_name="Lowe", postcode="BS5 6XR", address_line_1="12 Mill Lane"
    )
    rows = [
        row(
            crime_reference="CR/1",
            reported_at="2026-01-05T10:00",
            date_of_birth="1961-04-02",
            **father,
        ),
        row(
            crime_reference="CR/2",
            reported_at="2026-02-05T10:00",
            date_of_birth="1991-08-19",
            **father,
        ),
        row(
            crime_reference="CR/3",
            reported_at="2026-03-05T10:00",
            date_of_birth="1961-04-02",
            **father,
        ),
        row(crime_reference="CR/4", reported_at="2026-04-05T10:00", date_of_birth="", **father),
    ]
    feed_import_file(path=write_csv(feed_csv(rows)))
    levels = {r.crime_reference: r.entitlement_reason_codes for r in Referral.objects.all()}
    # Two reports of the father, one of the son, one with no date of birth: nobody's third.
    assert all(codes == [] for codes in levels.values()), levels
