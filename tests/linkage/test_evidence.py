"""The rules that tell people apart, over any model's score: relatives sharing a home are
never joined automatically, and a repeat keyed with the usual slips still is."""

import datetime

import pytest

from victimcare.linkage.evidence import (
    DecisionCap,
    Identity,
    is_mobile,
    pair_evidence,
)
from victimcare.linkage.names import keying_slip
from victimcare.people.address import parse_address

D = datetime.date


def person(**values) -> Identity:
    base = dict(
        given_name="Robert",
        family_name="Hartley",
        date_of_birth=D(1979, 6, 1),
        address_lines=("Flat 3, 94 Roundhay View", ""),
        postcode="LS8 2AB",
        phone="+447700900123",
        email="",
    )
    base.update(values)
    return Identity(**base)


HOUSEHOLDS = {
    "twins": dict(given_name="Emily", date_of_birth=D(1979, 6, 1)),
    "twins a letter apart by sex": dict(given_name="Roberta", sex="female"),
    "father and son with one name": dict(date_of_birth=D(2004, 3, 17)),
    "father and son born on one day, decades apart": dict(date_of_birth=D(2009, 6, 1)),
    "mother and daughter": dict(given_name="Grace", date_of_birth=D(2001, 11, 30)),
    "partners sharing a surname": dict(
        given_name="Susan", date_of_birth=D(1981, 2, 14), phone="+447700900999"
    ),
    "siblings": dict(given_name="Thomas", date_of_birth=D(1983, 9, 9), phone=""),
    "siblings a year apart on one day": dict(given_name="Ruth", date_of_birth=D(1980, 6, 1)),
}


@pytest.mark.parametrize("relative", HOUSEHOLDS.values(), ids=HOUSEHOLDS.keys())
def test_relatives_sharing_a_home_are_never_joined_automatically(relative) -> None:
    """Twins and a parent and child named alike reach review at most, flagged as relatives;
    relatives whose given names and dates of birth both differ are kept apart."""
    first = person(sex="male")
    evidence = pair_evidence(first, person(**{"sex": "male", **relative}))
    assert evidence.decision_cap != DecisionCap.JOIN
    assert evidence.household is True or "Recorded as different sexes" in evidence.reasons
    assert evidence.reasons[0].startswith(("Possibly a relative", "Not enough"))


def test_the_reasons_say_in_plain_words_what_differs() -> None:
    evidence = pair_evidence(
        person(given_name="Maud", date_of_birth=D(1979, 6, 1)),
        person(given_name="Ada", date_of_birth=D(1990, 5, 12), phone=""),
    )
    assert evidence.household and evidence.decision_cap == DecisionCap.APART
    assert "Different date of birth: 1 June 1979 and 12 May 1990" in evidence.reasons
    assert "Different given names: Maud and Ada" in evidence.reasons
    assert "Same postcode" in evidence.reasons and "Same address" in evidence.reasons
    assert evidence.reasons[0] == (
        "Possibly a relative: they share an address and a family name but are told apart "
        "by given name and date of birth"
    )


def test_neighbours_in_one_street_are_different_addresses() -> None:
    first = person(given_name="Ann", family_name="Cole", phone="")
    other = person(
        given_name="Ben",
        family_name="Dunn",
        date_of_birth=D(1950, 1, 2),
        phone="",
        address_lines=("Flat 11, 77 Roundhay View", ""),
    )
    evidence = pair_evidence(first, other)
    assert evidence.decision_cap == DecisionCap.APART and not evidence.household
    assert "Same street, different house number" in evidence.reasons
    flat = pair_evidence(
        first,
        person(
            given_name="Ben",
            family_name="Dunn",
            phone="",
            address_lines=("Flat 4, 94 Roundhay View", ""),
        ),
    )
    assert "Same building, different flat number" in flat.reasons
    assert parse_address("Flat 3, 94 Roundhay View") != parse_address("Flat 11, 77 Roundhay View")
    assert parse_address("Flat 3", "94 Roundhay Vw.") == parse_address("3, 94 ROUNDHAY VW")
    assert parse_address("12 St Johns Rd").street == "saint johns road"


REPEATS = {
    "exactly": {},
    "nickname": dict(given_name="Bob"),
    "short forms of one name": dict(given_name="Rob"),
    "a typo in the given name": dict(given_name="Rbert"),
    "a typo in the family name": dict(family_name="Hartly"),
    "day and month swapped": dict(date_of_birth=D(1979, 1, 6)),
    "one digit wrong": dict(date_of_birth=D(1979, 6, 7)),
    "the year's last digit": dict(date_of_birth=D(1978, 6, 1)),
    "the decade's digit, the same given name": dict(date_of_birth=D(1989, 6, 1)),
    "moved house, same phone": dict(address_lines=("2 Elm Road",), postcode="BS1 4DJ"),
    "married name, same address": dict(family_name="Okafor", phone=""),
    "names the wrong way round": dict(given_name="Hartley", family_name="Robert"),
}


@pytest.mark.parametrize("again", REPEATS.values(), ids=REPEATS.keys())
def test_a_repeat_with_keying_errors_may_still_be_joined(again) -> None:
    evidence = pair_evidence(person(), person(**again))
    assert evidence.decision_cap == DecisionCap.JOIN, evidence.reasons
    assert not evidence.household


DECADE_AND_ANOTHER_SLIP = {
    "a short form": dict(given_name="Bob"),
    "a letter slipped": dict(given_name="Rbert"),
    "the names the wrong way round": dict(given_name="Hartley", family_name="Robert"),
    "a second given name on one side": dict(given_name="Robert James"),
}


@pytest.mark.parametrize(
    "also", DECADE_AND_ANOTHER_SLIP.values(), ids=DECADE_AND_ANOTHER_SLIP.keys()
)
def test_a_decade_out_is_one_slip_and_with_another_the_pair_waits_for_an_officer(also) -> None:
    """1989 for 1979 on the same day is a slip of one digit, and the same person joins
    (above); but with the given name also keyed otherwise it may be a parent and child named
    alike, at home together: review, flagged as a possible relative."""
    evidence = pair_evidence(person(), person(date_of_birth=D(1989, 6, 1), **also))
    assert evidence.decision_cap == DecisionCap.REVIEW, evidence.reasons
    assert evidence.household is True
    assert "Dates of birth a decade apart on the same day: 1 June 1979 and 1 June 1989" in (
        evidence.reasons
    )
    assert evidence.reasons[0].startswith("Possibly a relative")


def test_a_decade_out_with_the_very_same_names_joins_and_says_where_the_slip_is() -> None:
    """The officer who checks intake's own joins reads which digit was taken for a slip."""
    evidence = pair_evidence(person(), person(date_of_birth=D(1989, 6, 1)))
    assert evidence.decision_cap == DecisionCap.JOIN
    assert "Dates of birth one digit apart, in the decade: 1 June 1979 and 1 June 1989" in (
        evidence.reasons
    )


DECADE_BUT_TWO_PEOPLE = {
    # A police force's test (session 11): same-named fathers and sons at one address, born
    # on the same day of the year with the decade's digit apart, each with a mobile of his own.
    "a father and son at one address, each with his own mobile": dict(
        date_of_birth=D(1989, 6, 1), phone="+447700900456"
    ),
    "his own email differs": dict(date_of_birth=D(1989, 6, 1), email="son@example.org"),
    # A namesake elsewhere, twenty years on: nothing of a home or a contact in common.
    "a namesake in another town": dict(
        date_of_birth=D(1999, 6, 1),
        address_lines=("7 Quay Street",),
        postcode="BS3 4AB",
        phone="",
    ),
}


@pytest.mark.parametrize("other", DECADE_BUT_TWO_PEOPLE.values(), ids=DECADE_BUT_TWO_PEOPLE.keys())
def test_a_decade_out_is_no_slip_where_the_records_say_two_people(other) -> None:
    first = person(email="robert@example.org") if "email" in other else person()
    evidence = pair_evidence(first, person(**other))
    assert evidence.decision_cap == DecisionCap.REVIEW, evidence.reasons
    assert not evidence.dates_agree
    assert any(
        r.startswith("Dates of birth a decade apart on the same day") for r in evidence.reasons
    )
    assert not any("one digit apart, in the decade" in r for r in evidence.reasons)


def test_one_name_and_birthday_at_another_number_in_the_street_waits_for_an_officer() -> None:
    """(A police force's test, session 11.) Matthew Stokes born 27 September 1990 at 67 and
    at 121 Brooks Crest: a neighbour of the same name, or a house number keyed wrongly; only a
    mobile or an email of their own in common says it is one person."""
    here = person(address_lines=("67 Brooks Crest",), phone="")
    next_door = person(address_lines=("121 Brooks Crest",), phone="")
    evidence = pair_evidence(here, next_door)
    assert evidence.decision_cap == DecisionCap.REVIEW
    assert evidence.reasons[0] == (
        "Not enough to join without an officer: another house or flat in the same street, "
        "and no mobile or email of their own in common"
    )
    assert "Same street, different house number" in evidence.reasons
    for repeat in (
        ("Rose Cottage, 67 Brooks Crest",),  # a house name added: the same house
        ("Brooks Crest",),  # the number missing on one side
    ):
        held = pair_evidence(here, person(address_lines=repeat, phone=""))
        assert held.decision_cap == DecisionCap.JOIN, (repeat, held.reasons)
    other_town = pair_evidence(
        here, person(address_lines=("121 Brooks Crest",), phone="", postcode="TA23 1LL")
    )
    assert other_town.decision_cap == DecisionCap.JOIN  # the street's name in another town
    same_mobile = pair_evidence(
        person(address_lines=("67 Brooks Crest",)), person(address_lines=("68 Brooks Crest",))
    )
    assert same_mobile.decision_cap == DecisionCap.JOIN  # his own mobile: one man, a slip


def test_a_year_a_century_out_is_not_a_slip() -> None:
    evidence = pair_evidence(person(), person(date_of_birth=D(1879, 6, 1)))
    assert evidence.decision_cap == DecisionCap.REVIEW
    assert not evidence.dates_agree


def test_kate_and_katherine_and_liz_and_elizabeth_agree() -> None:
    assert pair_evidence(person(given_name="Kate"), person(given_name="Katherine")).names_agree
    assert pair_evidence(person(given_name="Liz"), person(given_name="Elizabeth")).names_agree
    assert pair_evidence(person(given_name="Bill"), person(given_name="William")).names_agree
    assert not pair_evidence(person(given_name="Paul"), person(given_name="Paula")).names_agree
    assert pair_evidence(person(given_name="Trish"), person(given_name="Patricia")).names_agree


def test_without_a_third_identifier_or_a_name_a_pair_is_only_for_review() -> None:
    lone = dict(phone="", address_lines=(), postcode="")
    evidence = pair_evidence(person(family_name="", **lone), person(family_name="", **lone))
    assert evidence.decision_cap == DecisionCap.REVIEW
    assert "a family name, address, phone or email that agrees" in evidence.reasons[0]
    nameless = pair_evidence(person(given_name=""), person(given_name=" "))
    assert nameless.decision_cap == DecisionCap.REVIEW
    assert "Given name missing for one of them" in nameless.reasons
    no_dob = pair_evidence(person(date_of_birth=None), person())
    assert no_dob.decision_cap == DecisionCap.REVIEW and not no_dob.household


def test_the_same_street_and_number_in_another_town_is_not_the_same_address() -> None:
    evidence = pair_evidence(
        person(
            given_name="Maud",
            family_name="Pennington",
            date_of_birth=D(1998, 1, 1),
            address_lines=("12 High Street",),
            postcode="BA1 1AA",
            phone="",
        ),
        person(
            given_name="Maud",
            family_name="Pennington",
            date_of_birth=D(1941, 1, 1),
            address_lines=("12 High Street",),
            postcode="BA2 3XY",
            phone="",
        ),
    )
    assert evidence.decision_cap == DecisionCap.REVIEW and evidence.household
    assert "Possibly a relative" in evidence.reasons[0]
    assert "Same street and number in different postcode areas" in evidence.reasons


def test_blank_contact_details_are_missing_not_equal() -> None:
    evidence = pair_evidence(person(phone="", email=" "), person(phone=" ", email=""))
    assert "phone" not in evidence.also_agree and "email" not in evidence.also_agree
    assert not any("phone" in reason for reason in evidence.reasons)


def test_twins_and_a_father_and_son_named_alike_reach_review_flagged_as_relatives() -> None:
    twins = pair_evidence(person(), person(given_name="Emily", phone=""))
    namesakes = pair_evidence(person(), person(date_of_birth=D(2004, 3, 17)))
    for evidence in (twins, namesakes):
        assert evidence.decision_cap == DecisionCap.REVIEW and evidence.household
        assert evidence.reasons[0].startswith("Possibly a relative")
    mother = pair_evidence(
        person(given_name="Ann"), person(given_name="Grace", date_of_birth=D(2001, 1, 1))
    )
    assert mother.decision_cap == DecisionCap.APART and mother.household


def test_a_blank_is_missing_in_the_models_record_never_a_value() -> None:
    from victimcare.linkage.splink_model import linkage_record

    record = linkage_record(
        unique_id=1,
        given_name=" ",
        family_name="",
        date_of_birth=None,
        postcode="  ",
        address=" , ",
        phone=" ",
        email="  ",
    )
    assert {key: value for key, value in record.items() if key != "unique_id"} == dict.fromkeys(
        (
            "given_name",
            "family_name",
            "family_phonetic",
            "name_block",
            "name_block_swapped",
            "dob",
            "postcode",
            "address",
            "phone",
            "email",
        )
    )
    numbered = linkage_record(
        unique_id=2,
        given_name="Ann",
        family_name="Cole",
        date_of_birth=None,
        postcode="LS8 2AB",
        address="Flat 3, 94 Roundhay View",
        phone="",
        email="",
    )
    assert numbered["address"] == "3|3|3||94|94|94|roundhay view"
    import jellyfish

    from victimcare.linkage.splink_model import address_value

    # A street typo is one keying error; a neighbour's number is three.
    typo, neighbour = (
        address_value("Flat 3, 94 Roundhay Veiw"),
        address_value("Flat 3, 95 Roundhay View"),
    )
    assert jellyfish.damerau_levenshtein_distance(numbered["address"], typo) == 1
    assert jellyfish.damerau_levenshtein_distance(numbered["address"], neighbour) == 3


def test_the_exact_rule_needs_given_name_family_name_and_date_of_birth() -> None:
    from victimcare.people.normalise import name_key, same_person_exactly

    father, son = name_key("David", "Lowe"), name_key("DAVID", "lowe ")
    assert father == son
    assert same_person_exactly(father, D(1961, 4, 2), son, D(1961, 4, 2))
    assert not same_person_exactly(father, D(1961, 4, 2), son, D(1991, 8, 19))
    assert not same_person_exactly(father, None, son, None)
    assert not same_person_exactly("", D(1961, 4, 2), "", D(1961, 4, 2))


TWINS_ALIKE = {
    "James and Jamie, other mobiles": (
        dict(given_name="James", phone="+447700900111"),
        dict(given_name="Jamie", phone="+447700900222"),
    ),
    "James and Jamie, no contact details": (
        dict(given_name="James", phone=""),
        dict(given_name="Jamie", phone=""),
    ),
    "Chris and Christine, sex not recorded": (
        dict(given_name="Chris", phone="", email="c1@example.org"),
        dict(given_name="Christine", phone="", email="c2@example.org"),
    ),
    "Sam and Samantha living apart": (
        dict(given_name="Sam", phone="", address_lines=("2 Elm Road",), postcode="BS1 4DJ"),
        dict(given_name="Samantha", phone=""),
    ),
    "Diane and Diana, a letter that is not a slip": (
        dict(given_name="Diane", phone=""),
        dict(given_name="Diana", phone=""),
    ),
    "Dean and Sean, rhyming": (
        dict(given_name="Dean", phone=""),
        dict(given_name="Sean", phone=""),
    ),
    "Jim and Jamie, short forms of one name": (
        dict(given_name="Jim", phone=""),
        dict(given_name="Jamie", phone=""),
    ),
    "James and Jamie sharing the family's landline": (
        dict(given_name="James", phone="+441179460000", phone_mobile=False),
        dict(given_name="Jamie", phone="+441179460000", phone_mobile=False),
    ),
    "Anne-Marie and Anne-Louise": (
        dict(given_name="Anne-Marie", phone=""),
        dict(given_name="Anne-Louise", phone=""),
    ),
}


@pytest.mark.parametrize(("one", "other"), TWINS_ALIKE.values(), ids=TWINS_ALIKE.keys())
def test_twins_with_names_only_alike_are_never_joined_automatically(one, other) -> None:
    """Names that agree only as a short form or by one letter, on the very same birthday,
    are how twins are named (issue 16: the 1,000,000-person run joined James and Jamie)."""
    evidence = pair_evidence(person(**one), person(**other))
    assert evidence.decision_cap != DecisionCap.JOIN, evidence.reasons
    # Flagged as relatives when they share a home; apart, only held back for review.
    shares_home = one.get("address_lines") is None and other.get("address_lines") is None
    assert evidence.household is shares_home, evidence.reasons


def test_a_nickname_on_the_same_birthday_joins_only_with_a_phone_or_email_of_their_own() -> None:
    same_phone = pair_evidence(person(given_name="Robert"), person(given_name="Bob"))
    assert same_phone.decision_cap == DecisionCap.JOIN
    keyed_birthday = pair_evidence(
        person(given_name="Robert", phone=""),
        person(given_name="Bob", phone="", date_of_birth=D(1979, 1, 6)),
    )
    assert keyed_birthday.decision_cap == DecisionCap.JOIN  # twins share a birthday exactly


def test_one_common_name_and_birthday_at_another_flat_with_other_contacts_is_reviewed() -> None:
    khan = dict(given_name="Mohammed", family_name="Khan", date_of_birth=D(1990, 1, 1))
    evidence = pair_evidence(
        person(
            **khan,
            address_lines=("Flat 3, 94 Roundhay View",),
            phone="+447700900301",
            email="m.khan@example.org",
        ),
        person(
            **khan,
            address_lines=("Flat 11, 94 Roundhay View",),
            phone="+447700900311",
            email="mk90@example.org",
        ),
    )
    assert evidence.decision_cap == DecisionCap.REVIEW
    assert "another address and other contact details" in evidence.reasons[0]


SLIPS = {
    "two letters swapped": "Jmaes",
    "a neighbouring key": "Jamrs",
    "a letter doubled": "Jammes",
}


@pytest.mark.parametrize("keyed", SLIPS.values(), ids=SLIPS.keys())
def test_a_slip_of_the_finger_on_the_same_birthday_joins_without_contact_details(keyed) -> None:
    """A typo is not a twin's name: James keyed as Jmaes, with no phone or email, on the
    same birthday and at the same address, is one person (ADR 42, typos and names)."""
    evidence = pair_evidence(
        person(given_name="James", phone=""), person(given_name=keyed, phone="")
    )
    assert evidence.decision_cap == DecisionCap.JOIN, evidence.reasons
    assert not evidence.household


def test_a_purely_informal_short_form_on_the_same_birthday_joins_without_contact_details() -> None:
    """Nobody names twins Robert and Bob; they do name them James and Jamie."""
    bob = pair_evidence(person(given_name="Robert", phone=""), person(given_name="Bob", phone=""))
    assert bob.decision_cap == DecisionCap.JOIN, bob.reasons
    rob_bob = pair_evidence(person(given_name="Rob", phone=""), person(given_name="Bob", phone=""))
    assert rob_bob.decision_cap == DecisionCap.JOIN, rob_bob.reasons
    jamie = pair_evidence(
        person(given_name="James", phone=""), person(given_name="Jamie", phone="")
    )
    assert jamie.decision_cap == DecisionCap.REVIEW and jamie.household


def test_keying_slips_are_told_from_other_names() -> None:
    assert keying_slip("matthew", "mathew") and keying_slip("james", "jmaes")
    for a, b in (
        ("diane", "diana"),
        ("dean", "sean"),
        ("hannah", "hanna"),
        ("ella", "bella"),
        ("sophie", "sophia"),
        ("james", "james"),
    ):
        assert not keying_slip(a, b), (a, b)


def test_a_shared_mobile_still_joins_alike_names_but_a_shared_landline_does_not() -> None:
    """A mobile is one person's; a landline is the household's (ADR 42, session 7)."""
    mobile = dict(phone="+447700900123", phone_mobile=True)
    joined = pair_evidence(
        person(given_name="James", **mobile), person(given_name="Jamie", **mobile)
    )
    assert joined.decision_cap == DecisionCap.JOIN, joined.reasons
    landline = dict(phone="+441179460000", phone_mobile=False)
    twins = pair_evidence(
        person(given_name="James", **landline), person(given_name="Jamie", **landline)
    )
    assert twins.decision_cap == DecisionCap.REVIEW and twins.household
    # A landline with the very same name is still one person keyed once more.
    same = pair_evidence(person(**landline), person(**landline))
    assert same.decision_cap == DecisionCap.JOIN


def test_uk_mobiles_are_told_from_landlines() -> None:
    assert is_mobile("+447700900123") and is_mobile("07700 900123")
    assert is_mobile("+441179460000") is False and is_mobile("+447000123456") is False
    assert is_mobile("") is None
    assert Identity.of(type("P", (), {"phone": "+441179460000"})()).phone_mobile is False
