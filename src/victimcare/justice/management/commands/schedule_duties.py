"""python manage.py schedule_duties — run daily: the monthly investigation updates owed."""

from typing import Any

from django.core.management.base import BaseCommand

from victimcare.justice.services.duties import investigation_updates_schedule


class Command(BaseCommand):
    help = "Give each open crime case under investigation its next monthly update duty."

    def handle(self, *args: Any, **options: Any) -> None:
        created = investigation_updates_schedule()
        self.stdout.write(f"Monthly investigation update duties scheduled: {created}")
