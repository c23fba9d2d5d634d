"""Training and storing the linkage model (`python manage.py train_linkage`)."""

import functools
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from victimcare.audit.actions import AuditAction
from victimcare.audit.services import audit_event_record
from victimcare.cases.allocation import case_officer_set, cases_allocate_after_linkage
from victimcare.cases.models import Case
from victimcare.cases.services.opening import cases_triage_sync
from victimcare.entitlements.selectors import current_rule_values
from victimcare.linkage import scorer, splink_model
from victimcare.linkage.evidence import DecisionCap, Identity, pair_evidence
from victimcare.linkage.model_rules import model_problems
from victimcare.linkage.models import CandidateStatus, LinkageModel, LinkCandidate, PersonMerge
from victimcare.linkage.names import NameSpellings, names_in_own_right
from victimcare.linkage.records import people_records, training_records
from victimcare.people.models import Person
from victimcare.referrals.models import Referral
from victimcare.referrals.sightings import incidents_in_window, linked_incidents
from victimcare.referrals.values import referral_entitlement_values, referral_sighting


class ModelRefused(Exception):
    """A trained model breaks a property the hub relies on; the message says which."""


def linkage_model_train(*, actor_label: str = "train_linkage") -> LinkageModel:
    """Train on the hub's own people and store the model as the next version, unless it
    breaks a property linkage relies on (linkage/model_rules.py): then nothing is stored
    and the reasons are raised."""
    records = training_records()
    trained = splink_model.train(records, review_threshold=settings.LINKAGE_REVIEW_THRESHOLD)
    # A name's rarity is its share among people, not records: a victim referred five times
    # would otherwise make their own name look five times as common, and batch deduplication
    # (which counts over the people still apart) would weigh the same pair differently.
    frequencies = scorer.term_frequencies(people_records(), trained)
    problems = model_problems(
        trained, frequencies, review_threshold=settings.LINKAGE_REVIEW_THRESHOLD
    )
    if problems:
        raise ModelRefused("The trained model was not stored: " + "; ".join(problems))
    with transaction.atomic():
        latest = LinkageModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        stored = LinkageModel.objects.create(
            version=latest + 1,
            model=trained,
            term_frequencies=frequencies,
            people=len(records),
            trained_by=actor_label,
        )
        audit_event_record(
            action=AuditAction.LINKAGE_MODEL_TRAINED,
            obj=stored,
            actor_label=actor_label,
            data={"version": stored.version, "people": stored.people},
        )
    return stored


def current_model() -> LinkageModel | None:
    return LinkageModel.objects.order_by("-version").first()


_COMPILED: dict[tuple[int, int, Any], scorer.CompiledModel] = {}


@functools.lru_cache(maxsize=4)
def name_spellings(compiled: scorer.CompiledModel) -> NameSpellings:
    """How two given names one letter apart stand in the index the model was trained on
    (`names.names_in_own_right`: two names, a misspelling, or cannot tell), from its
    given-name frequencies; worked out once per compiled model. Intake's evidence and the
    review page's comparison both use it, so they never disagree."""
    return names_in_own_right(compiled.term_frequencies.get("given_name", {}))


def current_scorer() -> tuple[int, scorer.CompiledModel] | None:
    """The newest model's version, compiled to score pairs at intake (linkage/scorer.py).
    It is compiled once per process: each call reads only the newest version's key, not
    the model. A model stored before names' frequencies were kept gets them, once."""
    latest = LinkageModel.objects.order_by("-version").values("pk", "version", "trained_at").first()
    if latest is None:
        return None
    key = (latest["pk"], latest["version"], latest["trained_at"])
    if key not in _COMPILED:
        stored = LinkageModel.objects.get(pk=latest["pk"])
        if not stored.term_frequencies:
            stored.term_frequencies = scorer.term_frequencies(people_records(), stored.model)
            LinkageModel.objects.filter(pk=stored.pk).update(
                term_frequencies=stored.term_frequencies
            )
        for comparison in stored.model["comparisons"]:
            if comparison["output_column_name"] not in ("phone", "email"):
                continue
            kinds = {
                scorer.level_kind(level["sql_condition"])
                for level in comparison["comparison_levels"]
            }
            if not kinds <= {"null", "exact", "else"}:
                raise scorer.UnsupportedModel(
                    f"{comparison['output_column_name']} is compared by digest, so only exactly"
                )
        _COMPILED.clear()
        _COMPILED[key] = scorer.CompiledModel(stored.model, stored.term_frequencies)
    return latest["version"], _COMPILED[key]


# --- Batch deduplication, review and merging ----------------------------------------------


class LinkageRefused(Exception):
    """The decision cannot be made; the message says why."""


ENGINES = ("duckdb", "spark")


def people_dedupe(*, threshold: float, progress: Any = None, engine: str = "duckdb") -> int:
    """Score every blocked pair of people with the current model and put each pair at or
    above the threshold in the review queue (never merging). Returns how many were added.
    `engine` is where the pairs are scored: DuckDB in this process, or Spark (ADR 51; the
    same model, the same pairs and probabilities)."""
    if engine not in ENGINES:
        raise LinkageRefused(f"No such engine: {engine}; choose one of {', '.join(ENGINES)}")
    if engine == "spark":
        try:
            import pyspark  # noqa: F401
        except ImportError:
            raise LinkageRefused(
                "The Spark engine needs pyspark and Java 17: pip install 'victimcare[spark]'"
            ) from None
    stored = current_model()
    if stored is None:
        raise LinkageRefused("Train the linkage model first: python manage.py train_linkage")
    records = people_records()
    if engine == "spark":
        # Here, not at the top: spark_engine imports pyspark, which most hubs do not install.
        from victimcare.linkage import spark_engine

        pairs = spark_engine.scored_pairs(
            stored.model, records, spark=spark_engine.session(), threshold=threshold, details=True
        )
    else:
        pairs = splink_model.scored_pairs(stored.model, records, threshold=threshold, details=True)
    known = set(LinkCandidate.objects.values_list("left_id", "right_id"))
    added = 0
    for pair in pairs:
        left, right = sorted((int(pair["unique_id_l"]), int(pair["unique_id_r"])))
        if (left, right) not in known and _not_told_apart(left, right):
            LinkCandidate.objects.create(
                left_id=left,
                right_id=right,
                probability=pair["match_probability"],
                match_weight=pair["match_weight"],
                fields=pair["fields"],
                model_version=stored.version,
                status=CandidateStatus.PENDING,
            )
            known.add((left, right))
            added += 1
        if progress:
            progress(1)
    return added


def _not_told_apart(left: int, right: int) -> bool:
    """False for two people whose given names and dates of birth both differ beyond a
    keying error (linkage/evidence.py): not worth an officer's review."""
    pair = {p.pk: p for p in Person.objects.filter(pk__in=(left, right))}
    evidence = pair_evidence(Identity.of(pair[left]), Identity.of(pair[right]))
    return evidence.decision_cap != DecisionCap.APART


@transaction.atomic
def people_merge(*, survivor: Person, merged: Person, actor: Any, candidate: Any = None) -> Any:
    """Move every referral and case of `merged` to `survivor`, recording exactly what moved;
    `merged` stays, marked as merged into the survivor, so the merge can be undone."""
    both = Person.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])
    pair = {p.pk: p for p in both}
    if survivor.pk == merged.pk:
        raise LinkageRefused("A person cannot be merged with themselves")
    if any(p.merged_into_id for p in pair.values()):
        raise LinkageRefused("One of these people has already been merged into another")
    referrals = list(Referral.objects.select_for_update().filter(person_id=merged.pk))
    cases = list(Case.objects.select_for_update().filter(person_id=merged.pk))
    records: list[Any] = [*referrals, *cases]
    for record in records:
        record.person_id = survivor.pk
        record._change_reason = "merged: the same person"
        record.save(update_fields=["person"])
    absorbed = pair[merged.pk]
    absorbed.merged_into_id = survivor.pk
    absorbed.save(update_fields=["merged_into"])
    merge = PersonMerge.objects.create(
        survivor_id=survivor.pk,
        merged_id=merged.pk,
        candidate=candidate,
        merged_by=actor,
        moved={"referrals": [r.pk for r in referrals], "cases": [c.pk for c in cases]},
    )
    audit_event_record(
        action=AuditAction.LINKAGE_MERGED,
        obj=pair[survivor.pk],
        actor=actor,
        data={"merge_id": merge.pk, "merged_person_id": merged.pk},
    )
    return merge


@transaction.atomic
def people_unmerge(*, merge: Any, actor: Any) -> Any:
    """Put back exactly the referrals and cases the merge moved, and undo what followed from
    it (persistent targeting, and the officer linkage gave a new case)."""
    current = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if current.unmerged_at is not None:
        raise LinkageRefused("This merge has already been undone")
    moved: list[Any] = [
        *Referral.objects.select_for_update().filter(pk__in=current.moved["referrals"]),
        *Case.objects.select_for_update().filter(pk__in=current.moved["cases"]),
    ]
    for record in moved:
        record.person_id = current.merged_id
        record._change_reason = "unmerged: different people"
        record.save(update_fields=["person"])
    # What the merge led to: entitlements as they were, and officers linkage chose given
    # back, unless somebody has reallocated the case since.
    for referral in Referral.objects.select_for_update().filter(
        pk__in=[int(pk) for pk in current.moved.get("entitlements", {})]
    ):
        for name, value in current.moved["entitlements"][str(referral.pk)].items():
            setattr(referral, name, value)
        referral._change_reason = "unmerged: entitlement as before linkage"  # type: ignore[attr-defined]
        referral.save(update_fields=[*_ENTITLEMENT_FIELDS, "updated_at"])
    cases_triage_sync(referral_ids=[int(pk) for pk in current.moved.get("entitlements", {})])
    allocations = current.moved.get("allocations", {})
    for case in Case.objects.select_for_update(of=("self",)).filter(
        pk__in=[int(pk) for pk in allocations]
    ):
        before = allocations[str(case.pk)]
        if case.officer_id == before["to_officer_id"]:
            case_officer_set(
                case,
                before["officer_id"],
                before["allocation_reason"],
                "unmerged: officer as before linkage",
            )
            audit_event_record(
                action=AuditAction.CASE_ALLOCATED,
                obj=case,
                actor=actor,
                data={
                    "officer_id": case.officer_id,
                    "from_officer_id": before["to_officer_id"],
                    "reason": "unmerged: officer as before linkage",
                    "merge_id": current.pk,
                },
            )
    Person.objects.filter(pk=current.merged_id).update(merged_into=None)
    current.unmerged_at, current.unmerged_by = timezone.now(), actor
    current.save(update_fields=["unmerged_at", "unmerged_by"])
    audit_event_record(
        action=AuditAction.LINKAGE_UNMERGED,
        obj=current.survivor,
        actor=actor,
        data={"merge_id": current.pk},
    )
    return current


@transaction.atomic
def candidate_decide(*, candidate: Any, same_person: bool, actor: Any) -> Any:
    """An officer's decision on a pair: the same person (merged into the one known longest)
    or different people. Audited either way."""
    current = LinkCandidate.objects.select_for_update().get(pk=candidate.pk)
    if current.status != CandidateStatus.PENDING:
        raise LinkageRefused("This pair has already been decided")
    current.status = CandidateStatus.CONFIRMED if same_person else CandidateStatus.REJECTED
    current.decided_by, current.decided_at = actor, timezone.now()
    current.save(update_fields=["status", "decided_by", "decided_at"])
    if same_person:
        people_join(survivor=current.left, merged=current.right, actor=actor, candidate=current)
    audit_event_record(
        action=AuditAction.LINKAGE_CANDIDATE_DECIDED,
        obj=current.left,
        actor=actor,
        data={"candidate_id": current.pk, "same_person": same_person},
    )
    return current


@transaction.atomic
def people_join(*, survivor: Person, merged: Person, actor: Any, candidate: Any = None) -> Any:
    """The merge and what follows from it (`merge_consequences`), as one transaction: both
    are recorded, or neither (a merge without its consequences could not be undone
    exactly). Intake calls this outside any transaction of its own, once per pair."""
    merge = people_merge(survivor=survivor, merged=merged, actor=actor, candidate=candidate)
    merge_consequences(merge)
    return merge


def merge_consequences(merge: Any) -> None:
    """What follows from knowing two records are one person: persistent targeting counted
    across all their referrals, and each new case not yet worked back with the officer who
    last supported them (cases/allocation.py). Only in the merge's transaction (see
    `people_join`): its audit events and the record an unmerge needs commit with it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("merge consequences must be recorded in the merge's transaction")
    survivor = Person.objects.get(pk=merge.survivor_id)
    flagged = persistently_targeted_refresh(survivor)
    cases_triage_sync(referral_ids=list(flagged))
    case_ids = {*merge.moved["cases"]}
    case_ids |= set(Case.objects.filter(referral_id__in=list(flagged)).values_list("pk", flat=True))
    reallocated = cases_allocate_after_linkage(case_ids=sorted(case_ids))
    # What they changed, so an unmerge can put it back exactly.
    entitlements = {str(pk): before for pk, before in flagged.items()}
    allocations = {str(pk): before for pk, before in reallocated.items()}
    merge.moved = {**merge.moved, "entitlements": entitlements, "allocations": allocations}
    merge.save(update_fields=["moved"])


_ENTITLEMENT_FIELDS = (
    "entitlement_level",
    "entitlement_reasons",
    "update_within_working_days",
    "auto_referral",
    "auto_referral_reason",
)


def persistently_targeted_refresh(person: Person) -> dict[int, dict[str, Any]]:
    """Now that these referrals are known to be one person's, flag each that is the third
    (configurable) crime or ASB report within 12 months (configurable), counting itself, as
    persistently targeted: an enhanced entitlement, and the referral of a crime otherwise
    not referred automatically (vehicle crime, say) now goes to support. Each referral's
    entitlement is derived again exactly as a resend of it would derive it (from its own
    details), so an identical resend changes nothing. Returns each referral changed, with
    its entitlement before."""
    values = current_rule_values()
    people_referrals = Referral.objects.select_related("victim").filter(person=person)
    referrals = list(people_referrals.order_by("reported_at", "pk"))
    months = values.persistent_window_months
    reported = [referral.reported_at for referral in referrals]
    exact = incidents_in_window([referral_sighting(r) for r in referrals], months)
    flagged: dict[int, dict[str, Any]] = {}
    for referral, incidents in zip(referrals, exact, strict=True):
        linked = linked_incidents(reported, referral.reported_at, months)
        if linked < values.persistent_min_incidents or referral.entitlement_level == "business":
            continue
        if "persistently_targeted" in referral.entitlement_reason_codes:
            continue
        derived = referral_entitlement_values(
            referral=referral, values=values, incidents=incidents, linked=linked
        )
        with transaction.atomic():
            flagged[referral.pk] = {name: getattr(referral, name) for name in _ENTITLEMENT_FIELDS}
            for name in _ENTITLEMENT_FIELDS:
                setattr(referral, name, derived[name])
            referral._change_reason = "persistently targeted: repeat-victim linkage"  # type: ignore[attr-defined]
            referral.save(update_fields=[*_ENTITLEMENT_FIELDS, "updated_at"])
            audit_event_record(
                action=AuditAction.REFERRAL_PERSISTENTLY_TARGETED,
                obj=referral,
                actor_label="linkage",
                data={"incidents": linked},
            )
    return flagged
