"""Batch scoring of the person index on Spark: Splink's Spark backend, the same stored model
and settings as the DuckDB engine (`splink_model.scored_pairs`), the same pairs and
probabilities (ADR 51, docs/linkage-on-spark.md).

A stored model is Splink's JSON written by a DuckDB linker: its SQL is DuckDB's. Splink does
not translate a model from one engine's SQL to another's, so `spark_model` rewrites each
condition into the SQL Splink itself writes for Spark from the same settings
(`splink_model.settings`), with the date format in Spark's own pattern letters.

The two string similarities are DuckDB's own functions, run inside Spark as vectorised
(Arrow) Python functions: Splink's bundled Java functions (scala-udf-similarity) compute
Jaro differently from DuckDB (Apache Commons Text: "wilson"/"lewis" 0.697 against 0.739), so
a pair near a name threshold would fall in another level and weigh up to 6.4 bits
differently. Nothing is fetched at run time: no jar, no package; only Java and `pyspark`.
"""

from __future__ import annotations

import copy
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from victimcare.linkage import splink_model

if TYPE_CHECKING:  # pyspark is a batch dependency only (requirements: the `spark` extra)
    from pyspark.sql import DataFrame, SparkSession

# Python's strftime directives in a stored model's date conditions, as Spark's pattern letters.
_DATE_FORMATS = {"'%Y-%m-%d'": "'yyyy-MM-dd'"}
# The similarity functions the Spark SQL calls, and the DuckDB function each one runs.
SIMILARITY_FUNCTIONS = {
    "jaro_winkler": "jaro_winkler_similarity",
    "damerau_levenshtein": "damerau_levenshtein",
}


class UntranslatableModel(Exception):
    """The stored model has a condition the Spark engine cannot write in Spark's SQL."""


def session(
    *,
    master: str | None = "local[2]",
    driver_memory: str = "2g",
    shuffle_partitions: int = 8,
    app_name: str = "victimcare-dedupe",
    local_dir: str | None = None,
) -> SparkSession:
    """A Spark session for the batch, with the hub's similarity functions registered.

    Local by default (`master="local[2]"`, bound to the loopback address, no web UI); under
    `spark-submit` pass `master=None` so the cluster's own settings stand."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    if master is not None:
        # Spark's Python workers run this interpreter, with duckdb and pandas.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (
            builder.master(master)
            .config("spark.driver.memory", driver_memory)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.local.dir", local_dir or tempfile.gettempdir())
        )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    register_functions(spark)
    return spark


def _duckdb_similarity(duckdb_function: str) -> Any:
    """A vectorised Spark function that evaluates a batch of string pairs with DuckDB's own
    `duckdb_function`: the same numbers as the DuckDB engine, by construction."""
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    sql = f"SELECT {duckdb_function}(l, r) AS v FROM pairs"  # noqa: S608 (a fixed name)

    def evaluate(left: pd.Series, right: pd.Series) -> pd.Series:
        import duckdb
        import pyarrow as pa

        pairs = pa.table(
            {
                "l": pa.array(left, type=pa.string(), from_pandas=True),
                "r": pa.array(right, type=pa.string(), from_pandas=True),
            }
        )
        con = duckdb.connect(config={"threads": 1})  # one thread keeps the rows' order
        try:
            con.register("pairs", pairs)
            values = con.sql(sql).to_arrow_table().column("v")
        finally:
            con.close()
        # A null (either side missing) stays null: NaN becomes null on the way back.
        return pd.Series(values.to_numpy(zero_copy_only=False), dtype="float64")

    # Real types, not this module's postponed strings: Spark reads them to choose the kind.
    evaluate.__annotations__ = {"left": pd.Series, "right": pd.Series, "return": pd.Series}
    return pandas_udf(evaluate, "double")


def register_functions(spark: SparkSession) -> None:
    for name, duckdb_function in SIMILARITY_FUNCTIONS.items():
        spark.udf.register(name, _duckdb_similarity(duckdb_function))


def _translation() -> dict[str, str]:
    """Each condition and blocking rule of the hub's settings as DuckDB writes it, and as
    Splink writes the same for Spark."""
    duckdb_settings = splink_model.settings().create_settings_dict(sql_dialect_str="duckdb")
    spark_settings = splink_model.settings().create_settings_dict(sql_dialect_str="spark")
    table: dict[str, str] = {}
    for ours, theirs in zip(
        duckdb_settings["comparisons"], spark_settings["comparisons"], strict=True
    ):
        for level, spark_level in zip(
            ours["comparison_levels"], theirs["comparison_levels"], strict=True
        ):
            condition = spark_level["sql_condition"]
            for python_format, spark_format in _DATE_FORMATS.items():
                condition = condition.replace(python_format, spark_format)
            table[level["sql_condition"]] = condition
    for rule, spark_rule in zip(
        duckdb_settings["blocking_rules_to_generate_predictions"],
        spark_settings["blocking_rules_to_generate_predictions"],
        strict=True,
    ):
        table[rule["blocking_rule"]] = spark_rule["blocking_rule"]
    return table


def spark_model(model: dict[str, Any]) -> dict[str, Any]:
    """The stored (DuckDB) model with every condition and blocking rule in Spark's SQL; its
    probabilities, term frequency settings and everything else unchanged."""
    if model.get("sql_dialect", "duckdb") == "spark":
        return model
    table = _translation()
    translated = copy.deepcopy(model)
    translated["sql_dialect"] = "spark"

    def spark_sql(sql: str) -> str:
        if sql == "ELSE":
            return sql
        if sql not in table:
            raise UntranslatableModel(
                f"The stored model compares with {sql!r}, which the Spark engine cannot "
                "translate: train the model again (python manage.py train_linkage)"
            )
        return table[sql]

    for comparison in translated["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = spark_sql(level["sql_condition"])
            level.pop("sql_dialect", None)
    translated["blocking_rules_to_generate_predictions"] = [
        {
            "blocking_rule": spark_sql(rule["blocking_rule"] if isinstance(rule, dict) else rule),
            "sql_dialect": "spark",
        }
        for rule in model["blocking_rules_to_generate_predictions"]
    ]
    return translated


# The cheap bounds of `splink_model.cheap_first` for Spark. Spark runs a Python function on
# every row it is given, whatever the SQL around the call says, so the bounds go into the
# function's arguments: a pair that cannot be within the comparison's largest number of edits
# reaches DuckDB as two nulls, and its level's condition is null (false), as it is false for a
# pair that many edits apart. Spark's levenshtein counts characters and DuckDB's functions
# bytes: the Levenshtein bound is asked only of two ASCII strings, where the two agree.
_DAMERAU = re.compile(r"^damerau_levenshtein\((`\w+`), (`\w+`)\) <= ([0-9]+)$")


def cheap_first(model: dict[str, Any]) -> dict[str, Any]:
    """The Spark model with each Damerau-Levenshtein level's strings passed to the Python
    function only when they can be within the comparison's largest number of edits."""
    fast = copy.deepcopy(model)
    for comparison in fast["comparisons"]:
        levels = comparison["comparison_levels"]
        found = [(level, _DAMERAU.match(str(level.get("sql_condition", "")))) for level in levels]
        most = max((int(match.group(3)) for _, match in found if match), default=0)
        for level, match in found:
            if not match:
                continue
            left, right, edits = match.groups()
            near = (
                f"abs(octet_length({left}) - octet_length({right})) <= {most} AND "
                f"(octet_length({left}) <> length({left}) OR "
                f"octet_length({right}) <> length({right}) OR "
                f"levenshtein({left}, {right}) <= {2 * most})"
            )
            level["sql_condition"] = (
                f"damerau_levenshtein(IF({near}, {left}, NULL), IF({near}, {right}, NULL)) "
                f"<= {edits}"
            )
    return fast


def people_frame(spark: SparkSession, records: Sequence[dict[str, Any]]) -> DataFrame:
    """People in the model's form (`splink_model.linkage_record`) as a Spark DataFrame."""
    return spark.createDataFrame(splink_model._table(records))


def predictions(
    model: dict[str, Any],
    people: DataFrame,
    *,
    spark: SparkSession,
    threshold: float = 0.0,
    details: bool = False,
    break_lineage: str = "persist",
) -> DataFrame:
    """Every blocked pair of these people at or above the threshold, as a Spark DataFrame
    (unique_id_l, unique_id_r, match_weight, match_probability; with `details`, each
    field's comparison level and weight, as `splink_model.field_details` reads them)."""
    from splink import Linker
    from splink.backends.spark import SparkAPI

    if break_lineage in ("checkpoint", "parquet") and spark.sparkContext.getCheckpointDir() is None:
        spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="vch-spark-"))
    db = SparkAPI(
        spark_session=spark, break_lineage_method=break_lineage, register_udfs_automatically=False
    )
    # A fresh linker id: Spark's temporary tables (term frequencies) outlive a linker in the
    # session, and are named by it; the stored model's own id would find an earlier run's.
    settings_dict = {
        **cheap_first(spark_model(model)),
        "retain_intermediate_calculation_columns": details,
        "linker_uid": None,
    }
    # Splink names the input table itself: a fixed name would clash with an earlier run's
    # in the same session.
    linker = Linker(db.register(people), settings_dict, log_level="WARNING")
    predicted = linker.inference.predict(threshold_match_probability=threshold)
    return predicted.as_spark_dataframe()


def scored_pairs(
    model: dict[str, Any],
    records: Sequence[dict[str, Any]],
    *,
    spark: SparkSession,
    threshold: float = 0.0,
    details: bool = False,
) -> list[dict[str, Any]]:
    """`splink_model.scored_pairs` on Spark: the same pairs, in the same form."""
    frame = predictions(
        model, people_frame(spark, records), spark=spark, threshold=threshold, details=details
    )
    rows = [row.asDict() for row in frame.toLocalIterator()]
    if not details:
        return rows
    return [
        {
            "unique_id_l": row["unique_id_l"],
            "unique_id_r": row["unique_id_r"],
            "match_probability": row["match_probability"],
            "match_weight": row["match_weight"],
            "fields": splink_model.field_details(model, row),
        }
        for row in rows
    ]
