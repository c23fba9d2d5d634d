"""Staff upload a feed file; the task worker imports it; the page shows progress and the report."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.banners import success_banners
from tests.factories import ImportRunFactory, OrganisationFactory, UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.intake.uploads import upload_dir
from victimcare.referrals.models import ImportRun, Referral

# The worker runs as it does in production: outside a test transaction (its housekeeping
# closes connections that are mid-transaction).
pytestmark = pytest.mark.django_db(transaction=True)


def upload(client, text: str, name: str = "feed.csv"):
    return client.post(
        reverse("referrals:imports"), {"file": SimpleUploadedFile(name, text.encode())}
    )


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def leader(northgate):
    """A hub team leader whose organisation is configured to load the test force's feed."""
    northgate.organisation.extra_source_codes = ["test-police"]
    northgate.organisation.save()
    return UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)


def test_an_upload_is_imported_by_the_worker_and_reported(
    client, leader, northgate, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    settings.VCH_UPLOAD_DIR = tmp_path
    client.force_login(leader)
    text = feed_csv([row(crime_reference="CR/1"), row(crime_reference="CR/2", postcode="ZZZ")])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, text)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:import", args=[run.pk]
    )
    assert (run.status, run.rows_expected) == ("queued", 2)
    queued = client.get(response["Location"])
    assert success_banners(queued) == ["feed.csv uploaded: it is being imported"]
    queued_page = queued.content.decode()
    assert 'data-module="vch-import-progress"' in queued_page and "Check progress" in queued_page
    assert "0 of about 2 rows" in queued_page

    progress_url = reverse("referrals:import-progress", args=[run.pk])
    assert client.get(progress_url).json() == {
        "status": "queued",
        "status_label": "Waiting to start",
        "active": True,
        "stalled": False,
        "rows_read": 0,
        "rows_expected": 2,
        "percent": 0,
    }

    run_worker()

    run.refresh_from_db()
    assert (run.status, run.rows_read, run.created, run.rejected) == ("finished", 2, 1, 1)
    assert client.get(progress_url).json()["active"] is False
    assert list(upload_dir().iterdir()) == []  # the uploaded copy is gone
    page = client.get(response["Location"]).content.decode()
    assert "Import finished" in page and "Check progress" not in page
    assert "&#x27;ZZZ&#x27; is not a UK postcode" in page
    report = client.get(reverse("referrals:import-report", args=[run.pk]))
    assert report["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode())))
    assert rows == [
        ["line", "source/crime_reference/victim_reference", "column", "reason"],
        ["3", "test-police/CR/2/V1", "postcode", "'ZZZ' is not a UK postcode"],
    ]
    assert Referral.objects.get().crime_reference == "CR/1"


def test_police_staff_import_only_their_own_force(
    client, northgate, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    settings.VCH_UPLOAD_DIR = tmp_path
    force = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    client.force_login(UserFactory(role=Role.POLICE_REFERRER, organisation=force))
    with django_capture_on_commit_callbacks(execute=True):
        upload(
            client,
            feed_csv(
                [row(crime_reference="CR/1"), row(crime_reference="CR/2", source="other-police")]
            ),
        )
    run_worker()
    run = ImportRun.objects.get()
    assert (run.created, run.rejected) == (1, 1)
    assert run.rejections.get().column == "source"


def test_a_hub_upload_cannot_overwrite_a_self_referral_a_partners_or_a_forces_referral(
    client, leader, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    """A hub's staff upload only under the sources their organisation owns (here the test
    force's feed, configured for it): never the portal's self-referral source, a partner's,
    or a police force's that is not the hub's (issue 17)."""
    settings.VCH_UPLOAD_DIR = tmp_path
    charity = OrganisationFactory(code="safe-steps", kind=OrganisationKind.SUPPORT_PROVIDER)
    OrganisationFactory(code="wessex-police", kind=OrganisationKind.POLICE_FORCE)
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, feed_csv([row(crime_reference="CR/1")]))
    run_worker()
    victim = Referral.objects.get()
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        upload(
            client,
            feed_csv(
                [
                    row(
                        source="self-referral",
                        crime_reference="SR-ABCDEFGHJK",
                        given_name="Mallory",
                    ),
                    row(source=charity.code, crime_reference="PR-ABCDEFGHJK", given_name="Mallory"),
                    row(source="wessex-police", crime_reference="WP/1", given_name="Mallory"),
                    row(crime_reference="CR/2"),
                ]
            ),
        )
    run_worker()
    run = ImportRun.objects.latest("pk")
    assert (run.created, run.rejected) == (1, 3)
    assert {r.column for r in run.rejections.all()} == {"source"}
    assert not Referral.objects.filter(source__in=["self-referral", charity.code]).exists()
    assert Referral.objects.get(pk=victim.pk).crime_reference == "CR/1"


def test_a_file_that_is_not_utf8_fails_with_a_plain_reason(
    client, leader, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    settings.VCH_UPLOAD_DIR = tmp_path
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("referrals:imports"),
            {"file": SimpleUploadedFile("feed.csv", "source\nCaf\xe9".encode("latin-1"))},
        )
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert "not UTF-8" in client.get(reverse("referrals:import", args=[run.pk])).content.decode()


def test_the_form_explains_what_is_wrong(client, leader) -> None:
    client.force_login(leader)
    html = client.post(reverse("referrals:imports"), {}).content.decode()
    assert '<a href="#id_file">Select a CSV file to upload</a>' in html
    html = upload(client, "hello", "feed.xlsx").content.decode()
    assert "The selected file must be a CSV" in html
    assert not ImportRun.objects.exists()


def test_officers_cannot_import_and_other_organisations_runs_are_hidden(
    client, leader, vco, northgate, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:
    settings.VCH_UPLOAD_DIR = tmp_path
    client.force_login(vco)
    assert client.get(reverse("referrals:imports")).status_code == 403
    client.force_login(leader)
    upload(client, feed_csv([row()]))
    run = ImportRun.objects.get()
    outsider = UserFactory(role=Role.TEAM_LEADER)  # another organisation
    client.force_login(outsider)
    assert client.get(reverse("referrals:import", args=[run.pk])).status_code == 404
    assert client.get(reverse("referrals:import-report", args=[run.pk])).status_code == 404


def test_an_import_whose_worker_stopped_says_so_and_how_to_finish(client, leader, settings):
    """A worker killed part-way leaves its run "importing"; once it has not moved for the
    stall limit, the page stops showing progress and tells the user to upload again."""
    import datetime

    from django.utils import timezone

    settings.VCH_IMPORT_STALL_MINUTES = 10
    client.force_login(leader)
    now = timezone.now()
    stopped = ImportRunFactory(
        filename="feed.csv",
        status="running",
        organisation=leader.organisation,
        actor=leader,
        rows_expected=1000,
        rows_read=400,
        progress_at=now - datetime.timedelta(minutes=11),
    )
    moving = ImportRunFactory(
        filename="feed2.csv",
        status="running",
        organisation=leader.organisation,
        actor=leader,
        rows_expected=1000,
        rows_read=400,
        progress_at=now - datetime.timedelta(minutes=2),
    )
    page = client.get(reverse("referrals:import", args=[stopped.pk])).content.decode()
    assert 'data-testid="stalled"' in page and "stopped after 400 of about 1000 rows" in page
    assert "Upload the file again" in page and "vch-import-progress" not in page
    progress = client.get(reverse("referrals:import-progress", args=[stopped.pk])).json()
    assert (progress["active"], progress["stalled"]) == (False, True)

    page = client.get(reverse("referrals:import", args=[moving.pk])).content.decode()
    assert 'data-testid="stalled"' not in page and "vch-import-progress" in page
    assert client.get(reverse("referrals:import-progress", args=[moving.pk])).json()["active"]


def test_saving_progress_marks_the_run_as_moving(write_csv, northgate) -> None:
    from victimcare.intake.importing import feed_import_file

    run = feed_import_file(path=write_csv(feed_csv([row()])))
    run.refresh_from_db()
    assert run.progress_at is not None and not run.is_stalled


def test_the_daily_run_ends_a_stopped_import_and_deletes_its_file(leader, settings, tmp_path):
    import datetime

    from django.utils import timezone

    settings.VCH_UPLOAD_DIR = tmp_path
    (tmp_path / "dead.csv").write_text(feed_csv([row()]))
    (tmp_path / "waiting.csv").write_text(feed_csv([row()]))
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    dead = ImportRunFactory(
        filename="feed.csv",
        status="running",
        actor=leader,
        upload_path="dead.csv",
        rows_read=400,
        progress_at=long_ago,
    )
    # Waiting behind another import for the one worker: not stopped, left alone.
    waiting = ImportRunFactory(
        filename="feed2.csv", status="queued", actor=leader, upload_path="waiting.csv"
    )
    ImportRun.objects.filter(pk=waiting.pk).update(started_at=long_ago)

    call_command("apply_retention")

    dead.refresh_from_db()
    assert dead.status == "failed" and "Upload the file again" in dead.failure
    assert not (tmp_path / "dead.csv").exists() and dead.upload_path == ""
    waiting.refresh_from_db()
    assert waiting.status == "queued" and (tmp_path / "waiting.csv").exists()
