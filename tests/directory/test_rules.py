"""Matching services to a victim: who is left out, the order, and the reasons shown."""

import pytest

from victimcare.directory.rules import (
    Seeker,
    ServiceFacts,
    best_first,
    postcode_district,
    rank_services,
)


def service(service_id: int, **facts) -> ServiceFacts:
    base = dict(
        name=f"Service {service_id}",
        crime_types=frozenset(),
        need_categories=frozenset(),
        postcode_districts=frozenset({"BS1", "BS2"}),
        national=False,
        min_age=None,
        max_age=None,
        sex="",
        requires_police_report=False,
        commissioned=True,
        self_referral=True,
    )
    return ServiceFacts(service_id=service_id, **{**base, **facts})


GENERAL = service(1, need_categories=frozenset({"outlook", "health"}))
IDVA = service(
    2, crime_types=frozenset({"domestic_abuse"}), need_categories=frozenset({"accommodation"})
)
ISVA = service(3, crime_types=frozenset({"sexual_offence"}))
YOUNG = service(4, max_age=25)
HELPLINE = service(5, national=True, postcode_districts=frozenset(), commissioned=False)
ELSEWHERE = service(6, postcode_districts=frozenset({"TA1"}))
WOMEN = service(7, sex="female")
POLICE_ONLY = service(8, requires_police_report=True)
ALL = [GENERAL, IDVA, ISVA, YOUNG, HELPLINE, ELSEWHERE, WOMEN, POLICE_ONLY]


def seeker(**facts) -> Seeker:
    base = dict(
        postcode_district="BS1",
        what_happened=frozenset({"domestic_abuse"}),
        needs=frozenset({"accommodation"}),
    )
    return Seeker(**{**base, **facts})


def test_unsafe_at_home_puts_the_domestic_abuse_service_first_and_says_why() -> None:
    matches = rank_services(ALL, seeker())
    assert best_first(matches)[0] == IDVA.service_id
    # The service's specialism in words, not the victim's own first-person answer.
    assert matches[0].reasons[0] == "Specialist support for domestic abuse"
    assert "Works in your area" in matches[0].reasons
    assert ISVA.service_id not in best_first(matches)  # specialist in other crimes
    assert ELSEWHERE.service_id not in best_first(matches)  # not this area
    assert best_first(matches)[-1] == HELPLINE.service_id  # national last


@pytest.mark.parametrize(
    ("who", "left_out", "kept"),
    [
        (dict(age=30), YOUNG, GENERAL),
        (dict(age=17), ELSEWHERE, YOUNG),
        (dict(sex="male"), WOMEN, GENERAL),
        (dict(sex="female"), ELSEWHERE, WOMEN),
        (dict(reported=False), POLICE_ONLY, GENERAL),
        (dict(reported=True), ELSEWHERE, POLICE_ONLY),
        (dict(postcode_district="TA1"), GENERAL, ELSEWHERE),
    ],
)
def test_eligibility(who, left_out, kept) -> None:
    ids = best_first(rank_services(ALL, seeker(**who)))
    assert left_out.service_id not in ids and kept.service_id in ids


def test_not_reporting_to_police_is_said_to_be_fine() -> None:
    matches = rank_services([GENERAL], seeker(reported=False))
    assert "You do not need to have told the police" in matches[0].reasons


@pytest.mark.parametrize(
    ("postcode", "district"),
    [
        ("bs1 4dj", "BS1"),
        ("BS14DJ", "BS1"),
        ("SW1A 1AA", "SW1A"),
        ("M1 1AE", "M1"),
        ("x", ""),
        ("nowhere", ""),
    ],
)
def test_postcode_district(postcode, district) -> None:
    assert postcode_district(postcode) == district


def test_an_officer_reads_the_reasons_about_the_victim_not_about_themselves() -> None:
    """The onward referral page shows an officer the same ranking: "the things you asked
    for" and "your area" would be the officer's, not the victim's."""
    victim = rank_services([IDVA, GENERAL], seeker(reported=False))
    officer = rank_services([IDVA, GENERAL], seeker(reported=False, for_staff=True))
    assert best_first(officer) == best_first(victim)
    reasons = [r for m in officer for r in m.reasons]
    assert "Helps with 1 of the victim's needs" in reasons
    assert "Works in the victim's area" in reasons
    assert "The victim does not need to have told the police" in reasons
    assert not [r for r in reasons if "you" in r.lower().split()]
    assert "Works in your area" in [r for m in victim for r in m.reasons]
