"""Twins whose given names are one keying slip apart (Jaime and Jamie: two letters swapped)
through the police feed as it runs in production (outside a test transaction): when both
spellings are names people in the index hold, the pair is not a slip of the finger. Born the
same day at one home with no phone or email of their own that agrees, they wait for an
officer, flagged as possibly relatives; a real slip (Jmaie) of the same name still joins.
Also: a repeat keyed with given and family names the wrong way round, sharing no other key
the hub looks people up by, is found (ADR 42, addendum of session 8)."""

import datetime

import pytest
from django.core.management import call_command

from tests.factories import PersonFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.intake.importing import feed_import_file
from victimcare.linkage.comparison import people_compared
from victimcare.linkage.evidence import DecisionCap, Identity, pair_evidence
from victimcare.linkage.models import LinkCandidate
from victimcare.linkage.names import names_in_own_right
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db(transaction=True)

HOME = dict(
    family_name="Pennington",
    postcode="BS4 2JQ",
    address_line_1="Flat 3, 94 Roundhay View",
    phone="",
    email="",
)


def test_two_spellings_are_names_in_their_own_right_only_when_people_hold_both() -> None:
    # Each (canonical) given name's share of the people who have one.
    shares = {
        "jamie": 0.30,
        "jaime": 0.05,
        "jmaie": 0.001,
        "ann": 0.001,
        "anna": 0.001,
        "carl": 0.01,
    }
    told = names_in_own_right({**shares, "zoe": 0.001, "rare": 0.0005})
    assert told("jaime", "jamie") is True  # 100 and 600 people: two names
    assert told("jmaie", "jamie") is False  # 2 people against 600: a misspelling
    assert told("ann", "anna") is None  # two people each: too few to tell
    assert told("carol", "carl") is None  # nobody is Carol, but Carl is not common enough
    assert names_in_own_right({})("jaime", "jamie") is None  # no frequencies: cannot tell


def test_twins_one_slip_apart_wait_for_an_officer_and_a_real_slip_joins(index, write_csv) -> None:
    for n, given in enumerate(("Jaime", "Jaime", "Jaime", "Jamie", "Jamie", "Jamie")):
        PersonFactory(
            given_name=given,
            family_name=f"Ortega{n}",
            date_of_birth="1990-01-0" + str(n + 1),
            postcode=f"BS{n + 1} 1AA",
            address_line_1=f"{n + 1} Mill Lane",
            phone="",
            email="",
        )
    jamie = PersonFactory(given_name="Jamie", date_of_birth="2004-05-09", **HOME)
    call_command("train_linkage", verbosity=0)
    run = feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        crime_reference="CR/1",
                        given_name="Jaime",
                        date_of_birth="2004-05-09",
                        **HOME,
                    ),
                ]
            )
        )
    )
    jaime = Referral.objects.get(crime_reference="CR/1").person
    assert jaime.merged_into_id is None and run.linkage["joined"] == 0
    pair = LinkCandidate.objects.get()
    assert {pair.left_id, pair.right_id} == {jamie.pk, jaime.pk}
    # The review page marks them possibly relatives (twins), as intake judged them ...
    jamie.refresh_from_db()
    compared = people_compared(jamie, jaime)
    assert compared.household and compared.reasons[0].startswith("Possibly a relative (twins?)")
    # ... where without the index's names the evidence would take Jaime for Jamie keyed badly.
    assert pair_evidence(Identity.of(jamie), Identity.of(jaime)).decision_cap == DecisionCap.JOIN

    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        crime_reference="CR/2",
                        given_name="Jmaie",
                        date_of_birth="2004-05-09",
                        **HOME,
                    ),
                ]
            ),
            name="again.csv",
        )
    )
    assert Referral.objects.get(crime_reference="CR/2").person_id == jamie.pk


def test_the_review_page_flags_twins_one_slip_apart_as_possibly_relatives() -> None:
    jamie = Identity(
        given_name="Jamie",
        family_name="Pennington",
        date_of_birth=datetime.date(2004, 5, 9),
        address_lines=("Flat 3, 94 Roundhay View",),
        postcode="BS4 2JQ",
    )
    jaime = Identity(**{**jamie.__dict__, "given_name": "Jaime"})
    evidence = pair_evidence(jamie, jaime, spellings=lambda a, b: True)
    assert evidence.decision_cap == DecisionCap.REVIEW and evidence.household
    assert evidence.reasons[0].startswith("Possibly a relative (twins?)")
    # The same names with a mobile of their own that agrees: one person keyed two ways.
    own = pair_evidence(
        Identity(**{**jamie.__dict__, "phone": "p1", "phone_mobile": True}),
        Identity(**{**jaime.__dict__, "phone": "p1", "phone_mobile": True}),
        spellings=lambda a, b: True,
    )
    assert own.decision_cap == DecisionCap.JOIN


def test_names_keyed_the_wrong_way_round_are_found_by_the_name_block_both_ways(
    index, write_csv
) -> None:
    """Ahmed Khan keyed as given name Khan, with no date of birth, at a new address, with
    no phone or email: the only key the hub could find him by is his names' block, taken the
    other way round. He is found and waits for an officer (no date of birth: never joined)."""
    known = PersonFactory(
        given_name="Ahmed",
        family_name="Khan",
        date_of_birth="1983-07-19",
        postcode="BS7 8QT",
        address_line_1="3 Elm Road",
        phone="+447700900123",
        email="ahmed.khan@example.org",
    )
    call_command("train_linkage", verbosity=0)
    feed_import_file(
        path=write_csv(
            feed_csv(
                [
                    row(
                        crime_reference="CR/1",
                        given_name="Khan",
                        family_name="Ahmed",
                        date_of_birth="",
                        postcode="BS12 4RT",
                        address_line_1="40 Station Road",
                        phone="",
                        email="",
                    ),
                ]
            )
        )
    )
    newcomer = Referral.objects.get(crime_reference="CR/1").person
    assert newcomer.merged_into_id is None
    assert LinkCandidate.objects.filter(left=known, right=newcomer).exists()
