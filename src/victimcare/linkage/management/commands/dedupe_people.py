"""python manage.py dedupe_people [--threshold P] [--engine duckdb|spark] — find people the
index may hold twice and put each pair in the officers' review queue. Nothing is merged
without a person deciding. `--engine spark` scores on Spark (local unless run under
spark-submit; docs/linkage-on-spark.md), with the same model and the same results."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from victimcare.linkage.services import ENGINES, LinkageRefused, people_dedupe


class Command(BaseCommand):
    help = "Score the whole person index with the linkage model; queue likely pairs for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threshold",
            type=float,
            default=settings.LINKAGE_REVIEW_THRESHOLD,
            help="Match probability from which a pair is queued for review",
        )
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default="duckdb",
            help="Where to score pairs: DuckDB in this process, or Spark (needs Java, pyspark)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(
            desc="Scoring pairs",
            unit=" pairs",
            file=self.stderr._out,
            disable=options["no_progress"] or None,
        ) as bar:
            try:
                added = people_dedupe(
                    threshold=options["threshold"], progress=bar.update, engine=options["engine"]
                )
            except LinkageRefused as refusal:
                raise CommandError(str(refusal)) from None
        self.stdout.write(f"Pairs added to the review queue: {added}")
