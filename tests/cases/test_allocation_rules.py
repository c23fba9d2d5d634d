"""Choosing a new case's named officer (pure rule)."""

from victimcare.cases.rules import OfficerLoad, VictimNeeds, choose_officer

ANNA = OfficerLoad(1, open_cases=12, languages=frozenset({"polish"}), young_victims=False)
BEN = OfficerLoad(2, open_cases=4, languages=frozenset(), young_victims=False)
CARA = OfficerLoad(3, open_cases=9, languages=frozenset({"welsh"}), young_victims=True)
HUB = [ANNA, BEN, CARA]
ADULT = VictimNeeds(language="english", young=False)


def test_a_repeat_victim_goes_back_to_their_officer() -> None:
    allocation = choose_officer(HUB, ADULT, previous_officer_id=1)
    assert allocation.officer_id == 1
    assert allocation.reason == "Repeat victim: back to the officer who supported them before"


def test_a_previous_officer_who_left_the_hub_is_not_chosen() -> None:
    assert choose_officer(HUB, ADULT, previous_officer_id=99).officer_id == 2


def test_otherwise_the_least_loaded_officer() -> None:
    allocation = choose_officer(HUB, ADULT, None)
    assert (allocation.officer_id, allocation.reason) == (2, "Least-loaded officer in the hub")


def test_skills_come_before_load() -> None:
    polish = choose_officer(HUB, VictimNeeds("polish", False), None)
    assert (polish.officer_id, polish.reason) == (1, "Least-loaded officer who speaks Polish")
    young = choose_officer(HUB, VictimNeeds("english", True), None)
    assert (young.officer_id, young.reason) == (
        3,
        "Least-loaded officer who works with young victims",
    )
    both = choose_officer(HUB, VictimNeeds("welsh", True), None)
    assert (
        both.officer_id == 3
        and both.reason == "Least-loaded officer who speaks Welsh and works with young victims"
    )


def test_when_no_one_has_the_skills_the_least_loaded_officer_is_chosen_and_told_why() -> None:
    allocation = choose_officer(HUB, VictimNeeds("romanian", False), None)
    assert allocation.officer_id == 2
    assert (
        allocation.reason
        == "Least-loaded officer in the hub; no officer who speaks Romanian is available"
    )


def test_ties_go_to_the_longest_serving_account_and_an_empty_hub_allocates_no_one() -> None:
    twin = OfficerLoad(7, open_cases=4, languages=frozenset(), young_victims=False)
    assert choose_officer([twin, BEN], ADULT, None).officer_id == 2
    assert choose_officer([], ADULT, None).officer_id is None
