"""A later copy of a referral may correct its victim's details, never replace the victim
(ADR 67). Cases from a police force's data team and an attacker: households, names from
many languages, a stranger brought in one correction at a time."""

import datetime

import pytest

from victimcare.linkage.same_victim import Named, another_victim, refusal_reason

BORN = datetime.date(1979, 3, 14)


def person(given: str, family: str, born: datetime.date | None = BORN) -> Named:
    return Named(kind="individual", given_name=given, family_name=family, date_of_birth=born)


def business(name: str) -> Named:
    return Named(kind="business", business_name=name)


HELD = person("Amelia", "Hart")


@pytest.mark.parametrize(
    ("sent", "why"),
    [
        (person("Amelia", "Hart"), "the same"),
        (person("Amélie", "Hart"), "a given name corrected"),
        (person("Amelia", "Hart-Jones"), "a family name added to"),
        (person("Amelia", "Okafor"), "a married name"),
        (person("Milly", "Hart"), "a short form"),
        (person("Amelia", "Hart", datetime.date(1997, 3, 14)), "a date of birth keyed again"),
        (person("Amelia", "Hart", datetime.date(1979, 3, 15)), "a date of birth one digit out"),
        (person("Hart", "Amelia"), "the names the wrong way round"),
        (person("Amelai", "Hart", datetime.date(1979, 3, 15)), "a letter and a digit slipped"),
        (person("Amelia", "Hart", None), "the date of birth left out"),
        (person("A", "Okafor"), "an initial, with a married name"),
        (person("Amelia Rose", "Hart", datetime.date(1980, 1, 1)), "a middle name added"),
        (person("Rose", "Okafor"), "the middle name used, with a married name"),
    ],
)
def test_a_correction_is_the_same_victim(sent, why) -> None:
    held = person("Amelia Rose", "Hart") if "middle name used" in why else HELD
    assert another_victim(sent, held) == (), why


@pytest.mark.parametrize(
    ("held", "sent"),
    [
        (person("Mary Ann", "Hughes"), person("Mary Anne", "Hughes", datetime.date(1980, 2, 2))),
        (person("J", "Wilson"), person("Jane", "Patel")),
        (person("Jessica", "Wilson"), person("Jess", "Patel")),
    ],
)
def test_a_correction_of_a_middle_name_an_initial_or_a_short_form_is_taken(held, sent) -> None:
    assert another_victim(sent, held) == ()


@pytest.mark.parametrize(
    ("sent", "fields"),
    [
        (person("Kwame", "Mensah"), ("given_name", "family_name")),
        (person("Kwame", "Mensah", None), ("given_name", "family_name")),
        (
            person("Kwame", "Mensah", datetime.date(2001, 7, 30)),
            ("given_name", "family_name", "date_of_birth"),
        ),
        # A sister at the same home: one name in common, born on another day.
        (person("Grace", "Hart", datetime.date(1983, 11, 2)), ("given_name", "date_of_birth")),
        # Another Amelia, born on another day, of another family.
        (person("Amelia", "Mensah", datetime.date(1990, 1, 5)), ("family_name", "date_of_birth")),
        # Names taken away: punctuation or a formula is no name.
        (person(".", "-"), ("given_name", "family_name")),
        (person("=1+1", "Hart", datetime.date(1999, 9, 9)), ("given_name", "date_of_birth")),
        # A person sent again as a business, to blank the names.
        (business("Hart Trading Ltd"), ("victim_kind",)),
    ],
)
def test_another_person_is_named_by_the_fields_that_differ(sent, fields) -> None:
    assert another_victim(sent, HELD) == fields


@pytest.mark.parametrize(
    ("held", "sent"),
    [
        (person("Ahmed", "Al-Hassan"), person("Omar", "Al-Rashid", None)),
        (person("Jan", "van der Berg"), person("Pieter", "van Dijk")),
        (person("Rhodri", "ap Rhys"), person("Gethin", "ap Gwilym")),
        (person("Maria", "de la Cruz"), person("Ana", "de Souza")),
        (person("Yusuf", "bin Hassan"), person("Idris", "bin Ahmad")),
        (person("Siobhan", "O'Brien"), person("Niamh", "O'Neill")),
    ],
)
def test_a_shared_particle_is_not_a_shared_family_name(held, sent) -> None:
    assert another_victim(sent, held) == ("given_name", "family_name")


def test_a_stranger_brought_in_one_correction_at_a_time_is_refused_by_the_first_received() -> None:
    first = person("Margaret", "Hughes", datetime.date(1961, 4, 9))
    step_one = person("Robert", "Hughes", datetime.date(1961, 4, 9))  # a given name "corrected"
    assert another_victim(step_one, first) == ()
    step_two = person("Robert", "Pryce", datetime.date(1961, 4, 9))
    assert another_victim(step_two, step_one) == ()  # against the victim held now alone
    assert another_victim(step_two, first, step_one) == ("given_name", "family_name")


def test_a_business_is_another_business_only_when_its_name_shares_nothing() -> None:
    held = business("Hart & Sons Bakery Ltd")
    assert another_victim(business("Hart and Sons Bakery Limited"), held) == ()
    assert another_victim(business("Hart & Sons Bakrey Ltd"), held) == ()
    assert another_victim(business("Mensah Motors Ltd"), held) == ("business_name",)
    assert another_victim(person("Amelia", "Hart"), held) == ("victim_kind",)


def test_nothing_held_to_compare_tells_nothing() -> None:
    assert another_victim(person("Kwame", "Mensah"), person("", "", None)) == ()
    assert another_victim(person("Kwame", "Mensah")) == ()


def test_the_reason_names_the_fields_and_nothing_of_the_held_victim() -> None:
    reason = refusal_reason(("given_name", "family_name", "date_of_birth"))
    assert reason.startswith(
        "names another victim: the given_name, family_name and date_of_birth sent differ"
    )
    assert "nothing was changed" in reason and "victim_reference of their own" in reason
    assert "the given_name and date_of_birth sent" in refusal_reason(
        ("given_name", "date_of_birth")
    )
    assert "transfer_reference of their own" in refusal_reason(
        ("victim_kind",), "transfer_reference"
    )
