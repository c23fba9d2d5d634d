"""Through the police feed, after a model is trained: relatives sharing a home stay apart
(or wait for an officer, flagged), a misspelled repeat with a nickname and a swapped day and
month is joined, a person without a name is never joined automatically, and the import's
report counts what linkage did."""

import pytest
from django.core.management import call_command

from tests.factories import PersonFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.intake.importing import feed_import_file
from victimcare.linkage.evidence import Identity, pair_evidence
from victimcare.linkage.intake import people_link_at_intake
from victimcare.linkage.models import LinkCandidate
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db

HOME = dict(
    family_name="Pennington",
    postcode="BS4 2JQ",
    address_line_1="Flat 3, 94 Roundhay View",
    phone="",
    email="",
)


def test_relatives_stay_apart_and_a_keyed_repeat_is_joined(index, write_csv) -> None:
    known = PersonFactory(given_name="Robert", date_of_birth="1979-06-01", **HOME)
    call_command("train_linkage", verbosity=0)
    run = feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        crime_reference="CR/1",
                        given_name="Bob",
                        date_of_birth="1979-01-06",
                        family_name="Penington",
                        postcode="BS4 2JQ",
                        address_line_1="Flat 3, 94 Roundhay View",
                        phone="",
                        email="",
                    ),  # him, keyed badly
                    row(
                        crime_reference="CR/2",
                        given_name="Emily",
                        date_of_birth="1979-06-01",
                        **HOME,
                    ),
                    row(
                        crime_reference="CR/3",
                        given_name="Robert",
                        date_of_birth="2004-03-17",
                        **HOME,
                    ),
                    row(
                        crime_reference="CR/4",
                        given_name="Maud",
                        date_of_birth="1981-02-14",
                        **HOME,
                    ),
                    row(
                        crime_reference="CR/5",
                        given_name="Ann",
                        family_name="Cole",
                        date_of_birth="1950-01-02",
                        postcode="BS4 2JQ",
                        address_line_1="Flat 11, 77 Roundhay View",
                        phone="",
                        email="",
                    ),  # a neighbour
                ]
            )
        )
    )
    people = {r.crime_reference: r.person for r in Referral.objects.select_related("person")}
    assert people["CR/1"].pk == known.pk  # joined: nickname, typo, day and month swapped
    for relative in ("CR/2", "CR/3", "CR/4", "CR/5"):
        assert people[relative].pk != known.pk and people[relative].merged_into_id is None
    # The twin and the son with his father's name wait for an officer, flagged relatives;
    # the partner (another name and birthday) and the neighbour are kept apart.
    for pair in LinkCandidate.objects.all():
        evidence = pair_evidence(Identity.of(pair.left), Identity.of(pair.right))
        assert evidence.household, evidence.reasons
    waiting = {p.pk for pair in LinkCandidate.objects.all() for p in (pair.left, pair.right)}
    assert people["CR/4"].pk not in waiting and people["CR/5"].pk not in waiting
    assert run.linkage["joined"] == 1
    assert run.linkage["queued"] == LinkCandidate.objects.count()


def test_a_person_without_a_name_is_only_ever_reviewed_and_counted(index) -> None:
    first, *_ = index
    call_command("train_linkage", verbosity=0)
    nameless = PersonFactory(
        given_name="",
        family_name="",
        date_of_birth=first.date_of_birth,
        postcode=first.postcode,
        address_line_1=first.address_line_1,
        phone=first.phone,
        email=first.email,
    )
    links = people_link_at_intake([nameless.pk])
    nameless.refresh_from_db()
    assert nameless.merged_into_id is None
    assert links.unnamed == 1 and links.joined == 0 and links.queued == 1
    assert links.held_back == 1  # the score would have joined them; the evidence did not
    assert LinkCandidate.objects.filter(right=nameless).exists()


def test_a_self_referral_typing_a_victims_identity_waits_for_an_officer(index) -> None:
    """Anyone can type a victim's name, birthday, address and email on the public form: a
    self-referral is never joined to a known person automatically, only queued (issue 17)."""
    from victimcare.intake.receive import referral_receive_direct
    from victimcare.referrals.models import Channel

    first, *_ = index
    call_command("train_linkage", verbosity=0)
    same_person = row(
        source="self-referral",
        given_name=first.given_name,
        family_name=first.family_name,
        date_of_birth=first.date_of_birth.isoformat(),
        postcode=first.postcode,
        address_line_1=first.address_line_1,
        email=first.email or "",
        phone="07700900666",
    )
    referral = referral_receive_direct(values=same_person, channel=Channel.SELF)
    assert referral.person_id != first.pk
    assert referral.person.merged_into_id is None
    assert LinkCandidate.objects.filter(left=first, right=referral.person).exists()


def test_twins_named_alike_sharing_the_family_landline_wait_for_an_officer(
    index, write_csv
) -> None:
    """James and Jamie, twins, one birthday, one home, one landline: the landline is the
    household's, not one person's, so it does not let intake join them (ADR 42). Jmaes,
    the same birthday and landline, is James keyed badly, and joins."""
    home = {**HOME, "phone": "+441179460000"}
    james = PersonFactory(given_name="James", date_of_birth="2004-05-09", **home)
    call_command("train_linkage", verbosity=0)
    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        crime_reference="CR/1",
                        given_name="Jamie",
                        date_of_birth="2004-05-09",
                        **{**HOME, "phone": "0117 946 0000"},
                    ),
                ]
            )
        )
    )
    jamie = Referral.objects.get(crime_reference="CR/1").person
    assert jamie.merged_into_id is None
    assert LinkCandidate.objects.filter(left=james, right=jamie).exists()
    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        crime_reference="CR/2",
                        given_name="Jmaes",
                        date_of_birth="2004-05-09",
                        **{**HOME, "phone": "0117 946 0000"},
                    ),
                ]
            ),
            name="again.csv",
        )
    )
    assert Referral.objects.get(crime_reference="CR/2").person_id == james.pk
