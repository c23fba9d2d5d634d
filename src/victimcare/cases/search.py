"""Find a victim or a case: the staff search (a selector).

Terms come from `cases.search_terms`; each kind of identifier is one indexed lookup on the
person index (name blocks, phonetic family name, date of birth, the blind indexes of phone
and email) or on the case and referral references. Results are limited to cases of the
user's own organisation; a case outside the user's team is listed as one they may open
with a reason, as from the queue.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jellyfish
from django.db.models import Q, QuerySet

from victimcare.accounts.models import User
from victimcare.cases.models import Case
from victimcare.cases.permissions import CASEWORK_ROLES
from victimcare.cases.search_terms import SearchTerms, search_terms
from victimcare.people.models import Person
from victimcare.people.normalise import (
    blind_index,
    canonical_given_name,
    fold,
    name_block,
    normalise_email,
    phonetic_key,
)
from victimcare.referrals.models import Referral

MAX_PEOPLE = 25
_CANDIDATES = 500  # people read from one name lookup before ranking


@dataclass
class FoundCase:
    case: Case
    openable: bool  # in the user's team or theirs; otherwise "open with a reason"


@dataclass
class FoundPerson:
    person: Person
    cases: list[FoundCase] = field(default_factory=list)


@dataclass
class SearchResults:
    terms: SearchTerms
    people: list[FoundPerson]
    more: bool = False  # more people matched than are shown: narrow the search

    @property
    def case_ids(self) -> list[int]:
        return [found.case.pk for person in self.people for found in person.cases]

    @property
    def person_ids(self) -> list[int]:
        return [found.person.pk for found in self.people]


def _organisation_cases(user: User) -> QuerySet[Case]:
    if not user.is_active or user.role not in CASEWORK_ROLES or user.organisation_id is None:
        return Case.objects.none()
    return Case.objects.filter(team__organisation_id=user.organisation_id)


def _swapped(date: datetime.date) -> datetime.date | None:
    try:
        return date.replace(day=date.month, month=date.day)
    except ValueError:
        return None


def _given_agrees(
    typed: str, recorded: str, canonical: Callable[[str], str] = canonical_given_name
) -> float:
    """How well a typed given name fits a recorded one: 1 for the same name or a nickname
    of it, the Jaro-Winkler similarity otherwise (0 below 0.8)."""
    a, b = canonical(typed), canonical(recorded)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    score = jellyfish.jaro_winkler_similarity(a, b)
    return score if score >= 0.8 else 0.0


def _family_agrees(typed: str, recorded: str) -> float:
    a, b = fold(typed).replace(" ", ""), fold(recorded).replace(" ", "")
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if phonetic_key(a) == phonetic_key(b):
        return 0.9
    score = jellyfish.jaro_winkler_similarity(a, b)
    return score if score >= 0.85 else 0.0


def _one_slip(word: str) -> set[str]:
    """The word, and every word one keying slip away from it that a phonetic key would not
    forgive: two neighbouring letters swapped, or one letter too many."""
    folded = fold(word).replace(" ", "")
    swaps = {
        folded[:i] + folded[i + 1] + folded[i] + folded[i + 2 :] for i in range(len(folded) - 1)
    }
    drops = {folded[:i] + folded[i + 1 :] for i in range(len(folded))} if len(folded) > 3 else set()
    return {folded} | swaps | drops


def _name_blocks(given: str, family: str) -> set[str]:
    """The person index's name blocks a typed name could have been stored under: its own,
    and those of every family name one slip away (so "Jnoes" finds Jones), in either order.
    A slip in the given name is found by the family name's sound and the initial."""
    blocks = set()
    for typed_given, typed_family in ((given, family), (family, given)):
        for family_variant in _one_slip(typed_family):
            block = name_block(typed_given, family_variant)
            if block:
                blocks.add(block)
    return blocks


def _by_name(terms: SearchTerms) -> list[tuple[float, int]]:
    """(score, person id) for people whose names fit the typed names, best first."""
    names = terms.names
    # Candidates share names (500 people, far fewer names): each pair is scored once.
    canonical = functools.cache(canonical_given_name)
    family_agrees = functools.cache(_family_agrees)

    @functools.cache
    def given_agrees(typed: str, recorded: str) -> float:
        return _given_agrees(typed, recorded, canonical)

    people = Person.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True)
    if terms.date_of_birth is not None:
        dates = [terms.date_of_birth, _swapped(terms.date_of_birth)]
        people = people.filter(date_of_birth__in=[d for d in dates if d])
    if len(names) == 1:
        keys = {k for k in (phonetic_key(v) for v in _one_slip(names[0])) if k}
        lookup = Q(family_phonetic__in=keys) if keys else Q(pk__in=[])
        if terms.date_of_birth is not None and keys:
            lookup |= Q(given_name__iexact=names[0])
        rows = people.filter(lookup).values_list("pk", "given_name", "family_name")
        scored = [
            (max(family_agrees(names[0], family), given_agrees(names[0], given)), pk)
            for pk, given, family in rows[:_CANDIDATES]
        ]
    else:
        given, family = names[0], names[-1]
        blocks = _name_blocks(given, family)
        lookup = Q(name_block__in=blocks) if blocks else Q(pk__in=[])
        # A misspelled given name changes its block: the family name's sound and the
        # given name's initial find it too.
        for typed_given, typed_family in ((given, family), (family, given)):
            key = phonetic_key(typed_family)
            if key and typed_given:
                lookup |= Q(family_phonetic=key, given_name__istartswith=typed_given[0])
        rows = people.filter(lookup).values_list("pk", "given_name", "family_name")
        scored = []
        for pk, recorded_given, recorded_family in rows[:_CANDIDATES]:
            straight = given_agrees(given, recorded_given) * family_agrees(family, recorded_family)
            swapped = given_agrees(family, recorded_given) * family_agrees(given, recorded_family)
            scored.append((max(straight, swapped * 0.95), pk))
    return sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))


def _ids(rows: QuerySet[Any]) -> list[int]:
    return list(rows.values_list("pk", flat=True)[:_CANDIDATES])


def _by_crime_reference(typed: str) -> QuerySet[Referral]:
    """Referrals a police force sent under this crime reference, and form referrals whose
    victim or referrer typed it (kept apart, as typed: ADR 31)."""
    spellings = {typed.strip(), typed.strip().upper()}
    return Referral.objects.filter(
        Q(crime_reference__in=spellings) | Q(given_crime_reference__in=spellings)
    )


def _matching_cases(user: User, terms: SearchTerms) -> tuple[QuerySet[Case], list[int]]:
    """The organisation's cases the terms find, and the order of their people."""
    cases = _organisation_cases(user)
    if terms.case_reference:
        return cases.filter(reference=terms.case_reference), []
    if terms.email:
        index = blind_index(normalise_email(terms.email))
        return cases.filter(person_id__in=_ids(Person.objects.filter(email_index=index))), []
    if terms.phone:
        # Two indexed lookups read into lists first: the planner then knows how few rows
        # there are (an OR of two subqueries made it read every case).
        by_phone = _ids(Person.objects.filter(phone_index=blind_index(terms.phone)))
        by_reference = _ids(_by_crime_reference(terms.reference))
        return cases.filter(Q(person_id__in=by_phone) | Q(referral_id__in=by_reference)), []
    if terms.reference:
        found = cases.filter(referral_id__in=_ids(_by_crime_reference(terms.reference)))
        if terms.date_of_birth is not None:
            found = found.filter(person__date_of_birth=terms.date_of_birth)
        return found, []
    if terms.names:
        ranked = [pk for _, pk in _by_name(terms)]
        return cases.filter(person_id__in=ranked[: MAX_PEOPLE * 4]), ranked
    if terms.date_of_birth is not None:
        return cases.filter(person__date_of_birth=terms.date_of_birth), []
    return cases.none(), []


def case_search(user: User, query: str) -> SearchResults:
    """People and their cases in the user's organisation that the query finds, the closest
    names first (newest report first otherwise), at most MAX_PEOPLE people."""
    terms = search_terms(query)
    if terms.is_empty:
        return SearchResults(terms=terms, people=[])
    cases, ranked = _matching_cases(user, terms)
    # The matching cases' ids first (each lookup is indexed), then which people they name,
    # in order, from the ids alone; only the shown people's cases are read in full.
    ids = cases.values_list("pk", flat=True)[: MAX_PEOPLE * 8]
    in_order = Case.objects.filter(pk__in=ids).order_by(*_NEWEST_REPORT_FIRST)
    pairs = list(in_order.values_list("pk", "person_id"))
    people_ids = list(dict.fromkeys(person_id for _, person_id in pairs))
    if ranked:
        order = {pk: position for position, pk in enumerate(ranked)}
        people_ids.sort(key=lambda pk: order.get(pk, 0))
    shown = people_ids[:MAX_PEOPLE]
    chosen = set(shown)
    rows = (
        Case.objects.filter(pk__in=[pk for pk, person_id in pairs if person_id in chosen])
        .order_by(*_NEWEST_REPORT_FIRST)
        .select_related("person", "team", "officer", "referral")
        .only(*_SHOWN_FIELDS)
    )
    people: dict[int, FoundPerson] = {}
    for case in rows:
        found = people.get(case.person_id)
        if found is None:
            found = people[case.person_id] = FoundPerson(person=case.person)
        found.cases.append(FoundCase(case=case, openable=user.has_perm("cases.view_case", case)))
    listed = [people[pk] for pk in shown if pk in people]
    return SearchResults(terms=terms, people=listed, more=len(people_ids) > MAX_PEOPLE)


_NEWEST_REPORT_FIRST = ("-referral__reported_at", "-pk")
# What the results show of each case (and what the rule of who may open it reads): the
# rest of the four rows, the victim's contact details above all, is never read.
_SHOWN_FIELDS = (
    "reference",
    "status",
    "person_id",
    "team_id",
    "officer_id",
    "referral_id",
    "person__kind",
    "person__business_name",
    "person__given_name",
    "person__family_name",
    "person__date_of_birth",
    "person__postcode",
    "team__name",
    "officer__first_name",
    "officer__last_name",
    "officer__username",
    "referral__crime_category",
    "referral__reported_at",
)
