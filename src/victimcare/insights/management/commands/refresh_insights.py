"""python manage.py refresh_insights [--all] — bring the reporting facts up to date (daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from victimcare.insights.services import case_facts_refresh, case_facts_refresh_changed


class Command(BaseCommand):
    help = "Update the facts behind commissioners' reports (what changed, or --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Rebuild every case's facts")

    def handle(self, *args: Any, **options: Any) -> None:
        count = case_facts_refresh() if options["all"] else case_facts_refresh_changed()
        self.stdout.write(f"Reporting facts refreshed for {count} cases")
