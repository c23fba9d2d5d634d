"""An import lets each batch's objects go as soon as the batch is saved (ADR 68): a referral,
its case and its victim's details refer to each other, and left so they waited for a full
garbage collection, which walked the whole process's heap every few batches."""

import gc

import pytest

from tests.referrals.feed_helpers import feed_csv, row
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file
from victimcare.people.models import Person
from victimcare.referrals.models import Referral, VictimDetails

pytestmark = pytest.mark.django_db(transaction=True)
RECORDS = (Referral, Case, Person, VictimDetails)


def _left_for_the_collector(import_file) -> list[object]:
    """The hub's records that only a cyclic collection would free after `import_file()`."""
    gc.collect()
    gc.disable()
    try:
        import_file()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        return [type(o).__name__ for o in gc.garbage if isinstance(o, RECORDS)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_new_and_resent_referrals_are_freed_as_their_batch_is_saved(write_csv, northgate):
    rows = [row(crime_reference=f"CR/{n}") for n in range(30)]
    first = write_csv(feed_csv(rows), "first.csv")
    assert _left_for_the_collector(lambda: feed_import_file(path=first)) == []
    # The same file again, one referral corrected: stored referrals, read with their case
    # and victim's details, go the same way.
    rows[3] = {**rows[3], "phone": "07700 900456"}
    again = write_csv(feed_csv(rows), "again.csv")
    assert _left_for_the_collector(lambda: feed_import_file(path=again)) == []
    assert Referral.objects.count() == Case.objects.count() == 30
