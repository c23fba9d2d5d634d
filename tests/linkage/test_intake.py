"""Linkage at intake: a misspelled repeat joins the known person (and a third report in a
year makes them persistently targeted); a relative at the same address stays apart; a
borderline pair waits for an officer."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import CaseFactory, UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file
from victimcare.intake.receive import referral_receive_direct
from victimcare.linkage.models import LinkCandidate, PersonMerge
from victimcare.linkage.services import candidate_decide, people_unmerge
from victimcare.people.models import Person
from victimcare.referrals.models import Channel, Referral

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> str:
    return (timezone.now() - datetime.timedelta(days=n)).isoformat(timespec="minutes")


def test_intake_joins_repeats_keeps_relatives_apart_and_queues_the_unsure(
    index, write_csv, vco
) -> None:
    first, again, mother, daughter = index
    CaseFactory(
        team=vco.team,
        referral__person=first,
        referral__reported_at=timezone.now() - datetime.timedelta(days=60),
    )
    CaseFactory(
        team=vco.team,
        referral__person=again,
        referral__reported_at=timezone.now() - datetime.timedelta(days=30),
    )
    call_command("train_linkage", verbosity=0)
    call_command("dedupe_people", "--no-progress", verbosity=0)
    candidate_decide(
        candidate=LinkCandidate.objects.get(left=first, right=again), same_person=True, actor=vco
    )
    assert first.referrals.count() == 2

    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    # The same victim a third time this year, her name misspelled, a new address.
                    row(
                        crime_reference="CR/3",
                        given_name="Lizzie",
                        family_name="Hartlee",
                        date_of_birth="1986-03-14",
                        postcode="BS2 9ZZ",
                        phone="07700 900123",
                        email="liz.hartley@example.org",
                        reported_at=days_ago(1),
                    ),
                    # Her sister-in-law at the mother and daughter's address: someone else.
                    row(
                        crime_reference="CR/4",
                        given_name="Ruth",
                        family_name="Okafor",
                        date_of_birth="1971-06-30",
                        postcode="BS3 4AB",
                        address_line_1="7 Quay Street",
                        phone="",
                        email="",
                        reported_at=days_ago(1),
                    ),
                    # Her name, a date of birth a month out, another postcode, no phone or email:
                    # unsure. (With her postcode too it would be her, from the name's rarity.)
                    row(
                        crime_reference="CR/5",
                        given_name="Elizabeth",
                        family_name="Hartley",
                        date_of_birth="1986-04-14",
                        postcode="BS16 2QP",
                        phone="",
                        email="",
                        reported_at=days_ago(1),
                    ),
                ]
            )
        )
    )
    unsure = Referral.objects.get(crime_reference="CR/5").person
    assert unsure.merged_into_id is None
    waiting = LinkCandidate.objects.get(left=first, right=unsure, status="pending")
    assert 0.5 <= waiting.probability < 0.99

    third = Referral.objects.get(crime_reference="CR/3")
    assert third.person_id == first.pk  # joined (a merge an officer can undo)
    assert "persistently_targeted" in third.entitlement_reason_codes
    assert third.entitlement_level == "enhanced"
    ruth = Referral.objects.get(crime_reference="CR/4").person
    assert ruth.merged_into_id is None and ruth.pk not in (mother.pk, daughter.pk)
    assert not LinkCandidate.objects.filter(left=ruth).exists()
    assert not LinkCandidate.objects.filter(right=ruth).exists()


def test_nothing_links_before_a_model_is_trained(index, write_csv) -> None:
    first, *_ = index
    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        crime_reference="CR/9",
                        given_name="Elizabeth",
                        family_name="Hartley",
                        date_of_birth="1986-03-14",
                        postcode="BS5 6XR",
                        phone="07700 900123",
                        email="liz.hartley@example.org",
                    ),
                ]
            )
        )
    )
    assert Referral.objects.get(crime_reference="CR/9").person_id != first.pk
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_a_joined_repeat_goes_back_to_her_officer_and_her_third_vehicle_crime_is_referred(
    index, write_csv, northgate, vco
) -> None:
    first, *_ = index
    free = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=northgate, organisation=northgate.organisation
    )
    for days in (60, 30):  # vco supported her twice this year
        CaseFactory(
            team=northgate,
            officer=vco,
            referral__person=first,
            referral__reported_at=timezone.now() - datetime.timedelta(days=days),
        )
    call_command("train_linkage", verbosity=0)

    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    # Her car broken into: not referred automatically, unless she is persistently
                    # targeted, which only linkage can tell (her name misspelled, a new address).
                    row(
                        crime_reference="CR/9",
                        given_name="Lizzie",
                        family_name="Hartlee",
                        date_of_birth="1986-03-14",
                        postcode="BS2 9ZZ",
                        phone="07700 900123",
                        email="liz.hartley@example.org",
                        reported_at=days_ago(1),
                        crime_category="Vehicle crime",
                        offence_code="045/00",
                        offence_description="Theft from a vehicle",
                        referral_consent="not_asked",
                    ),
                    # Someone new the same day: the least-loaded officer, as before.
                    row(
                        crime_reference="CR/10",
                        given_name="Tomasz",
                        family_name="Zielinski",
                        date_of_birth="1990-01-02",
                        postcode="BS1 1AA",
                        phone="",
                        email="",
                        reported_at=days_ago(1),
                    ),
                ]
            )
        )
    )

    case = Case.objects.select_related("referral").get(referral__crime_reference="CR/9")
    assert case.person_id == first.pk
    assert case.referral.entitlement_level == "enhanced"
    assert case.referral.auto_referral == "refer"
    assert "persistently targeted" in case.referral.auto_referral_reason
    assert case.triage == "refer"  # now in the triage queue's contact list
    assert case.officer == vco
    assert case.allocation_reason.endswith("(found by repeat-victim linkage)")
    assert AuditEvent.objects.filter(
        action="case.allocated", object_id=str(case.pk), actor_label="linkage"
    ).exists()
    stranger = Case.objects.get(referral__crime_reference="CR/10")
    assert stranger.officer == free

    # A wrong join undone: her record, entitlement and officer exactly as before linkage.
    before = {"level": "standard", "route": "not_automatic"}
    [merge] = [m for m in PersonMerge.objects.all() if case.referral.pk in m.moved["referrals"]]
    people_unmerge(merge=merge, actor=vco)
    case.refresh_from_db()
    case.referral.refresh_from_db()
    assert case.person_id != first.pk and case.referral.person_id == case.person_id
    assert case.referral.entitlement_level == before["level"]
    assert case.referral.auto_referral == before["route"]
    assert case.triage == before["route"]
    assert "persistently_targeted" not in case.referral.entitlement_reason_codes
    assert case.officer is None and case.allocation_reason == ""
    undone = AuditEvent.objects.filter(
        action="case.allocated", object_id=str(case.pk), actor=vco
    ).get()
    assert undone.data["officer_id"] is None and undone.data["from_officer_id"] == vco.pk


def test_a_partner_referral_of_a_known_victim_joins_her(index, northgate) -> None:
    first, *_ = index
    call_command("train_linkage", verbosity=0)
    referral = referral_receive_direct(
        values=row(
            source="womens-aid",
            crime_reference="PR-ABCDEF",
            given_name="Beth",
            family_name="Hartley",
            date_of_birth="1986-03-14",
            postcode="BS5 6XR",
            phone="07700 900123",
            email="",
            reported_at=days_ago(1),
        ),
        channel=Channel.PARTNER,
        actor_label="partner form",
    )
    assert referral.person_id == first.pk
    assert referral.case.person_id == first.pk
