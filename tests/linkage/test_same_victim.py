"""A later copy of a referral may correct its victim's details, never replace the victim."""

import datetime

import pytest

from victimcare.linkage.same_victim import another_victim, refusal_reason

BORN = datetime.date(1979, 3, 14)
HELD = ("Amelia", "Hart", BORN)


@pytest.mark.parametrize(
    ("sent", "why"),
    [
        (("Amelia", "Hart", BORN), "the same"),
        (("Amélie", "Hart", BORN), "a given name corrected"),
        (("Amelia", "Hart-Jones", BORN), "a family name added to"),
        (("Amelia", "Okafor", BORN), "a married name"),
        (("Milly", "Hart", BORN), "a short form"),
        (("Amelia", "Hart", datetime.date(1997, 3, 14)), "a date of birth keyed again"),
        (("Amelia", "Hart", datetime.date(1979, 3, 15)), "a date of birth one digit out"),
        (("Hart", "Amelia", BORN), "the names the wrong way round"),
        (("Amelai", "Hart", datetime.date(1979, 3, 15)), "a letter and a digit slipped"),
        (("", "", None), "nothing given: a resend that leaves them out"),
        (("Amelia", "Hart", None), "the date of birth left out"),
    ],
)
def test_a_correction_is_the_same_victim(sent, why) -> None:
    assert another_victim(HELD, sent) == (), why


@pytest.mark.parametrize(
    ("sent", "fields"),
    [
        (("Kwame", "Mensah", BORN), ("given_name", "family_name")),
        (("Kwame", "Mensah", None), ("given_name", "family_name")),
        (
            ("Kwame", "Mensah", datetime.date(2001, 7, 30)),
            ("given_name", "family_name", "date_of_birth"),
        ),
        # A sister at the same home: one name in common, born on another day.
        (("Grace", "Hart", datetime.date(1983, 11, 2)), ("given_name", "date_of_birth")),
        # Another Amelia, born on another day, of another family.
        (("Amelia", "Mensah", datetime.date(1990, 1, 5)), ("family_name", "date_of_birth")),
    ],
)
def test_another_person_is_named_by_the_fields_that_differ(sent, fields) -> None:
    assert another_victim(HELD, sent) == fields


def test_a_held_victim_without_names_cannot_be_replaced_by_names_alone() -> None:
    # A business, or a referral first sent without names: nothing to compare.
    assert another_victim(("", "", None), ("Kwame", "Mensah", BORN)) == ()


def test_the_reason_names_the_fields_and_nothing_of_the_held_victim() -> None:
    reason = refusal_reason(("given_name", "family_name", "date_of_birth"))
    assert reason.startswith(
        "names another victim: the given_name, family_name and date_of_birth sent differ"
    )
    assert "nothing was changed" in reason and "victim_reference of their own" in reason
    assert "the given_name and date_of_birth sent" in refusal_reason(
        ("given_name", "date_of_birth")
    )
