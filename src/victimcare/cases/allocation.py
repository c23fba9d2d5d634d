"""Giving new cases their named officer (see `cases.rules.choose_officer`)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.models import OPEN_STATUSES, Case, CaseStatus
from victimcare.cases.rules import Allocation, OfficerLoad, VictimNeeds, choose_officer
from victimcare.entitlements.rules import AutoReferral, age_on, reported_day
from victimcare.entitlements.selectors import current_rule_values
from victimcare.people.normalise import same_person_exactly

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


def _previous_by_person(cases: Sequence[Case]) -> dict[int, int]:
    """The officer who last supported each of these cases' people in another case: the
    same person, found by exact details at intake or joined by linkage."""
    people = {case.person_id for case in cases if case.person_id}
    rows = (
        Case.objects.filter(person_id__in=people, officer__isnull=False)
        .exclude(pk__in=[case.pk for case in cases if case.pk])
        .order_by("opened_at", "pk")
        .values_list("person_id", "officer_id")
    )
    return dict(rows)  # the latest case wins


def _allocatable(case: Case) -> bool:
    """A case of an auto-allocating hub whose victim an officer is to contact."""
    return (
        case.team is not None
        and case.team.auto_allocate
        and case.referral.auto_referral in ALLOCATED_ROUTES
    )


def _choose(
    case: Case, team_loads: dict[int, OfficerLoad], previous: int | None, adult_age: int
) -> Allocation:
    person = case.person
    young = bool(
        person.date_of_birth
        and age_on(person.date_of_birth, reported_day(case.referral.reported_at)) < adult_age
    )
    needs = VictimNeeds(person.first_language.strip().lower(), young)
    return choose_officer(list(team_loads.values()), needs, previous)


def case_officer_set(case: Case, officer_id: int | None, reason: str, why: str) -> None:
    """Give a saved case (locked by the caller) another officer: a new version, so a form
    opened before is refused rather than lost, and its open tasks follow."""
    case.officer_id, case.allocation_reason = officer_id, reason
    case._change_reason = why  # type: ignore[attr-defined]
    case.version += 1
    case.save(update_fields=["officer", "allocation_reason", "version", "updated_at"])
    case.tasks.filter(done_at__isnull=True, ended_at__isnull=True).update(assigned_to_id=officer_id)


def cases_allocate(
    *,
    cases: Sequence[Case],
    actor: User | None = None,
    actor_label: str = "",
    people_new: bool = False,
) -> None:
    """Give each new case of an auto-allocating hub its named officer, with the reason.
    `people_new`: the cases' people were made with them, in this transaction (intake), so
    none has another case to look up."""
    wanted = [case for case in cases if case.officer_id is None and _allocatable(case)]
    if not wanted:
        return
    loads = _officer_loads({case.team_id for case in wanted if case.team_id})
    history = _previous_officers(wanted)
    by_person = {} if people_new else _previous_by_person(wanted)
    adult_age = current_rule_values().adult_age
    for case in wanted:
        person = case.person
        previous = (
            by_person.get(person.pk)
            or next(
                (
                    seen.officer_id
                    for seen in reversed(history[person.name_key])
                    if same_person_exactly(
                        person.name_key, person.date_of_birth, person.name_key, seen.date_of_birth
                    )
                ),
                None,
            )
            if person.name_key
            else None
        )
        team_loads = loads.get(case.team_id or 0, {})
        allocation = _choose(case, team_loads, previous, adult_age)
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


def cases_allocate_after_linkage(*, case_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Linkage found that these new cases' victim is someone the hub already knows (or made
    them persistently targeted, so a recorded-only case now goes to support). Each case not
    yet worked goes back to the officer who last supported that person, if they still take
    the hub's new cases; one that had no officer gets one by the usual rules. Returns how
    each changed case's officer and reason before, so an unmerge can put them back. Runs
    inside the caller's transaction."""
    cases = list(
        Case.objects.select_for_update(of=("self",))
        .select_related("team", "referral", "person")
        .filter(pk__in=case_ids, status=CaseStatus.NEW)
    )
    cases = [case for case in cases if _allocatable(case)]
    if not cases:
        return {}
    loads = _officer_loads({case.team_id for case in cases if case.team_id})
    by_person = _previous_by_person(cases)
    adult_age = current_rule_values().adult_age
    changed: dict[int, dict[str, Any]] = {}
    for case in cases:
        earlier = by_person.get(case.person_id)
        allocation = _choose(case, loads.get(case.team_id or 0, {}), earlier, adult_age)
        repeat = allocation.officer_id is not None and allocation.officer_id == earlier
        if allocation.officer_id is None or allocation.officer_id == case.officer_id:
            continue
        if case.officer_id is not None and not repeat:
            continue  # already has an officer, and linkage found no earlier one to go back to
        previous = case.officer_id
        changed[case.pk] = {
            "officer_id": previous,
            "allocation_reason": case.allocation_reason,
            "to_officer_id": allocation.officer_id,
        }
        reason = (
            f"{allocation.reason} (found by repeat-victim linkage)" if repeat else allocation.reason
        )
        case_officer_set(
            case, allocation.officer_id, reason, "allocated after repeat-victim linkage"
        )
        audit_event_record(
            action=AuditAction.CASE_ALLOCATED,
            obj=case,
            actor_label="linkage",
            data={
                "officer_id": case.officer_id,
                "from_officer_id": previous,
                "reason": case.allocation_reason,
            },
        )
    return changed
