"""The repeat-victim linkage model, with Splink (Ministry of Justice) on DuckDB.

A Fellegi-Sunter model over given name, family name, date of birth, postcode, address,
phone and email, with term-frequency adjustment for names. u probabilities come from
random sampling, m from expectation maximisation on the hub's own people (ADR 25).
"""

import copy
import datetime
import functools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.exceptions import EMTrainingException

from victimcare.linkage.model_rules import MOVED_LABEL, calibrated
from victimcare.people.address import parse_address
from victimcare.people.normalise import (
    canonical_given_name,
    family_name_match_key,
    name_block,
    normalise_email,
    phonetic_key,
)

COLUMNS = (
    "unique_id",
    "given_name",
    "family_name",
    "family_phonetic",
    "name_block",
    "name_block_swapped",
    "dob",
    "postcode",
    "address",
    "phone",
    "email",
)
# Candidate pairs must agree on one of these, the same keys intake looks people up by in
# the database (Person's indexed columns). name_block is the phonetic family and given
# names together (people/normalise.py); family_phonetic stays in the record for models
# stored before name_block existed.
BLOCKING = (("postcode",), ("dob",), ("name_block",), ("phone",), ("email",))
# Given and family names keyed in each other's boxes: one record's name block against the
# other's taken the other way round (name_block_swapped), in both directions, since Splink
# pairs each two people once, the lower id on the left. Intake looks people up the same way.
SWAPPED_BLOCKING = ("l.name_block = r.name_block_swapped", "l.name_block_swapped = r.name_block")
# Batch only: the same address (its numbers and street) with the same given name or the same
# phonetic family name, for a postcode keyed wrong as well as a name. Intake cannot look
# people up by address (encrypted at rest, no index); its postcode and name keys stand in.
ADDRESS_BLOCKING = (("given_name", "address"), ("family_phonetic", "address"))


logger = logging.getLogger(__name__)


class NotEnoughPeople(Exception):
    """Training needs more people than the index holds."""


class _UnseenLevels(logging.Filter):
    """Counts, and keeps off the console, Splink's warning for each agreement level that an
    EM session's pairs never showed ("... not observed in dataset, unable to train m
    value"): every session blocks on some fields, so it always says so of those, and on a
    small index of other levels too. calibrated() gives every such level the hub's fixed or
    floored m, so one summary line says more than thirty warnings."""

    def __init__(self) -> None:
        super().__init__()
        self.levels = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if "not observed in dataset" in record.getMessage():
            self.levels += 1
            return False
        return True


@contextmanager
def _unseen_levels_counted() -> Iterator[_UnseenLevels]:
    em_logger = logging.getLogger("splink.internals.expectation_maximisation")
    unseen = _UnseenLevels()
    em_logger.addFilter(unseen)
    try:
        yield unseen
    finally:
        em_logger.removeFilter(unseen)


def linkage_record(
    *,
    unique_id: int,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    postcode: str,
    address: str,
    phone: str,
    email: str,
) -> dict[str, Any]:
    """One person in the model's terms: normalised, blanks as missing, with the blocking
    keys the batch engines pair people by."""
    values = {
        "unique_id": unique_id,
        **compared_record(
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            postcode=postcode,
            address=address,
            phone=phone,
            email=email,
        ),
        "family_phonetic": phonetic_key(family_name) or None,
        "name_block": name_block(given_name, family_name) or None,
        "name_block_swapped": name_block(family_name, given_name) or None,
    }
    return {column: values[column] for column in COLUMNS}


def compared_record(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    postcode: str,
    address: str,
    phone: str,
    email: str,
) -> dict[str, Any]:
    """Only the fields the model compares, normalised, blanks as missing: what intake's
    scorer needs of each candidate (the blocking keys are already on the stored person, and
    working out the phonetic ones for a hundred candidates was most of a match's time)."""
    values = {
        "given_name": _given(given_name),
        "family_name": _family(family_name),
        "dob": date_of_birth.isoformat() if date_of_birth else "",
        "postcode": (postcode or "").strip().upper(),
        "address": (address_value(address) or "") if address else "",
        "phone": (phone or "").strip(),
        "email": normalise_email(email),
    }
    return {key: (value if value != "" else None) for key, value in values.items()}


# The same few thousand names come back with every candidate: each is normalised once.
_given = functools.lru_cache(maxsize=65_536)(canonical_given_name)
_family = functools.lru_cache(maxsize=65_536)(family_name_match_key)


def address_value(*lines: str) -> str | None:
    """An address (its lines, not the town) as the model compares it, None for none: flat,
    house name, house number and street normalised (people/address.py), the flat and house
    numbers written three times. The model allows a street one or two keying errors apart
    ("Brewste r Place"), and a number written thrice is three errors away from another
    number, so a neighbour at 95 never passes for 94."""
    parts = parse_address(*lines)
    if not parts.known:
        return None
    return "|".join([parts.flat] * 3 + [parts.building] + [parts.number] * 3 + [parts.street])


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            *(block_on(*keys) for keys in BLOCKING),
            *(CustomRule(rule) for rule in SWAPPED_BLOCKING),
            *(block_on(*keys) for keys in ADDRESS_BLOCKING),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            address_comparison(),
            cl.ExactMatch("phone"),
            cl.ExactMatch("email"),
        ],
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
    )


def address_comparison() -> cl.CustomComparison:
    """Flat, number and street normalised (people/address.py), numbers written thrice
    (address_value): the same numbers with a street a keying error or two apart agree in
    part; a neighbour in the same street is a different address; a different address in
    another postcode is the postcode's evidence, not a second piece of its own."""
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.NullLevel("address"),
            cll.ExactMatchLevel("address"),
            cll.DamerauLevenshteinLevel("address", 1),
            cll.DamerauLevenshteinLevel("address", 2),
            # Written in DuckDB's SQL, so that Splink writes it in Spark's for the Spark
            # engine (where "postcode_l" would be a string, not a column).
            cll.CustomLevel(
                'damerau_levenshtein("postcode_l", "postcode_r") > 2',
                label_for_charts=MOVED_LABEL,
                base_dialect_str="duckdb",
            ),
            cll.ElseLevel(),
        ],
    )


def _table(records: Iterable[dict[str, Any]]) -> pa.Table:
    rows = list(records)
    schema = pa.schema([("unique_id", pa.int64())] + [(c, pa.string()) for c in COLUMNS[1:]])
    return pa.Table.from_pylist(rows, schema=schema)


def train(
    records: Sequence[dict[str, Any]], *, minimum: int = 50, review_threshold: float = 0.5
) -> dict[str, Any]:
    """Train a model on these people and return it (Splink's JSON form), its m
    probabilities fixed and floored and each field kept below the review threshold on its
    own (linkage/model_rules.py)."""
    if len(records) < minimum:
        raise NotEnoughPeople(
            f"Training needs at least {minimum} people with a name; the index has {len(records)}"
        )
    db = DuckDBAPI()
    linker = Linker(
        db.register(_table(records), table_name="people"), settings(), log_level="WARNING"
    )
    # Sample every record for EM on a small index; a large one needs only a share of pairs.
    proportion = 1.0 if len(records) <= 50_000 else max(0.01, 50_000 / len(records))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("family_name", "given_name", "dob"), block_on("phone"), block_on("email")],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    # Each EM pass trains every field its blocking rule does not hold equal. Neither rule lets
    # a household (same family name and address, another person) into training as a match.
    skipped = []
    for rule in (block_on("dob"), block_on("given_name", "family_name")):
        try:
            with _unseen_levels_counted() as unseen:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, record_sample_proportion=proportion
                )
            if unseen.levels:
                logger.info(
                    "linkage training: an EM session saw %d agreement levels in none of its "
                    "pairs; they keep the fixed or floored m",
                    unseen.levels,
                )
        except (ValueError, EMTrainingException) as error:
            # Splink 5 refuses an m of exactly 0, which EM reaches when a level never occurs
            # among the pairs it takes for matches (an index with no repeat people in that
            # block), and a rule that pairs nobody at all. That session's fields keep their
            # other session's or default values.
            if isinstance(error, ValueError) and "minimum allowed value" not in str(error):
                raise
            skipped.append(rule)
            logger.warning("linkage training: one EM session learned nothing and was skipped")
    if len(skipped) == 2:
        raise NotEnoughPeople(
            "Training found no repeat people to learn from: the index needs some people "
            "recorded more than once"
        )
    model = exact_u_filled(linker.misc.save_model_to_json(), records)
    return calibrated(model, review_threshold=review_threshold)


def exact_u_filled(
    model: dict[str, Any],
    records: Sequence[dict[str, Any]],
    fields: Sequence[str] = ("phone", "email"),
) -> dict[str, Any]:
    """Give an exact-match level that random sampling never saw (two random people almost
    never share a phone or an email, so in a large index not one of the sampled pairs did)
    its u from the data itself: the share of all pairs that agree. Splink would otherwise
    fall back to a default that understates how telling such an agreement is."""
    for comparison in model["comparisons"]:
        field = comparison["output_column_name"]
        if field not in fields:
            continue
        for level in comparison["comparison_levels"]:
            if level.get("sql_condition") != f'"{field}_l" = "{field}_r"':
                continue
            if isinstance(level.get("u_probability"), float | int):
                continue
            counts: dict[str, int] = {}
            for record in records:
                if record.get(field):
                    counts[record[field]] = counts.get(record[field], 0) + 1
            known = sum(counts.values())
            pairs = known * (known - 1) / 2
            if pairs < 1:
                continue
            agreeing = sum(c * (c - 1) / 2 for c in counts.values())
            level["u_probability"] = max(agreeing, 1.0) / pairs  # none seen: at most one
    return model


FIELDS = ("given_name", "family_name", "dob", "postcode", "address", "phone", "email")


def _level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """For each compared field, its comparison vector values (gamma) and their labels."""
    labels: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        real = [level for level in levels if not level.get("is_null_level")]
        by_gamma = {
            len(real) - 1 - n: level.get("label_for_charts", "") for n, level in enumerate(real)
        }
        by_gamma[-1] = "Missing on one side"
        labels[comparison["output_column_name"]] = by_gamma
    return labels


def scored_pairs(
    model: dict[str, Any],
    records: Sequence[dict[str, Any]],
    *,
    threshold: float = 0.0,
    details: bool = False,
) -> list[dict[str, Any]]:
    """Every blocked pair of these people at or above the threshold, with its match
    probability and weight; with `details`, how each field compared and what it weighed."""
    db = DuckDBAPI()
    settings_dict = {**cheap_first(model), "retain_intermediate_calculation_columns": details}
    linker = Linker(
        db.register(_table(records), table_name="people"), settings_dict, log_level="WARNING"
    )
    rows = linker.inference.predict(threshold_match_probability=threshold).as_record_list()
    if not details:
        return [dict(row) for row in rows]
    pairs = []
    for row in rows:
        pairs.append(
            {
                "unique_id_l": row["unique_id_l"],
                "unique_id_r": row["unique_id_r"],
                "match_probability": row["match_probability"],
                "match_weight": row["match_weight"],
                "fields": field_details(model, row),
            }
        )
    return pairs


# DuckDB's damerau_levenshtein takes about 16 us for two 30-character addresses (levenshtein
# 2 us, a length nothing), and at 1,000,000 people the batch compares 64 million pairs, nearly
# all two different addresses, at two levels: over half an hour of CPU (BENCHMARKS.md, issue
# 21 item 5). Two strings whose byte lengths differ by more than k, or whose Levenshtein
# distance is over 2k (a transposition is two Levenshtein edits), are not within k
# Damerau-Levenshtein edits, so the batch asks those cheap questions first: the same levels,
# the same pairs. Only where DuckDB runs a model; the stored model is unchanged.
_DAMERAU = re.compile(r'^damerau_levenshtein\(("\w+"), ("\w+")\) <= ([0-9]+)$')


def cheap_first(model: dict[str, Any]) -> dict[str, Any]:
    """The model with each Damerau-Levenshtein level guarded by its cheap bounds."""
    fast = copy.deepcopy(model)
    for comparison in fast["comparisons"]:
        for level in comparison["comparison_levels"]:
            match = _DAMERAU.match(str(level.get("sql_condition", "")))
            if match:
                left, right, edits = match.groups()
                level["sql_condition"] = (
                    f"(abs(strlen({left}) - strlen({right})) <= {edits} AND "
                    f"levenshtein({left}, {right}) <= {2 * int(edits)} AND "
                    f"{level['sql_condition']})"
                )
    return fast


def field_details(model: dict[str, Any], row: dict[str, Any]) -> list[dict[str, Any]]:
    """How each field of a scored pair compared, and its match weight (log2 Bayes factor,
    with the term frequency adjustment for names)."""
    labels = _level_labels(model)
    fields = []
    for name in FIELDS:
        gamma = int(row.get(f"gamma_{name}", -1))
        weight = float(row.get(f"mw_{name}") or 0.0) + float(row.get(f"mw_tf_adj_{name}") or 0.0)
        fields.append(
            {
                "field": name,
                "level": labels.get(name, {}).get(gamma, ""),
                "weight": round(weight, 2),
            }
        )
    return fields
