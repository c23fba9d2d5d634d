"""Allocation of a new case to a named officer: a pure function, no ORM.

First rule that applies wins, and the reason is kept on the case:
1. a repeat victim goes back to the officer who last supported them, if that officer is
   still an active victim care officer of the case's hub;
2. otherwise the least-loaded officer whose skills match the victim's needs (their first
   language, a young victim);
3. otherwise, if no officer has those skills, the least-loaded officer of the hub.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class OfficerLoad:
    officer_id: int
    open_cases: int
    languages: frozenset[str]  # lower case, e.g. {"polish", "bsl"}
    young_victims: bool


@dataclass(frozen=True)
class VictimNeeds:
    language: str  # lower case; "" or "english" needs nothing special
    young: bool


@dataclass(frozen=True)
class Allocation:
    officer_id: int | None
    reason: str


def _skills_match(officer: OfficerLoad, needs: VictimNeeds) -> bool:
    speaks = (
        not needs.language or needs.language == "english" or needs.language in officer.languages
    )
    return speaks and (officer.young_victims or not needs.young)


def _needs_words(needs: VictimNeeds) -> str:
    words = []
    if needs.language and needs.language != "english":
        words.append(f"speaks {needs.language.title() if needs.language != 'bsl' else 'BSL'}")
    if needs.young:
        words.append("works with young victims")
    return " and ".join(words)


def choose_officer(
    officers: Sequence[OfficerLoad], needs: VictimNeeds, previous_officer_id: int | None
) -> Allocation:
    if not officers:
        return Allocation(None, "No victim care officer in the hub is taking cases")
    by_id = {officer.officer_id: officer for officer in officers}
    if previous_officer_id in by_id:
        return Allocation(
            previous_officer_id, "Repeat victim: back to the officer who supported them before"
        )

    def least_loaded(pool: Sequence[OfficerLoad]) -> OfficerLoad:
        return min(pool, key=lambda officer: (officer.open_cases, officer.officer_id))

    matching = [officer for officer in officers if _skills_match(officer, needs)]
    wanted = _needs_words(needs)
    if matching:
        chosen = least_loaded(matching)
        if wanted:
            return Allocation(chosen.officer_id, f"Least-loaded officer who {wanted}")
        return Allocation(chosen.officer_id, "Least-loaded officer in the hub")
    chosen = least_loaded(officers)
    return Allocation(
        chosen.officer_id, f"Least-loaded officer in the hub; no officer who {wanted} is available"
    )
