"""Assessment rules: risk bands, judgement, MARAC triggers, distance travelled, measures."""

import pytest

from victimcare.assessments import rules


@pytest.mark.parametrize(
    ("yes", "level"),
    [(0, "standard"), (9, "standard"), (10, "medium"), (13, "medium"), (14, "high"), (24, "high")],
)
def test_risk_bands(yes, level) -> None:
    assert rules.risk_level_from_score(yes) == level


@pytest.mark.parametrize(
    ("yes", "judgement", "level"),
    [
        (5, "", "standard"),
        (5, "medium", "medium"),
        (5, "high", "high"),
        (11, "high", "high"),
        (15, "medium", "high"),  # judgement never lowers a score
        (15, "standard", "high"),
        (12, "standard", "medium"),
    ],
)
def test_judgement_raises_never_lowers(yes, judgement, level) -> None:
    assert rules.risk_level(yes, judgement) == level


def test_marac_triggers() -> None:
    assert rules.marac_reasons("medium", 2, False) == []
    assert rules.marac_reasons("high", 0, False) == [
        "High risk on the domestic abuse risk checklist"
    ]
    assert rules.marac_reasons("standard", 3, False) == [
        "Potential escalation: 3 incidents reported in 12 months"
    ]
    assert rules.marac_reasons("standard", 1, True) == [
        "Repeat incident within 12 months of a previous MARAC referral"
    ]


def test_distance_travelled_per_category() -> None:
    first = {code: "high" for code, _ in rules.NEED_CATEGORIES}
    last = {
        **first,
        "health": "low",
        "accommodation": "none",
        "finance": "high",
        "social": "medium",
    }
    last["justice"] = "high"
    travelled = {t.category: (t.change, t.words) for t in rules.distance_travelled(first, last)}
    assert travelled["health"] == (2, "Improved by 2 levels")
    assert travelled["accommodation"] == (3, "Improved by 3 levels")
    assert travelled["social"] == (1, "Improved by 1 level")
    assert travelled["finance"] == (0, "No change")
    worse = rules.distance_travelled({"drugs_alcohol": "none"}, {"drugs_alcohol": "medium"})
    assert worse[0].words == "Worse by 2 levels"


def test_special_measures_follow_the_answers() -> None:
    assert rules.recommended_special_measures([]) == []
    assert rules.recommended_special_measures(["communication_needs"]) == [
        "intermediary",
        "communication_aids",
    ]
    assert rules.recommended_special_measures(["fears_seeing_suspect", "under_18"]) == [
        "screens",
        "live_link",
        "wigs_gowns",
        "video_evidence",
    ]
    assert rules.at_risk(["intimidated"]) and not rules.at_risk(["under_18"])
