"""What a linkage model must be before it is stored, and how training is made to meet it.

Trained by expectation maximisation alone, the weights came out unstable and sometimes
absurd: dates of birth more than ten years apart weighed -6.4 in one model and -40.7 in the
next, and an exact postcode weighed 16.78 while two different given names weighed +0.05,
so two strangers in one postcode scored 99% (issue 16). So (ADR 42):

- the m probability (how often one person's two records compare so) of each level that
  says the records disagree is fixed from what the hub knows of police keying, and each
  other fuzzy level's is floored; the exact level takes the rest;
- no single field may carry a pair to the review threshold on its own: an agreement whose
  weight would do so (a rare postcode in a small index, a rare family name) has its weight
  capped, through its u probability and the term-frequency floor;
- a model that still breaks a property is refused with the reason, never stored.
"""

import math
from collections.abc import Mapping
from typing import Any

from victimcare.linkage.scorer import CompiledModel, weight_of

# m for the levels that say two records disagree ("All other comparisons", and the weak
# similarity levels), by field and level label. Given name and date of birth disagreeing
# must weigh strongly against; a family name, address, phone or email changes more often.
FIXED_M: dict[str, dict[str, float]] = {
    "given_name": {
        "Jaro-Winkler distance of given_name >= 0.7": 0.02,
        "All other comparisons": 0.01,
    },
    "family_name": {
        "Jaro-Winkler distance of family_name >= 0.7": 0.03,
        "All other comparisons": 0.07,
    },
    "dob": {
        "Abs date difference <= 1 year": 0.03,
        "Abs date difference <= 10 year": 0.008,
        "All other comparisons": 0.004,
    },
    "postcode": {
        "Damerau-Levenshtein distance of postcode <= 2": 0.04,
        "All other comparisons": 0.25,
    },
    "address": {"All other comparisons": 0.3},  # a street 1 or 2 errors apart: floored
    "phone": {"All other comparisons": 0.3},
    "email": {"All other comparisons": 0.3},
}
# A different address in another postcode (more than two keying errors from this one, the
# postcode comparison's "different" level): one move, which the postcode's own disagreement
# already counts. Fellegi-Sunter multiplies the fields' evidence as if independent, so
# weighed again in the address a move counted twice against the same person (about 1.7
# bits), and a repeat victim who had moved fell below the join threshold as the index grew.
# The address comparison's level for it (splink_model.address_comparison) weighs nothing; a
# different address in the same postcode (a neighbour, a house number keyed wrong) still
# counts against, as before.
MOVED_LABEL = "Different address, in another postcode"
# The least m for the other fuzzy levels (a typo in a name or a date of birth).
FLOOR_M = 0.01
# Bits below the review threshold that one field alone must stay.
MARGIN = 1.0
# Disagreement on these must weigh at most this much (log2 of the odds: -5 is 32 to 1).
STRONGLY_AGAINST = -5.0
DECIDING_FIELDS = ("given_name", "dob")


def _is_exact(level: Mapping[str, Any]) -> bool:
    condition = str(level.get("sql_condition", ""))
    return condition.endswith('_r"') and " = " in condition and "strptime" not in condition


def calibrated(model: dict[str, Any], *, review_threshold: float) -> dict[str, Any]:
    """The trained model with fixed and floored m probabilities, and each agreement's weight
    capped so one field alone stays below the review threshold."""
    prior = float(model["probability_two_random_records_match"])
    ceiling = weight_of(review_threshold) - math.log2(prior / (1 - prior)) - MARGIN
    for comparison in model["comparisons"]:
        fixed = FIXED_M.get(comparison["output_column_name"], {})
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        exact = [level for level in levels if _is_exact(level)][:1]
        moved = [level for level in levels if level.get("label_for_charts") == MOVED_LABEL]
        for level in moved:
            # Weighs nothing: m and u alike. Not one of the shares that make up m below.
            share = float(level.get("u_probability") or 1.0)
            level["m_probability"] = level["u_probability"] = share
        levels = [level for level in levels if level not in moved]
        if moved:
            # "All other comparisons" now holds only the pairs with different addresses in the
            # same (or an unknown) postcode, which random pairs almost never are: its u is put
            # back to the share of all pairs whose addresses differ, so that it still counts
            # against as it did before the move had a level of its own.
            agreeing = sum(float(level.get("u_probability") or 0.0) for level in levels[:-1])
            levels[-1]["u_probability"] = max(1.0 - agreeing, 1e-9)
        for level in levels:
            if level in exact:
                continue
            label = level.get("label_for_charts", "")
            trained = level.get("m_probability")
            if label in fixed:
                level["m_probability"] = fixed[label]
            else:
                level["m_probability"] = max(float(trained or 0.0), FLOOR_M)
        if exact:
            rest = sum(float(level["m_probability"]) for level in levels if level not in exact)
            exact[0]["m_probability"] = max(1.0 - rest, 0.0)
        for level in levels:
            m, u = level.get("m_probability"), level.get("u_probability")
            if not m or not u:
                continue
            least_u = float(m) / 2.0**ceiling
            if float(u) < least_u:
                level["u_probability"] = min(least_u, 1.0)
            if level.get("tf_adjustment_column"):
                level["tf_minimum_u_value"] = max(
                    float(level.get("tf_minimum_u_value") or 0.0), min(least_u, 1.0)
                )
    return model


def model_problems(
    model: Mapping[str, Any],
    term_frequencies: Mapping[str, Mapping[str, float]],
    *,
    review_threshold: float,
) -> list[str]:
    """Why this model must not be used, in words (an empty list: it may be stored)."""
    problems = []
    compiled = CompiledModel(model, term_frequencies)
    review = weight_of(review_threshold)
    for comparison in compiled.comparisons:
        for level in comparison.levels:
            if level.tf_field and not _exact_label(level.label):
                problems.append(
                    f"{comparison.name}: frequency adjustment on a level where "
                    f"the values differ ({level.label})"
                )
        best = max(_most(compiled, comparison.field, level) for level in comparison.levels)
        if compiled.prior_weight + best >= review:
            problems.append(
                f"{comparison.name} alone reaches the review threshold: its strongest level "
                f"weighs {best:.2f} against a starting weight of {compiled.prior_weight:.2f}"
            )
        if comparison.field in DECIDING_FIELDS:
            against = comparison.levels[-1].weight
            if against > STRONGLY_AGAINST:
                problems.append(
                    f"{comparison.name}: disagreement weighs {against:.2f}, not strongly "
                    f"against a match (at most {STRONGLY_AGAINST:.0f})"
                )
    return problems


def _exact_label(label: str) -> bool:
    return label.lower().startswith("exact match")


def _most(compiled: CompiledModel, field: str, level: Any) -> float:
    """The most a level can add, counting the term-frequency adjustment for the rarest
    value the index holds (or the floor, whichever is larger)."""
    if not level.tf_field:
        return float(level.weight)
    shares = compiled.term_frequencies.get(level.tf_field, {})
    rarest = min(shares.values(), default=0.0)
    smallest = max(rarest, level.tf_minimum_u)
    if smallest <= 0:
        return float("inf")
    return float(level.weight + level.tf_weight * (level.log2_u_exact - math.log2(smallest)))


def weights_in_words(model: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each field's levels and weights as a person reads them (the staff weights page)."""
    compiled = CompiledModel(model, {})
    fields = []
    for comparison in compiled.comparisons:
        levels = []
        has_moved = any(level.label == MOVED_LABEL for level in comparison.levels)
        for level in comparison.levels:
            label = level_in_words(comparison.name, level.label)
            if has_moved and level.label.lower().startswith("all other"):
                label = "A different address in the same postcode, or the postcode missing"
            levels.append(
                {
                    "label": label,
                    "weight": round(level.weight, 2) or 0,
                    "meaning": _meaning(level.weight),
                    "rarer_counts_more": bool(level.tf_field),
                }
            )
        fields.append(
            {"field": FIELD_NAMES.get(comparison.name, comparison.name), "levels": levels}
        )
    return fields


FIELD_NAMES = {
    "given_name": "Given name",
    "family_name": "Family name",
    "dob": "Date of birth",
    "postcode": "Postcode",
    "address": "Address",
    "phone": "Phone number",
    "email": "Email address",
}


def level_in_words(field: str, label: str) -> str:
    what = FIELD_NAMES.get(field, field).lower()
    lowered = label.lower()
    if lowered.startswith("exact match"):
        return f"The same {what}"
    if label == MOVED_LABEL:
        return "A different address in another postcode (counted once, with the postcode)"
    if lowered.startswith("all other"):
        return f"Different {what}"
    if "jaro-winkler" in lowered:
        similarity = label.rsplit(">=", 1)[-1].strip()
        return f"A similar {what} (similarity {float(similarity):.0%} or more)"
    if "levenshtein" in lowered and field == "address":
        edits = label.rsplit("<=", 1)[-1].strip()
        return (
            f"The same flat and house numbers, the street {edits} keying "
            f"error{'s' if edits != '1' else ''} apart"
        )
    if "levenshtein" in lowered:
        edits = label.rsplit("<=", 1)[-1].strip()
        return f"A {what} {edits} keying error{'s' if edits != '1' else ''} apart"
    if "date difference" in lowered:
        span = (
            label.rsplit("<=", 1)[-1]
            .strip()
            .replace("year", "years")
            .replace("1 years", "a year")
            .replace("1 month", "a month")
        )
        return f"Dates of birth within {span} of each other"
    return label


def _meaning(weight: float) -> str:
    if weight == 0:
        return "Tells nothing either way"
    odds = 2.0 ** abs(weight)
    if abs(weight) < 1:
        return "Tells little either way"
    size = f"{odds:,.0f} to 1" if odds < 1e6 else "over a million to 1"
    side = "for" if weight > 0 else "against"
    return f"Counts {side} the same person ({size})"
