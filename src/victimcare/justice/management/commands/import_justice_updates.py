"""python manage.py import_justice_updates FILE.csv — police and court updates (feed v1)."""

from collections.abc import Callable

from victimcare.justice.importing import justice_import_file
from victimcare.referrals.management.commands.import_referrals import FeedImportCommand
from victimcare.referrals.models import ImportRun


class Command(FeedImportCommand):
    help = "Import justice updates (CSV, feed v1): each new event brings the victim's duties."
    file_help = "CSV file of justice updates, feed v1"
    unknown_note = "kept with each event, not used"

    def importer(self) -> Callable[..., ImportRun]:
        return justice_import_file
