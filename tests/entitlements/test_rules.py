"""The Victims' Code rules, one table row per rule, each with the reason an officer reads."""

import datetime
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from victimcare.entitlements.rules import (
    INTIMIDATED_FLAGS,
    SERIOUS_CRIME_FLAGS,
    VULNERABLE_FLAGS,
    RuleValues,
    VictimFacts,
    enhanced_reasons,
    entitle,
    reason_reveals_crime,
)
from victimcare.entitlements.working_days import is_working_day

LONDON = ZoneInfo("Europe/London")
REPORTED = datetime.datetime(2026, 3, 16, 9, 30, tzinfo=LONDON)  # a Monday

BASE = VictimFacts(
    victim_kind="individual",
    reported_at=REPORTED,
    date_of_birth=datetime.date(1980, 1, 1),
    crime_category="Burglary",
    offence_code="028/01",
    offence_description="Burglary in a dwelling",
    flags={},
    referral_consent="not_asked",
)


def facts(**changes: object) -> VictimFacts:
    flags = changes.pop("flags", {})
    return replace(BASE, flags=flags, **changes)  # type: ignore[arg-type]


SERIOUS = [
    ("domestic_abuse", "Victim of domestic abuse"),
    ("hate_crime", "Victim of hate crime"),
    ("sexual_offence", "Victim of a sexual offence"),
    ("terrorism", "Victim of terrorism"),
    ("modern_slavery", "Victim of modern slavery or human trafficking"),
    ("attempted_murder", "Victim of attempted murder"),
    ("kidnap_or_false_imprisonment", "Victim of kidnap or false imprisonment"),
    ("arson_endangering_life", "Victim of arson with intent to endanger life"),
    ("gbh_with_intent", "Victim of wounding or grievous bodily harm with intent"),
    ("road_traffic_serious_injury", "Seriously injured by a road traffic offence"),
]


@pytest.mark.parametrize(("flag", "text"), SERIOUS)
def test_serious_crime_flags_make_a_victim_enhanced(flag: str, text: str) -> None:
    result = entitle(facts(flags={flag: True}))
    assert result.level == "enhanced"
    assert ("serious_crime", text) in [(r.code, r.text) for r in result.reasons]
    assert result.update_within_working_days == 1


def test_a_bereaved_relative_is_a_victim_of_serious_crime() -> None:
    result = entitle(facts(victim_kind="bereaved_relative"))
    assert [(r.code, r.text) for r in result.reasons] == [
        ("serious_crime", "Close relative bereaved by criminal conduct")
    ]


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"date_of_birth": datetime.date(2008, 3, 17)}, "Under 18 on the day reported"),
        ({"flags": {"mental_disorder": True}}, "Has a mental disorder"),
        (
            {"flags": {"learning_disability": True}},
            "Has a significant impairment of intelligence and social functioning",
        ),
        ({"flags": {"physical_disability": True}}, "Has a physical disability or disorder"),
    ],
)
def test_vulnerable_victims(changes: dict, text: str) -> None:
    result = entitle(facts(**changes))
    assert result.level == "enhanced"
    assert [(r.code, r.text) for r in result.reasons] == [("vulnerable", text)]


def test_eighteen_on_the_day_reported_is_not_under_18() -> None:
    assert entitle(facts(date_of_birth=datetime.date(2008, 3, 16))).level == "standard"


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        ("intimidated", "The officer judges the victim in fear or distress about giving evidence"),
        ("sexual_offence", "Complainant in a sexual offence"),
        ("domestic_abuse", "Victim of domestic abuse"),
        ("modern_slavery", "Victim of modern slavery"),
        ("gun_or_knife", "Victim of gun or knife crime"),
    ],
)
def test_intimidated_victims(flag: str, text: str) -> None:
    reasons = entitle(facts(flags={flag: True})).reasons
    assert ("intimidated", text) in [(r.code, r.text) for r in reasons]


@pytest.mark.parametrize(("incidents", "targeted"), [(1, False), (2, False), (3, True), (7, True)])
def test_persistently_targeted_from_three_incidents(incidents: int, targeted: bool) -> None:
    result = entitle(facts(incidents_in_window=incidents))
    assert ("persistently_targeted" in result.reason_codes) is targeted
    if targeted:
        assert result.reasons[0].text == (
            f"Victim of {incidents} crimes or ASB incidents reported within 12 months (this one included)"
        )


def test_the_numbers_are_configurable() -> None:
    values = RuleValues(persistent_min_incidents=2, adult_age=21, update_working_days_standard=10)
    result = entitle(facts(incidents_in_window=2), values)
    assert result.reason_codes == ["persistently_targeted"]
    young = entitle(facts(date_of_birth=datetime.date(2006, 1, 1)), values)
    assert young.reasons[0].text == "Under 21 on the day reported"
    assert entitle(facts(), values).update_within_working_days == 10


def test_a_victim_in_no_group_is_standard_with_five_days_for_updates() -> None:
    result = entitle(facts())
    assert (result.level, result.reasons, result.update_within_working_days) == ("standard", (), 5)


def test_a_business_is_its_own_level() -> None:
    result = entitle(facts(victim_kind="business", flags={"hate_crime": True}))
    assert (result.level, result.reasons) == ("business", ())
    assert result.auto_referral == "not_automatic"
    assert result.auto_referral_reason == "Businesses are recorded but not referred automatically"


AUTO_REFERRAL = [
    # (changes, expected, words in the reason)
    ({}, "refer", "Opt-out route"),
    ({"referral_consent": "given"}, "consent_given", "consented"),
    ({"referral_consent": "declined"}, "declined", "declined"),
    ({"referral_consent": "declined", "flags": {"domestic_abuse": True}}, "declined", "declined"),
    ({"flags": {"sexual_offence": True}}, "awaiting_consent", "sexual offence"),
    ({"flags": {"domestic_abuse": True}}, "awaiting_consent", "domestic abuse"),
    ({"victim_kind": "bereaved_relative"}, "awaiting_consent", "bereaved family"),
    (
        {"flags": {"domestic_abuse": True}, "referral_consent": "given"},
        "consent_given",
        "consented",
    ),
    (
        {"crime_category": "Vehicle crime"},
        "not_automatic",
        "Vehicle crime is not referred automatically",
    ),
    (
        {
            "crime_category": "Criminal damage and arson",
            "offence_code": "058/01",
            "offence_description": "Criminal damage to a dwelling",
        },
        "not_automatic",
        "not referred automatically",
    ),
    (
        {
            "crime_category": "Criminal damage and arson",
            "offence_code": "056/01",
            "offence_description": "Arson not endangering life",
        },
        "refer",
        "Opt-out route",
    ),
    (
        {"crime_category": "Vehicle crime", "flags": {"mental_disorder": True}},
        "refer",
        "vulnerable",
    ),
    (
        {"crime_category": "Vehicle crime", "incidents_in_window": 3},
        "refer",
        "persistently targeted",
    ),
    ({"crime_category": "Vehicle crime", "flags": {"hate_crime": True}}, "refer", "hate crime"),
    (
        {"crime_category": "Vehicle crime", "referral_consent": "given"},
        "consent_given",
        "consented",
    ),
]


@pytest.mark.parametrize(("changes", "expected", "words"), AUTO_REFERRAL)
def test_auto_referral(changes: dict, expected: str, words: str) -> None:
    result = entitle(facts(**changes))
    assert result.auto_referral == expected
    assert words in result.auto_referral_reason


def test_christmas_eve_2026_is_due_on_wednesday_30_december() -> None:
    result = entitle(facts(reported_at=datetime.datetime(2026, 12, 24, 16, 0, tzinfo=LONDON)))
    assert result.contact_due_by == datetime.date(2026, 12, 30)
    assert result.contact_due_reason.endswith("of the report on 24 December 2026")


@given(
    reported=st.datetimes(
        min_value=datetime.datetime(2020, 1, 1),
        max_value=datetime.datetime(2030, 12, 31),
        timezones=st.just(LONDON),
    )
)
def test_contact_due_by_is_a_working_day_after_the_report(reported: datetime.datetime) -> None:
    due = entitle(facts(reported_at=reported)).contact_due_by
    assert is_working_day(due)
    assert due > reported.astimezone(LONDON).date()


@pytest.mark.parametrize(
    "flag", sorted({*SERIOUS_CRIME_FLAGS, *INTIMIDATED_FLAGS} - {"intimidated"})
)
def test_every_reason_a_crime_flag_gives_is_a_crime_detail(flag: str) -> None:
    """A partner who may see the victim's needs but not the crime never reads its name."""
    reasons = enhanced_reasons(facts(flags={flag: True}), RuleValues())
    assert reasons and all(reason_reveals_crime(r.code, r.text) for r in reasons), reasons


@pytest.mark.parametrize("flag", [*VULNERABLE_FLAGS, "intimidated"])
def test_reasons_about_how_the_victim_is_are_needs(flag: str) -> None:
    reasons = enhanced_reasons(facts(flags={flag: True}), RuleValues())
    assert reasons and not any(reason_reveals_crime(r.code, r.text) for r in reasons), reasons


def test_a_reason_the_table_does_not_know_counts_as_a_crime_detail() -> None:
    assert reason_reveals_crime("vulnerable", "anything") is False
    assert reason_reveals_crime("intimidated", "Victim of gun or knife crime")
    assert reason_reveals_crime("some_future_reason", "Victim of fraud")
