"""python manage.py show_referral SOURCE CRIME_REFERENCE VICTIM_REFERENCE — print as JSON."""

import getpass
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from victimcare.referrals.documents import referral_document
from victimcare.referrals.reads import referral_sent_by


class Command(BaseCommand):
    help = "Print one referral as the JSON document the API serves."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source")
        parser.add_argument("crime_reference")
        parser.add_argument("victim_reference")

    def handle(self, *args: Any, **options: Any) -> None:
        referral = referral_sent_by(
            feed_sources=None,
            source=options["source"],
            crime_reference=options["crime_reference"],
            victim_reference=options["victim_reference"],
            actor_label=f"manage.py show_referral ({getpass.getuser()})",
            route="manage.py show_referral",
        )
        if referral is None:
            raise CommandError(
                "No referral {source}/{crime_reference}/{victim_reference}".format(**options)
            )
        self.stdout.write(json.dumps(referral_document(referral), indent=2, ensure_ascii=False))
