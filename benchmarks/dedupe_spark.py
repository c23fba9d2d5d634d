"""Batch deduplication on DuckDB against Spark (local), the same model, the same people.

    .venv/bin/python benchmarks/dedupe_spark.py --people 1000000

Generates N synthetic people plus about 10% second records (`linkage.synthetic.generate`,
the data of `linkage_synthetic.py`), trains the hub's model once on DuckDB
(`splink_model.train`, on a random `--train-people` of the records: training is the same for
both engines and is not what is compared), writes the people in the model's form to Parquet, then
scores every blocked pair at the review threshold in a child process per engine, as
`dedupe_people` does:
- duckdb: `splink_model.scored_pairs` over the records read back from the Parquet file;
- spark: `spark_engine.predictions` over the Parquet file read by Spark (local[2]), which is
  how a cluster reads its export (docs/linkage-on-spark.md).
Reports each engine's wall time for scoring and peak memory (resident set of the child and
all its descendants, the JVM and Spark's Python workers included, sampled every 0.2 s),
then whether the two engines found the same pairs with the same probabilities.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(c) for c in children.read().split())
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def measured(command: list[str]) -> tuple[float, int]:
    """Run a child; its wall time and the peak resident memory of its process tree."""
    started = time.perf_counter()
    child = subprocess.Popen(command)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while child.poll() is None:
            peak = max(peak, tree_rss(child.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    if child.wait() != 0:
        raise SystemExit(f"{command[-1]} failed")
    sampler.join()
    return time.perf_counter() - started, peak


def score(engine: str, workdir: Path, threshold: float, driver_memory: str) -> None:
    """In the child: score the Parquet people with the model, write the pairs as JSON."""
    import pyarrow.parquet as pq

    model = json.loads((workdir / "model.json").read_text())
    started = time.perf_counter()
    if engine == "duckdb":
        from victimcare.linkage.splink_model import scored_pairs

        records = pq.read_table(workdir / "people.parquet").to_pylist()
        pairs = [
            (int(p["unique_id_l"]), int(p["unique_id_r"]), p["match_probability"])
            for p in scored_pairs(model, records, threshold=threshold)
        ]
    else:
        from victimcare.linkage import spark_engine

        spark = spark_engine.session(
            driver_memory=driver_memory,
            shuffle_partitions=16,
            local_dir=str(workdir / "spark-local"),
        )
        people = spark.read.parquet(str(workdir / "people.parquet"))
        frame = spark_engine.predictions(model, people, spark=spark, threshold=threshold)
        pairs = [
            (int(r["unique_id_l"]), int(r["unique_id_r"]), r["match_probability"])
            for r in frame.select(
                "unique_id_l", "unique_id_r", "match_probability"
            ).toLocalIterator()
        ]
        spark.stop()
    seconds = time.perf_counter() - started
    (workdir / f"pairs-{engine}.json").write_text(json.dumps(pairs))
    print(
        f"{engine}: {len(pairs):,} pairs at or above {threshold} in {seconds:.0f} s "
        f"(scoring only, in the child)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--train-people", type=int, default=200_000)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--driver-memory", default="8g")
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--child", choices=("duckdb", "spark"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = ROOT / "var" / f"dedupe-spark-{args.people}"
    if args.child:
        score(args.child, workdir, args.threshold, args.driver_memory)
        return

    import pyarrow.parquet as pq

    from victimcare.linkage.splink_model import _table, train
    from victimcare.linkage.synthetic import generate

    workdir.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {os.getloadavg()}", flush=True)
    started = time.perf_counter()
    records, truth = generate(args.people)
    print(
        f"generated {len(records):,} records in {time.perf_counter() - started:.0f} s", flush=True
    )
    started = time.perf_counter()
    # A random sample, so that its repeat people are in it (the generator puts the second
    # records last): EM learns from them.
    sample = random.Random(21).sample(records, min(args.train_people, len(records)))
    model = train(sample)
    print(
        f"trained on {min(args.train_people, len(records)):,} records in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    (workdir / "model.json").write_text(json.dumps(model))
    pq.write_table(_table(records), workdir / "people.parquet")
    del records

    results = {}
    for engine in args.engines.split(","):
        before = os.getloadavg()
        seconds, peak = measured(
            [
                sys.executable,
                __file__,
                "--people",
                str(args.people),
                "--threshold",
                str(args.threshold),
                "--driver-memory",
                args.driver_memory,
                "--child",
                engine,
            ]
        )
        results[engine] = (seconds, peak)
        print(
            f"{engine}: {seconds:.0f} s wall for the child (start-up, read, score, collect); "
            f"peak memory {peak / 2**30:.2f} GiB; load average before {before}, after "
            f"{os.getloadavg()}",
            flush=True,
        )
    if {"duckdb", "spark"} <= results.keys():
        on = {
            engine: {
                (min(a, b), max(a, b)): p
                for a, b, p in json.loads((workdir / f"pairs-{engine}.json").read_text())
            }
            for engine in ("duckdb", "spark")
        }
        same = on["duckdb"].keys() == on["spark"].keys()
        worst = max(
            (
                abs(on["duckdb"][k] - on["spark"][k])
                for k in on["duckdb"].keys() & on["spark"].keys()
            ),
            default=0.0,
        )
        found = on["duckdb"].keys()
        print(
            f"same pairs: {same} ({len(on['duckdb']):,} and {len(on['spark']):,}); largest "
            f"probability difference {worst:.2e}; recall of the known duplicates at "
            f"{args.threshold}: {len(found & truth) / len(truth):.4f}"
        )


if __name__ == "__main__":
    main()
