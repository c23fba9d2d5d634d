"""The batch scoring job for a Spark cluster (docs/linkage-on-spark.md):

    spark-submit --py-files victimcare.zip src/victimcare/linkage/spark_job.py \\
        --people s3a://.../people.parquet --model model.json --pairs s3a://.../pairs.parquet

Reads the people in the model's form (a Parquet export of `records.people_records`, the
contact details decrypted by the hub, never by the cluster), scores every blocked pair with
the stored model on the cluster's Spark (`spark_engine.predictions`, the cluster's own
master and settings), and writes the pairs at or above the threshold with each field's
comparison level and weight, which the hub queues for review as `dedupe_people` does.
It needs no Django and no database.
"""

import argparse
import json
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", required=True, help="Parquet: people in the model's form")
    parser.add_argument("--model", required=True, help="the stored model's JSON")
    parser.add_argument("--pairs", required=True, help="where to write the scored pairs")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument(
        "--break-lineage", default="parquet", choices=("persist", "checkpoint", "parquet")
    )
    parser.add_argument("--checkpoint-dir", help="shared storage for Splink's intermediate tables")
    args = parser.parse_args(argv)

    # After the arguments: spark_engine starts pyspark, which `--help` should not wait for.
    from victimcare.linkage import spark_engine

    spark = spark_engine.session(master=None)
    if args.checkpoint_dir:
        spark.sparkContext.setCheckpointDir(args.checkpoint_dir)
    model = json.loads(Path(args.model).read_text())
    people = spark.read.parquet(args.people)
    pairs = spark_engine.predictions(
        model,
        people,
        spark=spark,
        threshold=args.threshold,
        details=True,
        break_lineage=args.break_lineage,
    )
    pairs.write.mode("overwrite").parquet(args.pairs)
    spark.stop()


if __name__ == "__main__":
    main()
