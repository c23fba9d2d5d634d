"""Scoring one pair of people straight from the stored Splink model, without DuckDB.

Splink builds a DuckDB database and a linker on every call, which costs 150-200 ms before
any scoring: fine for a batch, too slow for one referral arriving on the API (ADR 25,
BENCHMARKS.md). So the stored model is compiled once into Python tests, one for each of
its comparison levels, and a pair's match weight is the model's prior plus each field's
log2(m/u) plus the term-frequency adjustment for names, exactly as Splink computes it.
The compiler (linkage/levels.py) understands the comparison levels the hub's model uses
(null, exact, Jaro-Winkler, Levenshtein, Damerau-Levenshtein, date difference) and refuses
any other, so a changed model can never be scored wrongly in silence. tests/linkage/test_scorer.py
checks the scores against Splink's own on every blocked pair of a trained model.
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from victimcare.linkage.levels import UnsupportedModel, _compile, _test, level_kind

__all__ = ["CompiledModel", "Score", "UnsupportedModel", "level_kind", "term_frequencies"]

# Weights summed in another order may differ in the last bits: a candidate is ruled out only
# when it falls short by more than this.
_SLACK = 1e-9


@dataclass(frozen=True)
class Level:
    gamma: int
    label: str
    test: Callable[[Any, Any], bool]
    weight: float  # log2(m / u)
    tf_field: str | None = None  # term frequency adjustment on this level
    tf_weight: float = 0.0
    log2_u_exact: float = 0.0
    tf_minimum_u: float = 0.0
    reads: str = ""  # the other field this level tests, if not its comparison's own


@dataclass(frozen=True)
class Comparison:
    name: str
    field: str
    null: Callable[[Any, Any], bool]
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class FieldResult:
    field: str
    gamma: int
    level: str
    weight: float  # including the term frequency adjustment


@dataclass(frozen=True)
class Score:
    match_weight: float
    match_probability: float
    fields: tuple[FieldResult, ...]

    def details(self) -> list[dict[str, Any]]:
        """The review queue's form: how each field compared and what it weighed."""
        return [
            {"field": f.field, "level": f.level, "weight": round(f.weight, 2)} for f in self.fields
        ]


class CompiledModel:
    """A stored model, ready to score pairs of people in their `linkage_record` form.

    `term_frequencies` maps a name field to {value: share of people with that value}; a
    value it does not hold gets no adjustment unless the other side's value is known."""

    def __init__(
        self, model: Mapping[str, Any], term_frequencies: Mapping[str, Mapping[str, float]]
    ) -> None:
        # Splink itself reads the stored model, so each level's weight is Splink's own: its
        # default m for a level training left untouched, its clamping of m and u.
        from splink.internals.settings_creator import SettingsCreator

        resolved = SettingsCreator.from_path_or_dict(dict(model)).get_settings("duckdb")
        prior = float(resolved._probability_two_random_records_match)
        self.prior_weight = math.log2(prior / (1 - prior))
        self.term_frequencies = term_frequencies
        comparisons = []
        for comparison in resolved.comparisons:
            name = comparison.output_column_name
            null_levels = [level for level in comparison.comparison_levels if level.is_null_level]
            if len(null_levels) != 1:
                raise UnsupportedModel(f"{name}: a comparison needs exactly one null level")
            field, null = _test(null_levels[0].sql_condition)
            levels = []
            for level in comparison.comparison_levels:
                if level.is_null_level:
                    continue
                reads = ""
                if level._is_else_level:
                    test: Callable[[Any, Any], bool] = lambda a, b: True  # noqa: E731
                else:
                    kind, level_field, test = _compile(level.sql_condition)
                    if level_field != field and kind != "differs":
                        raise UnsupportedModel(f"{name}: a level compares {level_field}")
                    reads = level_field if level_field != field else ""
                if level._match_weight is None:
                    raise UnsupportedModel(f"{name}: a level has no m or u probability")
                adjusted = level._has_tf_adjustments and level._tf_adjustment_weight != 0
                levels.append(
                    Level(
                        gamma=int(level.comparison_vector_value),
                        label=level.label_for_charts or "",
                        test=test,
                        weight=float(level._match_weight),
                        tf_field=level._tf_adjustment_input_column.unquote().name
                        if adjusted
                        else None,
                        tf_weight=float(level._tf_adjustment_weight) if adjusted else 0.0,
                        log2_u_exact=math.log2(
                            level._u_probability_corresponding_to_exact_match(
                                comparison.comparison_levels
                            )
                        )
                        if adjusted
                        else 0.0,
                        tf_minimum_u=float(level._tf_minimum_u_value),
                        reads=reads,
                    )
                )
            comparisons.append(Comparison(name=name, field=field, null=null, levels=tuple(levels)))
        self.comparisons = tuple(comparisons)
        self._least = {
            c.field: min(0.0, *(level.weight for level in c.levels)) for c in comparisons
        }

    def _tf_adjustment(self, level: Level, a: Any, b: Any) -> float:
        shares = self.term_frequencies.get(level.tf_field or "", {})
        left, right = shares.get(a), shares.get(b)
        if left is None and right is None:
            return 0.0
        known = [value for value in (left, right) if value is not None]
        return level.tf_weight * (level.log2_u_exact - math.log2(max(*known, level.tf_minimum_u)))

    def best_weight(self, field: str) -> float:
        """The most a field can add to a pair's weight (0 when missing on one side). Only for
        a field without a term frequency adjustment, whose levels' weights are fixed."""
        comparison = self._comparison(field)
        if any(level.tf_field for level in comparison.levels):
            raise UnsupportedModel(f"{field} is adjusted by term frequency: no fixed best")
        return max(0.0, *(level.weight for level in comparison.levels))

    def _compare(
        self, comparison: Comparison, left: Mapping[str, Any], right: Mapping[str, Any]
    ) -> tuple[Level | None, float]:
        """The level a pair reaches on one comparison (None: missing on one side) and its
        weight, with the term frequency adjustment."""
        a, b = left.get(comparison.field), right.get(comparison.field)
        if comparison.null(a, b):
            return None, 0.0
        for level in comparison.levels:
            if level.reads:
                if level.test(left.get(level.reads), right.get(level.reads)):
                    return level, level.weight
                continue
            if level.test(a, b):
                if not level.tf_field:
                    return level, level.weight
                adjustment = self._tf_adjustment(
                    level, left.get(level.tf_field), right.get(level.tf_field)
                )
                return level, level.weight + adjustment
        return None, 0.0  # unreachable: the last level is ELSE

    def field_weight(self, field: str, left: Mapping[str, Any], right: Mapping[str, Any]) -> float:
        """What one field adds to a pair's weight."""
        return self._compare(self._comparison(field), left, right)[1]

    def _comparison(self, field: str) -> Comparison:
        for comparison in self.comparisons:
            if comparison.field == field:
                return comparison
        raise UnsupportedModel(f"the model does not compare {field}")

    def match_weight(
        self, left: Mapping[str, Any], right: Mapping[str, Any], *, skip: str = ""
    ) -> float:
        """The pair's match weight alone: what `score` gives, without the details; with
        `skip`, without that field's part."""
        return self.prior_weight + sum(
            self._compare(comparison, left, right)[1]
            for comparison in self.comparisons
            if comparison.field != skip
        )

    def varying_fields(self, probes: Sequence[Mapping[str, Any]]) -> frozenset[str]:
        """The compared fields in which these records differ."""
        first = probes[0]
        return frozenset(
            comparison.field
            for comparison in self.comparisons
            if any(probe.get(comparison.field) != first.get(comparison.field) for probe in probes)
        )

    def best_orientation(
        self,
        probes: Sequence[Mapping[str, Any]],
        right: Mapping[str, Any],
        *,
        skip: str = "",
        varying: frozenset[str] | None = None,
    ) -> tuple[float, Mapping[str, Any]]:
        """The highest `match_weight` of any of these records (one person's record taken
        different ways round) against `right`, and the record that gives it. The fields the
        records share are weighed once."""
        first = probes[0]
        if varying is None:
            varying = self.varying_fields(probes)
        shared = self.prior_weight + sum(
            self._compare(comparison, first, right)[1]
            for comparison in self.comparisons
            if comparison.field != skip and comparison.field not in varying
        )
        best: tuple[float, Mapping[str, Any]] | None = None
        for probe in probes:
            weight = shared + sum(
                self._compare(comparison, probe, right)[1]
                for comparison in self.comparisons
                if comparison.field != skip and comparison.field in varying
            )
            if best is None or weight > best[0]:
                best = (weight, probe)
        if best is None:
            raise ValueError("best_orientation needs at least one record to weigh")
        return best

    def _level_bound(self, level: Level, values: Iterable[Any]) -> float:
        """The most one level can weigh for a pair one of whose values is among `values`
        (the records' own), whatever the other side holds."""
        if not level.tf_field:
            return level.weight
        if level.tf_weight < 0:  # log2 of a share is at most 0
            return level.weight + max(0.0, level.tf_weight * level.log2_u_exact)
        shares = self.term_frequencies.get(level.tf_field, {})
        rarest = min(shares.values(), default=1.0)

        def most(value: Any) -> float:
            # The adjustment is tf_weight * (log2_u_exact - log2(max(known shares, minimum
            # u))): the larger share known is at least this record's own, if it has one;
            # if not, the other side's share counts, which may be the rarest, or none does.
            share = shares.get(value)
            if share is None:
                return max(0.0, level.tf_weight * (level.log2_u_exact - math.log2(rarest)))
            floor = max(share, level.tf_minimum_u)
            return level.tf_weight * (level.log2_u_exact - math.log2(floor))

        return level.weight + max((most(value) for value in values), default=most(None))

    def bounds(self, probes: Sequence[Mapping[str, Any]]) -> "Bounds":
        """For each compared field, the most it can add to the weight of any of these records
        against anyone (0 when missing on one side), and the order to weigh the fields in:
        what lets a candidate be passed over as soon as the fields weighed so far leave it
        short (`could_reach`)."""
        most = {}
        for comparison in self.comparisons:
            best = 0.0
            if any(probe.get(comparison.field) is not None for probe in probes):
                for level in comparison.levels:
                    values = (
                        [probe.get(level.tf_field) for probe in probes] if level.tf_field else []
                    )
                    best = max(best, self._level_bound(level, values))
            most[comparison.field] = best  # 0 when missing on this side: never weighed
        # The comparison whose disagreement could take most off its bound first: a phone
        # the newcomer has and a candidate lacks takes off all it could add; a date of birth
        # that differs, more.
        order = tuple(sorted(self.comparisons, key=lambda c: self._least[c.field] - most[c.field]))
        return Bounds(most=most, order=order, total=self.prior_weight + sum(most.values()))

    def could_reach(
        self,
        probes: Sequence[Mapping[str, Any]],
        right: Mapping[str, Any],
        target: float,
        *,
        bounds: "Bounds",
        varying: frozenset[str],
        skip: str = "",
    ) -> bool:
        """Whether any of these records (one person's, taken different ways round) could
        weigh `target` or more against `right`. The fields are weighed one by one in the
        bounds' order, and the answer is no as soon as what they add, with the most every
        field left could add, falls short; so most candidates who share only a blocking key
        are ruled out on a few fields. A yes is then weighed exactly (`best_orientation`).
        The `skip` field (not yet known of `right`) counts at its most; a field the records
        differ in, at what the best of them gives."""
        first = probes[0]
        left = bounds.total
        for comparison in bounds.order:
            if comparison.field == skip:
                continue
            if comparison.field in varying:  # at most what the best way round gives it
                weight = max(self._compare(comparison, probe, right)[1] for probe in probes)
            else:
                weight = self._compare(comparison, first, right)[1]
            left += weight - bounds.most[comparison.field]
            if left < target - _SLACK:
                return False
        return True

    def score(self, left: Mapping[str, Any], right: Mapping[str, Any]) -> Score:
        total = self.prior_weight
        fields = []
        for comparison in self.comparisons:
            level, weight = self._compare(comparison, left, right)
            total += weight
            if level is None:
                fields.append(FieldResult(comparison.name, -1, "Missing on one side", 0.0))
            else:
                fields.append(FieldResult(comparison.name, level.gamma, level.label, weight))
        return Score(match_weight=total, match_probability=probability(total), fields=tuple(fields))


@dataclass(frozen=True)
class Bounds:
    """What `CompiledModel.bounds` works out once per newcomer."""

    most: Mapping[str, float]  # the most each field can add
    order: tuple[Comparison, ...]  # the order `could_reach` weighs them in
    total: float  # the prior and every field at its most


def weight_of(match_probability: float) -> float:
    """A match probability as a match weight (log2 odds)."""
    if match_probability <= 0:
        return float("-inf")
    if match_probability >= 1:
        return float("inf")
    return math.log2(match_probability / (1 - match_probability))


def probability(weight: float) -> float:
    """A match weight as a match probability."""
    if weight == float("inf"):
        return 1.0
    if weight == float("-inf"):
        return 0.0
    odds = 2.0**weight if weight < 1000 else float("inf")
    return odds / (1 + odds) if odds != float("inf") else 1.0


def term_frequencies(
    records: Iterable[Mapping[str, Any]], model: Mapping[str, Any]
) -> dict[str, dict[str, float]]:
    """Each term-frequency-adjusted field's values and their share of the people who have
    one, as Splink computes them."""
    fields = {
        level["tf_adjustment_column"]
        for comparison in model["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }
    counts: dict[str, dict[str, int]] = {field: {} for field in fields}
    for record in records:
        for field in fields:
            value = record.get(field)
            if value is not None:
                counts[field][value] = counts[field].get(value, 0) + 1
    shares = {}
    for field, values in counts.items():
        total = sum(values.values())
        shares[field] = {value: count / total for value, count in values.items()}
    return shares
