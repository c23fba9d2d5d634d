"""Claims on an uploaded import (ADR 0046), on SQLite and PostgreSQL alike: only a stalled
run is taken over, and a worker that lost its run stops without touching it. The same
with real processes and SIGKILL: test_two_of_everything.py."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import OrganisationFactory, UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.models import OrganisationKind
from victimcare.intake.uploads import (
    imports_take_over_stalled,
    referral_upload_accept,
    referral_upload_import,
    upload_dir,
)
from victimcare.referrals import import_runs as importing
from victimcare.referrals.models import ImportRun, ImportStatus, Referral

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def upload(settings, tmp_path, northgate):
    settings.VCH_UPLOAD_DIR = str(tmp_path)
    police = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    text = feed_csv([row(crime_reference=f"CR/{n}", victim_reference="V1") for n in range(450)])
    return referral_upload_accept(
        uploaded=SimpleUploadedFile("feed.csv", text.encode(), "text/csv"),
        actor=UserFactory(organisation=police),
    )


def test_two_workers_given_one_upload_import_it_once(upload) -> None:
    first = referral_upload_import(run_id=upload.pk)
    second = referral_upload_import(run_id=upload.pk)
    assert first.status == second.status == ImportStatus.FINISHED
    assert ImportRun.objects.get(pk=upload.pk).created == 450 == Referral.objects.count()


def test_only_a_run_whose_progress_stood_still_past_the_lease_is_taken_over(upload) -> None:
    lease = datetime.timedelta(minutes=2)
    ImportRun.objects.filter(pk=upload.pk).update(
        status=ImportStatus.RUNNING, progress_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert imports_take_over_stalled(lease=lease) == 0
    ImportRun.objects.filter(pk=upload.pk).update(
        progress_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    assert imports_take_over_stalled(lease=lease) == 1
    assert ImportRun.objects.get(pk=upload.pk).status == ImportStatus.QUEUED
    assert imports_take_over_stalled(lease=lease) == 0  # queued, not importing: left alone


def test_a_run_taken_over_goes_on_from_its_saved_progress_and_a_stale_worker_stops(
    upload, monkeypatch
) -> None:
    # The first worker saves progress at 200 rows, then "dies" (its progress stands still).
    saves = []
    original = importing._save_progress

    def save_then_die(run: ImportRun) -> None:
        original(run)
        saves.append(run.rows_read)
        if len(saves) == 1:
            raise importing.ImportClaimLost(run.pk)  # stops as a killed worker would

    monkeypatch.setattr(importing, "_save_progress", save_then_die)
    stopped = referral_upload_import(run_id=upload.pk)
    assert stopped.status == ImportStatus.RUNNING and stopped.rows_read == 200
    assert (upload_dir() / stopped.upload_path).exists()  # kept for the next worker
    monkeypatch.setattr(importing, "_save_progress", original)

    ImportRun.objects.filter(pk=upload.pk).update(
        progress_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert imports_take_over_stalled() == 1
    done = referral_upload_import(run_id=upload.pk)
    assert done.status == ImportStatus.FINISHED and done.rows_read == 450
    assert Referral.objects.count() == 450 == done.created + done.unchanged
    # The batch the first worker had saved past its progress is read again, as unchanged.
    assert done.created >= 200
    assert not (upload_dir() / stopped.upload_path).exists()


def test_a_worker_whose_run_was_taken_over_cannot_save_over_it(upload) -> None:
    run = ImportRun.objects.get(pk=upload.pk)
    run.progress_at = timezone.now() - datetime.timedelta(minutes=5)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, progress_at=run.progress_at
    )
    ImportRun.objects.filter(pk=run.pk).update(progress_at=timezone.now())  # another claimed it
    run.rows_read = 999
    with pytest.raises(importing.ImportClaimLost):
        importing._save_progress(run)
    assert ImportRun.objects.get(pk=run.pk).rows_read == 0
