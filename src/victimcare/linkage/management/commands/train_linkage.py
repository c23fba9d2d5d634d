"""python manage.py train_linkage — train the repeat-victim linkage model on the hub's people
and store it as a new version."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from victimcare.linkage.services import ModelRefused, linkage_model_train
from victimcare.linkage.splink_model import NotEnoughPeople


class Command(BaseCommand):
    help = "Train the repeat-victim linkage model (Splink) and store it as the next version."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stored = linkage_model_train()
        except (NotEnoughPeople, ModelRefused) as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            f"Linkage model version {stored.version} trained on {stored.people} records of people"
        )
