"""New cases get a named officer at intake."""

import pytest

from tests.factories import UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file

pytestmark = pytest.mark.django_db


def officer(team, **fields):
    return UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=team, organisation=team.organisation, **fields
    )


def test_intake_allocates_by_skill_load_and_history(write_csv, northgate) -> None:
    busy = officer(northgate)
    polish = officer(northgate, languages=["Polish"])
    officer(northgate, takes_new_cases=False)  # on leave
    rows = [
        row(
            crime_reference="CR/1",
            given_name="Ola",
            family_name="Nowak",
            first_language="Polish",
            reported_at="2026-03-02T10:00",
        ),
        row(
            crime_reference="CR/2",
            given_name="Ann",
            family_name="Lee",
            reported_at="2026-03-03T10:00",
        ),
        row(
            crime_reference="CR/3",
            given_name="Bea",
            family_name="Moss",
            reported_at="2026-03-04T10:00",
        ),
        # Ann Lee again, same date of birth: back to her officer even though now busier.
        row(
            crime_reference="CR/4",
            given_name="Ann",
            family_name="Lee",
            reported_at="2026-03-05T10:00",
        ),
        row(
            crime_reference="CR/5", given_name="Cy", family_name="Dunn", referral_consent="declined"
        ),
    ]
    feed_import_file(path=write_csv(feed_csv(rows)))
    cases = {c.referral.crime_reference: c for c in Case.objects.select_related("referral")}

    assert cases["CR/1"].officer == polish
    assert cases["CR/1"].allocation_reason == "Least-loaded officer who speaks Polish"
    assert cases["CR/2"].officer == busy  # busy 0 cases, polish 1 after CR/1
    assert cases["CR/3"].officer == busy  # a tie (1 each) goes to the longest-serving account
    assert cases["CR/4"].officer == busy
    assert (
        cases["CR/4"].allocation_reason
        == "Repeat victim: back to the officer who supported them before"
    )
    assert cases["CR/5"].officer is None  # declined: recorded only, nobody to contact
    assert AuditEvent.objects.filter(action="case.allocated").count() == 4


def test_a_hub_can_switch_automatic_allocation_off(write_csv, northgate) -> None:
    northgate.auto_allocate = False
    northgate.save()
    officer(northgate)
    feed_import_file(path=write_csv(feed_csv([row()])))
    assert Case.objects.get().officer is None


def test_a_repeat_victim_in_a_later_delivery_goes_back_to_their_officer(
    write_csv, northgate
) -> None:
    """A later file's new referral has a new person of its own (linkage may join it later):
    intake finds the officer who supported the victim before by their exact details."""
    first, second = officer(northgate), officer(northgate)
    feed_import_file(path=write_csv(feed_csv([row(crime_reference="CR/1")]), "one.csv"))
    earlier = Case.objects.get()
    assert earlier.officer == first
    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(crime_reference="CR/2", given_name="Bea", family_name="Moss"),
                    row(crime_reference="CR/3"),  # the first victim again
                ]
            ),
            "two.csv",
        )
    )
    cases = {c.referral.crime_reference: c for c in Case.objects.select_related("referral")}
    assert cases["CR/2"].officer == second  # the least loaded
    assert cases["CR/3"].officer == first and cases["CR/3"].person_id != earlier.person_id
    assert cases["CR/3"].allocation_reason == (
        "Repeat victim: back to the officer who supported them before"
    )
