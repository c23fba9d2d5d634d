"""Re-encrypt every encrypted column under the current first key (after a key rotation)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from victimcare.core.fields import encrypted_columns, reencrypt_columns
from victimcare.people.services import people_matching_keys_rebuild


class Command(BaseCommand):
    help = (
        "Re-encrypt contact details, notes and peer hub keys with the current SECRET_KEY. "
        "Run after moving the old secret to SECRET_KEY_FALLBACKS; then drop the old secret."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for table, (pk, columns) in encrypted_columns().items():
                changed = reencrypt_columns(connection, table, columns, pk)
                self.stdout.write(f"{table}: {changed} row(s) re-encrypted")
            rebuilt = people_matching_keys_rebuild()
            self.stdout.write(f"people: {rebuilt} blind index(es) rebuilt for linkage")
        self.stdout.write(self.style.SUCCESS("Every encrypted value now uses the current key."))
