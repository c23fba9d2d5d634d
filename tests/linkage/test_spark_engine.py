"""The person index on Spark (issue 21, ADR 51): `dedupe_people --engine spark` scores with
Splink's Spark backend and the same stored model as DuckDB, and gives the same pairs with
the same probabilities (to 1e-6) on a FEBRL4 sample, on a small households set, and through
the command into the officers' review queue.

Spark runs locally (two threads, Debian's Java, pyspark from the pinned requirements) and
fetches nothing. The tests need no database of their own but one for the command, so they
run once per CI run, on the PostgreSQL leg (the JVM's start-up is most of their time).
"""

import copy
import re
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.postgresql_only

TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def spark():
    from victimcare.linkage import spark_engine

    session = spark_engine.session(shuffle_partitions=4)
    yield session
    session.stop()


def _by_pair(pairs: list[dict[str, Any]]) -> dict[tuple[int, int], dict[str, Any]]:
    return {tuple(sorted((int(p["unique_id_l"]), int(p["unique_id_r"])))): p for p in pairs}  # type: ignore[misc]


def assert_same_scores(model: dict[str, Any], records: list[dict[str, Any]], spark) -> int:
    """Both engines score every blocked pair (threshold 0): the same pairs, and each pair's
    probability and weight within 1e-6. Returns how many pairs there were."""
    from victimcare.linkage import spark_engine, splink_model

    on_duckdb = _by_pair(splink_model.scored_pairs(model, records, threshold=0.0))
    on_spark = _by_pair(spark_engine.scored_pairs(model, records, spark=spark, threshold=0.0))
    assert on_spark.keys() == on_duckdb.keys()
    for key, pair in on_duckdb.items():
        assert on_spark[key]["match_probability"] == pytest.approx(
            pair["match_probability"], abs=TOLERANCE
        ), key
        assert on_spark[key]["match_weight"] == pytest.approx(pair["match_weight"], abs=TOLERANCE)
    return len(on_duckdb)


def test_febrl4_sample_same_pairs_and_probabilities(spark) -> None:
    from benchmarks.linkage_febrl import febrl
    from victimcare.linkage.splink_model import train

    records, known, _ = febrl("febrl4")
    ids = known["ids"]  # type: ignore[index]
    # A quarter of FEBRL4's people, each with their duplicate: 2,500 records.
    sample = [r for r in records if int(re.match(r"rec-(\d+)-", ids[r["unique_id"]])[1]) % 4 == 0]  # type: ignore[index]
    assert 2_400 <= len(sample) <= 2_600
    model = train(sample)
    pairs = assert_same_scores(model, sample, spark)
    assert pairs > 2_000  # the duplicates and their neighbours in each block, not a handful


def test_households_same_pairs_and_probabilities(spark) -> None:
    from benchmarks.households import generate, linkage_record
    from victimcare.linkage.splink_model import train

    records = [linkage_record(record, n) for n, record in enumerate(generate(800), start=1)]
    model = train(records)
    pairs = assert_same_scores(model, records, spark)
    assert pairs > 500


def test_names_compared_as_duckdb_compares_them(spark) -> None:
    """Splink's bundled Java Jaro-Winkler gives 0.697 for these two names; DuckDB, and so
    the stored model's thresholds, 0.739. The Spark engine uses DuckDB's function."""
    import duckdb

    for left, right in (("wilson", "lewis"), ("quinton", "quiton"), ("ebonie", "ebonjie")):
        row = spark.sql(
            f"SELECT jaro_winkler('{left}', '{right}') AS jw, "
            f"damerau_levenshtein('{left}', '{right}') AS dl"
        ).collect()[0]
        expected = duckdb.sql(
            f"SELECT jaro_winkler_similarity('{left}', '{right}'), "
            f"damerau_levenshtein('{left}', '{right}')"
        ).fetchall()[0]
        assert (row["jw"], row["dl"]) == pytest.approx(expected, abs=1e-12)
    assert spark.sql("SELECT jaro_winkler('wilson', NULL) AS jw").collect()[0]["jw"] is None


def test_a_condition_it_cannot_translate_is_refused() -> None:
    from victimcare.linkage.spark_engine import UntranslatableModel, spark_model
    from victimcare.linkage.splink_model import settings

    model = settings().create_settings_dict(sql_dialect_str="duckdb")
    translated = spark_model(model)
    conditions = [
        level["sql_condition"]
        for comparison in translated["comparisons"]
        for level in comparison["comparison_levels"]
    ]
    assert "jaro_winkler(`given_name_l`, `given_name_r`) >= 0.92" in conditions
    assert any("'yyyy-MM-dd'" in condition for condition in conditions)
    assert not any('"' in condition for condition in conditions)
    changed = copy.deepcopy(model)
    changed["comparisons"][0]["comparison_levels"][2]["sql_condition"] = "soundex(a) = soundex(b)"
    with pytest.raises(UntranslatableModel, match="train the model again"):
        spark_model(changed)


@pytest.mark.django_db
def test_dedupe_people_on_spark_queues_what_duckdb_queues(index, spark) -> None:
    from victimcare.linkage.models import LinkCandidate

    first, again, _mother, _daughter = index
    call_command("train_linkage", verbosity=0)

    def queued() -> dict[tuple[int, int], tuple[float, float, list[Any]]]:
        return {
            (c.left_id, c.right_id): (c.probability, c.match_weight, c.fields)
            for c in LinkCandidate.objects.all()
        }

    call_command("dedupe_people", "--no-progress", verbosity=0)
    on_duckdb = queued()
    LinkCandidate.objects.all().delete()
    call_command("dedupe_people", "--engine", "spark", "--no-progress", verbosity=0)
    on_spark = queued()
    assert (first.pk, again.pk) in on_spark
    assert on_spark.keys() == on_duckdb.keys()
    for key, (probability, weight, fields) in on_duckdb.items():
        assert on_spark[key][0] == pytest.approx(probability, abs=TOLERANCE)
        assert on_spark[key][1] == pytest.approx(weight, abs=TOLERANCE)
        assert on_spark[key][2] == fields  # each field's level and weight, as officers see it
