"""Change history of victim and case records, on the bulk intake path and on single saves."""

import pytest

from tests.factories import CaseFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file
from victimcare.people.models import Person
from victimcare.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_bulk_import_writes_history_and_a_resend_records_what_changed(write_csv, northgate) -> None:
    feed_import_file(path=write_csv(feed_csv([row(crime_reference="CR/1")]), "first.csv"))
    referral = Referral.objects.get()
    person, case = referral.person, referral.case
    assert [h.history_type for h in person.history.all()] == ["+"]
    assert [h.history_type for h in referral.history.all()] == ["+"]
    assert [h.history_type for h in case.history.all()] == ["+"]
    assert person.history.get().history_change_reason == "import_referrals"

    feed_import_file(
        path=write_csv(feed_csv([row(crime_reference="CR/1", phone="07700 900999")]), "second.csv")
    )
    newest, oldest = Person.objects.get(pk=person.pk).history.all()[:2]
    assert newest.history_type == "~"
    changes = {c.field: (c.old, c.new) for c in newest.diff_against(oldest).changes}
    assert changes == {"phone": ("+447700900123", "+447700900999")}


def test_each_save_of_a_case_adds_a_version_and_earlier_ones_stay(vco) -> None:
    case = CaseFactory(team=vco.team, officer=None)
    case.officer = vco
    case.save()
    versions = list(Case.objects.get(pk=case.pk).history.all())
    assert [v.history_type for v in versions] == ["~", "+"]
    assert versions[0].officer_id == vco.pk and versions[1].officer_id is None
