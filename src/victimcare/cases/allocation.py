"""Giving new cases their named officer (see `cases.rules.choose_officer`)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.cases.models import OPEN_STATUSES, Case
from victimcare.cases.rules import OfficerLoad, VictimNeeds, choose_officer
from victimcare.entitlements.rules import AutoReferral, age_on, reported_day
from victimcare.entitlements.selectors import current_rule_values

# Cases an officer works: to contact, or to ask for consent. Recorded-only cases wait.
ALLOCATED_ROUTES = (AutoReferral.REFER, AutoReferral.CONSENT_GIVEN, AutoReferral.AWAITING_CONSENT)


@dataclass
class _Seen:
    date_of_birth: object
    postcode: str
    officer_id: int


def _officer_loads(team_ids: set[int]) -> dict[int, dict[int, OfficerLoad]]:
    officers = (
        User.objects.filter(
            team_id__in=team_ids,
            role=Role.VICTIM_CARE_OFFICER,
            is_active=True,
            takes_new_cases=True,
        )
        .annotate(open_cases=Count("cases", filter=Q(cases__status__in=OPEN_STATUSES)))
        .values_list("pk", "team_id", "open_cases", "languages", "young_victims")
    )
    loads: dict[int, dict[int, OfficerLoad]] = defaultdict(dict)
    for pk, team_id, open_cases, languages, young in officers:
        loads[team_id][pk] = OfficerLoad(
            pk, open_cases, frozenset(str(lang).strip().lower() for lang in languages or []), young
        )
    return loads


def _previous_officers(cases: Sequence[Case]) -> dict[str, list[_Seen]]:
    keys = {case.person.name_key for case in cases if case.person.name_key}
    seen: dict[str, list[_Seen]] = defaultdict(list)
    rows = (
        Case.objects.filter(person__name_key__in=keys, officer__isnull=False)
        .order_by("opened_at")
        .values_list("person__name_key", "person__date_of_birth", "person__postcode", "officer_id")
    )
    for key, dob, postcode, officer_id in rows:
        seen[key].append(_Seen(dob, postcode, officer_id))
    return seen


def cases_allocate(
    *, cases: Sequence[Case], actor: User | None = None, actor_label: str = ""
) -> None:
    """Give each new case of an auto-allocating hub its named officer, with the reason."""
    wanted = [
        case for case in cases
        if case.team is not None and case.team.auto_allocate and case.officer_id is None
        and case.referral.auto_referral in ALLOCATED_ROUTES
    ]  # fmt: skip
    if not wanted:
        return
    loads = _officer_loads({case.team_id for case in wanted if case.team_id})
    history = _previous_officers(wanted)
    adult_age = current_rule_values().adult_age
    for case in wanted:
        person = case.person
        previous = next(
            (
                seen.officer_id
                for seen in reversed(history[person.name_key])
                if (person.date_of_birth and seen.date_of_birth == person.date_of_birth)
                or (person.postcode and seen.postcode == person.postcode)
            ),
            None,
        ) if person.name_key else None  # fmt: skip
        young = bool(
            person.date_of_birth
            and age_on(person.date_of_birth, reported_day(case.referral.reported_at)) < adult_age
        )
        team_loads = loads.get(case.team_id or 0, {})
        allocation = choose_officer(
            list(team_loads.values()),
            VictimNeeds(person.first_language.strip().lower(), young),
            previous,
        )
        case.allocation_reason = allocation.reason
        if allocation.officer_id is None:
            continue
        case.officer_id = allocation.officer_id
        chosen = team_loads[allocation.officer_id]
        team_loads[allocation.officer_id] = OfficerLoad(
            chosen.officer_id, chosen.open_cases + 1, chosen.languages, chosen.young_victims
        )
        if person.name_key:
            history[person.name_key].append(
                _Seen(person.date_of_birth, person.postcode, allocation.officer_id)
            )
