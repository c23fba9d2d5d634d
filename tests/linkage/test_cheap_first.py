"""The batch engines ask a Damerau-Levenshtein level's cheap bounds first (issue 21 item 5):
the same answer as the level's own condition, for every pair of strings, on DuckDB."""

import random
import string

import duckdb
import pyarrow as pa

from victimcare.linkage import spark_engine
from victimcare.linkage.splink_model import cheap_first, settings


def _model() -> dict:
    return settings().create_settings_dict(sql_dialect_str="duckdb")


def _near(rng: random.Random, text: str) -> str:
    """The text with up to three slips: a letter changed, dropped, added or two swapped."""
    letters = list(text)
    for _ in range(rng.randint(0, 3)):
        k = rng.randrange(len(letters) + 1)
        change = rng.randrange(4)
        if change == 0 and k < len(letters):
            letters[k] = rng.choice("abcé|1ßø")
        elif change == 1 and k < len(letters):
            del letters[k]
        elif change == 2:
            letters.insert(k, rng.choice("xyé|9"))
        elif k + 1 < len(letters):
            letters[k], letters[k + 1] = letters[k + 1], letters[k]
    return "".join(letters)


def test_every_damerau_levenshtein_level_is_guarded_and_nothing_else_changes():
    model = _model()
    fast = cheap_first(model)
    changed = [
        (before["sql_condition"], after["sql_condition"])
        for comparison, guarded in zip(model["comparisons"], fast["comparisons"], strict=True)
        for before, after in zip(
            comparison["comparison_levels"], guarded["comparison_levels"], strict=True
        )
        if before["sql_condition"] != after["sql_condition"]
    ]
    assert len(changed) == 4  # postcode and address, one and two edits
    assert all(before.startswith("damerau_levenshtein(") for before, _ in changed)
    assert all(after.endswith(before + ")") for before, after in changed)
    assert cheap_first(model) == fast and model == _model()  # the stored model is untouched


def test_guarded_levels_agree_with_the_plain_ones_on_duckdb():
    rng = random.Random(5)
    pool = string.ascii_lowercase + "|0123456789 éøß"
    left, right = [], []
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        left.append(text)
        right.append(_near(rng, text) if rng.random() < 0.8 else text[::-1])
    con = duckdb.connect()
    con.register("pairs", pa.table({"address_l": left, "address_r": right}))
    model, fast = _model(), cheap_first(_model())
    for comparison, guarded in zip(model["comparisons"], fast["comparisons"], strict=True):
        for plain, cheap in zip(
            comparison["comparison_levels"], guarded["comparison_levels"], strict=True
        ):
            if (
                plain["sql_condition"] == cheap["sql_condition"]
                or "address" not in (plain["sql_condition"])
            ):
                continue
            sql = (
                f"SELECT count(*) FILTER (WHERE ({plain['sql_condition']}) IS NOT DISTINCT FROM "  # noqa: S608
                f"({cheap['sql_condition']})), count(*) FILTER (WHERE {plain['sql_condition']}) "
                "FROM pairs"
            )
            ((same, within),) = con.sql(sql).fetchall()
            assert same == len(left)
            assert within > 1_000  # the test holds pairs on both sides of the bound


def test_spark_guard_writes_each_level_with_the_comparisons_largest_bound():
    spark = settings().create_settings_dict(sql_dialect_str="spark")
    fast = spark_engine.cheap_first(spark)
    conditions = [
        level["sql_condition"]
        for comparison in fast["comparisons"]
        for level in comparison["comparison_levels"]
        if "damerau_levenshtein(IF(" in level["sql_condition"]
    ]
    assert len(conditions) == 4
    assert all("<= 2 AND" in condition and "<= 4)" in condition for condition in conditions)
