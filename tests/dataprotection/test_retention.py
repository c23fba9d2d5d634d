"""Retention: records past their period are disposed of and logged; legal holds keep them."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.factories import CaseFactory, ImportRunFactory, ServiceFactory, onward_referral
from victimcare.cases.models import Case
from victimcare.dataprotection.models import DisposalLogEntry, LegalHold, RetentionRule
from victimcare.people.models import Person
from victimcare.referrals.models import ImportRun, Referral, VictimDetails

pytestmark = pytest.mark.django_db
SEVEN_YEARS_AGO = timezone.now() - datetime.timedelta(days=7 * 366)


def closed_case(**kwargs) -> Case:
    case = CaseFactory(status="closed", **kwargs)
    Case.objects.filter(pk=case.pk).update(closed_at=SEVEN_YEARS_AGO)
    return case


def test_the_default_schedule_is_installed_and_can_be_changed() -> None:
    rules = {r.record_type: r.keep_for_months for r in RetentionRule.objects.all()}
    assert rules == {"closed_case": 72, "recorded_only_referral": 24, "import_report": 12}


def test_dry_run_lists_and_deletes_nothing(capsys) -> None:
    case = closed_case()
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"would dispose of cases.case {case.pk}" in out and "1 record(s)" in out
    assert Case.objects.filter(pk=case.pk).exists() and not DisposalLogEntry.objects.exists()


def test_old_closed_cases_go_with_their_referral_person_and_history(capsys) -> None:
    old = closed_case()
    onward_referral(old, ServiceFactory(), ["contact"])
    recent = CaseFactory(status="closed")
    still_open = CaseFactory(status="supported")
    Case.objects.filter(pk=still_open.pk).update(updated_at=SEVEN_YEARS_AGO)
    run = ImportRunFactory(filename="feed.csv")
    ImportRun.objects.filter(pk=run.pk).update(finished_at=SEVEN_YEARS_AGO)

    assert VictimDetails.history.filter(referral_id=old.referral_id).exists()
    call_command("apply_retention")

    assert not Case.objects.filter(pk=old.pk).exists()
    assert not VictimDetails.history.filter(referral_id=old.referral_id).exists()
    assert not Referral.objects.filter(pk=old.referral_id).exists()
    assert not Person.objects.filter(pk=old.person_id).exists()
    assert not Person.history.filter(id=old.person_id).exists()
    assert not Case.history.filter(id=old.pk).exists()
    assert not ImportRun.objects.filter(pk=run.pk).exists()
    assert Case.objects.filter(pk__in=[recent.pk, still_open.pk]).count() == 2
    logged = set(DisposalLogEntry.objects.values_list("object_type", "object_id"))
    assert {
        ("cases.case", str(old.pk)),
        ("referrals.referral", str(old.referral_id)),
        ("people.person", str(old.person_id)),
        ("referrals.importrun", str(run.pk)),
    } <= logged
    assert "disposed of" in capsys.readouterr().out


def test_a_person_with_another_referral_is_kept() -> None:
    old = closed_case()
    CaseFactory(referral__person=old.person)
    call_command("apply_retention")
    assert not Case.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=old.person_id).exists()


def test_a_legal_hold_keeps_everything_until_it_is_lifted() -> None:
    old = closed_case()
    hold = LegalHold.objects.create(person=old.person, reason="Inquest")
    call_command("apply_retention")
    assert Case.objects.filter(pk=old.pk).exists()
    hold.lifted_at = timezone.now()
    hold.save()
    call_command("apply_retention")
    assert not Case.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=old.person_id).exists()  # the hold record names them


@pytest.mark.postgresql_only
def test_postgresql_refuses_to_change_the_disposal_log() -> None:
    from django.db import DatabaseError, transaction

    closed_case()
    call_command("apply_retention")
    entry = DisposalLogEntry.objects.first()
    for statement in (
        "UPDATE dataprotection_disposallogentry SET object_id = 'x' WHERE id = %s",
        "DELETE FROM dataprotection_disposallogentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
