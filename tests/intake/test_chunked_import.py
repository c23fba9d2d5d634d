"""A large upload split into chunks that task workers import at once (ADR 55): one run with
one progress and one report; a resend changes nothing; a bad row never stops the good ones;
every copy of one referral lands in one chunk, in file order; a chunk whose worker died is
taken over and goes on from its progress with every row exactly once. The same with two
workers really at once, on PostgreSQL: tests/scale/test_parallel_intake.py."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrganisationFactory, UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import OrganisationKind
from victimcare.intake.chunk_process import chunk_process_run
from victimcare.intake.receive import IntakeContext, _statistics_refresh
from victimcare.intake.uploads import (
    imports_take_over_stalled,
    referral_upload_accept,
    referral_upload_chunk_import,
    referral_upload_import,
    upload_dir,
)
from victimcare.referrals import import_chunks
from victimcare.referrals.feedfiles import CELL_LIMIT, read_feed_csv
from victimcare.referrals.import_chunks import chunk_filter, chunk_of
from victimcare.referrals.import_runs import ImportClaimLost
from victimcare.referrals.models import (
    ImportChunk,
    ImportRejection,
    ImportRun,
    ImportStatus,
    Referral,
)

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 600


@pytest.fixture
def queued(settings, tmp_path, northgate, monkeypatch):
    """Uploads are split in two from 100 rows; the chunk tasks are recorded, not run."""
    settings.VCH_UPLOAD_DIR = str(tmp_path)
    settings.VCH_IMPORT_CHUNKS, settings.VCH_IMPORT_PARALLEL_MIN_ROWS = 2, 100
    tasks: list[int] = []
    monkeypatch.setattr(
        "victimcare.intake.tasks.import_uploaded_feed_chunk", SimpleNamespace(enqueue=tasks.append)
    )
    monkeypatch.setattr(
        "victimcare.intake.tasks.import_uploaded_feed", SimpleNamespace(enqueue=lambda pk: None)
    )
    police = OrganisationFactory(code="test-police", kind=OrganisationKind.POLICE_FORCE)
    user = UserFactory(organisation=police)

    def upload(rows: list[dict[str, str]]) -> ImportRun:
        tasks.clear()
        run = referral_upload_accept(
            uploaded=SimpleUploadedFile("feed.csv", feed_csv(rows).encode(), "text/csv"),
            actor=user,
        )
        referral_upload_import(run_id=run.pk)
        return run

    upload.tasks = tasks  # type: ignore[attr-defined]
    return upload


def rows(count: int = ROWS) -> list[dict[str, str]]:
    return [
        row(crime_reference=f"CR/{n}", victim_reference="V1", given_name=f"Ann{n}")
        for n in range(count)
    ]


def test_a_large_upload_is_one_run_with_one_report_whichever_worker_read_each_row(queued):
    feed = rows()
    feed[10]["date_of_birth"] = "31/02/1990"  # a bad row among good ones
    run = queued(feed)
    assert len(queued.tasks) == 2 and run.chunks.count() == 2
    first = referral_upload_chunk_import(chunk_id=queued.tasks[0])
    assert first is not None and 0 < first.rows_read < ROWS
    middle = ImportRun.objects.get(pk=run.pk)
    assert middle.status == ImportStatus.RUNNING and middle.rows_read == first.rows_read
    assert (upload_dir() / middle.upload_path).exists()  # the other chunk still needs it
    referral_upload_chunk_import(chunk_id=queued.tasks[1])

    run.refresh_from_db()
    assert run.status == ImportStatus.FINISHED and run.rows_read == ROWS
    assert (run.created, run.rejected) == (ROWS - 1, 1) == (Referral.objects.count(), 1)
    [rejection] = ImportRejection.objects.filter(run=run)
    assert (rejection.line, rejection.column) == (12, "date_of_birth")
    assert run.upload_path == "" and not list(upload_dir().iterdir())
    # A second worker given a chunk already done does nothing.
    assert referral_upload_chunk_import(chunk_id=queued.tasks[0]) is None


def test_a_resent_file_changes_nothing_and_every_row_reports_unchanged(queued):
    for _ in range(2):
        run = queued(rows())
        for chunk_id in list(queued.tasks):
            referral_upload_chunk_import(chunk_id=chunk_id)
    run.refresh_from_db()
    assert (run.rows_read, run.unchanged, run.created, run.updated) == (ROWS, ROWS, 0, 0)
    assert Referral.objects.count() == ROWS


def test_every_copy_of_one_referral_lands_in_one_chunk_in_file_order(queued):
    feed = rows(200)
    later = row(
        crime_reference="CR/7",
        victim_reference="V1",
        given_name="Ann7",
        offence_description="Burglary of a shed",
    )
    run = queued([*feed, later])
    numbers = {chunk_of(r, n, 2) for n, r in enumerate(feed) if r["crime_reference"] == "CR/7"}
    assert numbers == {chunk_of(later, 999, 2)}
    for chunk_id in reversed(queued.tasks):  # whichever order the workers take them in
        referral_upload_chunk_import(chunk_id=chunk_id)
    run.refresh_from_db()
    assert (run.created, run.updated) == (200, 1)
    referral = Referral.objects.get(crime_reference="CR/7")
    assert referral.offence_description == "Burglary of a shed"  # the later row wins


def test_a_chunk_whose_worker_died_is_taken_over_with_every_row_exactly_once(queued, monkeypatch):
    run = queued(rows())
    saved = import_chunks._saved
    calls = []

    def save_then_die(chunk, *args, **kwargs):
        saved(chunk, *args, **kwargs)
        calls.append(chunk.rows_read)
        if len(calls) == 1:
            raise ImportClaimLost(chunk.run_id)  # stops as a killed worker would

    monkeypatch.setattr(import_chunks, "_saved", save_then_die)
    dead = queued.tasks[0]
    assert referral_upload_chunk_import(chunk_id=dead) is None
    monkeypatch.setattr(import_chunks, "_saved", saved)
    assert ImportChunk.objects.get(pk=dead).rows_read == 200
    referral_upload_chunk_import(chunk_id=queued.tasks[1])
    run.refresh_from_db()
    assert run.status == ImportStatus.RUNNING and run.upload_path  # kept for the takeover

    # Only a chunk whose progress stood still past the lease is queued again.
    assert imports_take_over_stalled() == 0
    ImportChunk.objects.filter(pk=dead).update(
        progress_at=timezone.now() - datetime.timedelta(hours=1)
    )
    retaken: list[int] = []
    monkeypatch.setattr(
        "victimcare.intake.tasks.import_uploaded_feed_chunk",
        SimpleNamespace(enqueue=retaken.append),
    )
    assert imports_take_over_stalled() == 1 and retaken == [dead]
    referral_upload_chunk_import(chunk_id=dead)

    run.refresh_from_db()
    assert run.status == ImportStatus.FINISHED and run.rows_read == ROWS
    assert Referral.objects.count() == ROWS == run.created + run.unchanged
    assert run.created >= 200 + ImportChunk.objects.exclude(pk=dead).get().created
    assert not (upload_dir()).joinpath("x").exists() and run.upload_path == ""


def test_a_chunk_whose_worker_died_before_its_first_save_reports_its_bad_row_once(
    queued, monkeypatch
):
    feed = rows()
    feed[10]["date_of_birth"] = "31/02/1990"
    run = queued(feed)
    number = chunk_of(feed[10], 12, 2)
    dead = run.chunks.get(number=number).pk
    saved = import_chunks._saved

    def die(chunk, *args, **kwargs):
        raise ImportClaimLost(chunk.run_id)  # killed before its first progress save

    monkeypatch.setattr(import_chunks, "_saved", die)
    assert referral_upload_chunk_import(chunk_id=dead) is None
    monkeypatch.setattr(import_chunks, "_saved", saved)
    assert ImportChunk.objects.get(pk=dead).rows_read == 0
    assert ImportRejection.objects.filter(run=run).count() == 1  # kept as its row was read

    ImportChunk.objects.filter(pk=dead).update(status=ImportStatus.QUEUED)  # taken over
    for chunk_id in queued.tasks:
        referral_upload_chunk_import(chunk_id=chunk_id)
    run.refresh_from_db()
    assert run.status == ImportStatus.FINISHED and (run.rows_read, run.rejected) == (ROWS, 1)
    [rejection] = ImportRejection.objects.filter(run=run)
    assert (rejection.line, rejection.column) == (12, "date_of_birth")


def test_a_worker_whose_chunk_was_taken_over_cannot_save_over_it(queued):
    queued(rows())
    chunk = ImportChunk.objects.first()
    assert chunk is not None
    chunk.progress_at = timezone.now()
    chunk.rows_read = 999
    with pytest.raises(ImportClaimLost):
        import_chunks._saved(chunk, dict.fromkeys(import_chunks.COUNTS, 0))
    assert ImportChunk.objects.get(pk=chunk.pk).rows_read == 0
    assert ImportRun.objects.get(pk=chunk.run_id).rows_read == 0


def test_a_small_upload_is_imported_in_one_pass(queued):
    run = queued(rows(50))
    assert queued.tasks == [] and not run.chunks.exists()
    assert ImportRun.objects.get(pk=run.pk).created == 50


def test_a_file_refused_whole_makes_no_chunk(queued, settings):
    # Through pytest-django's `settings` (monkeypatching django.conf.settings would leave
    # the value behind for every later test once the override is undone).
    settings.VCH_IMPORT_PARALLEL_MIN_ROWS = 1
    bad = [{"source": "test-police", "crime_reference": f"CR/{n}"} for n in range(5)]
    run = queued(bad)
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "victim_reference" in run.failure
    assert not run.chunks.exists() and run.upload_path == ""


def test_an_upload_through_the_page_is_imported_in_chunks_by_the_worker(
    client, northgate, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VCH_UPLOAD_DIR = str(tmp_path)
    settings.VCH_IMPORT_CHUNKS, settings.VCH_IMPORT_PARALLEL_MIN_ROWS = 3, 100
    northgate.organisation.extra_source_codes = ["test-police"]
    northgate.organisation.save()
    client.force_login(
        UserFactory(role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation)
    )
    feed = rows(300)
    feed[150]["postcode"] = "ZZZ"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("referrals:imports"),
            {"file": SimpleUploadedFile("feed.csv", feed_csv(feed).encode())},
        )
    run = ImportRun.objects.get()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    assert run.chunks.count() == 3 and set(run.chunks.values_list("status", flat=True)) == {
        ImportStatus.FINISHED
    }
    assert (run.status, run.rows_read, run.created, run.rejected) == ("finished", 300, 299, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Import finished" in page and "299 new, 0 updated, 1 rejected" in page
    assert "&#x27;ZZZ&#x27; is not a UK postcode" in page and ">152<" in page
    assert list(upload_dir().iterdir()) == []


def test_a_chunk_process_that_fails_logs_the_error_class_never_the_row(
    monkeypatch, capfd, settings
) -> None:
    def fails(**kwargs):
        raise IntegrityError("duplicate key value (family_name)=(Ashworth-Secret)")

    monkeypatch.setattr("victimcare.intake.parallel.feed_import_chunk", fails)
    names = {c.alias: c.settings_dict["NAME"] for c in connections.all()}
    with pytest.raises(SystemExit) as exited:
        chunk_process_run(1, "feed.csv", "test", settings.SETTINGS_MODULE, names)
    assert exited.value.code == 1
    logged = capfd.readouterr().err  # the process's own logging, as its container keeps it
    assert "import chunk 1 stopped: IntegrityError" in logged and "Ashworth" not in logged


def test_a_chunk_reads_whole_exactly_the_rows_that_are_its_own():
    """The reader passes over the other chunks' rows as soon as their key is read: what it
    yields is what `chunk_of` gives the chunk, rows with no key (by line), keys exported
    spreadsheet-safe, short rows and a row the reader could not read included."""
    feed = [
        *rows(40),
        row(crime_reference="", victim_reference=""),
        row(crime_reference="'=CR/9", victim_reference=" V2 "),
        row(source=" TEST-Police ", crime_reference="CR/3"),
    ]
    too_long = 'test-police,"' + "x" * (CELL_LIMIT + 1) + '"\n'
    text = feed_csv(feed) + too_long + "test-police,CR/short\n" + feed_csv(rows(3))
    every = [r for r in read_feed_csv(io.StringIO(text))[1]]
    assert any(r.problem for r in every) and len(every) == len(feed) + 6
    for number in range(2):
        chunk = SimpleNamespace(number=number)
        _, read = read_feed_csv(io.StringIO(text), chunk_filter(chunk, 2))  # type: ignore[arg-type]
        mine = list(read)
        # Only an unreadable row (no key to read before it fails) goes to every chunk, for
        # chunk_rows to keep in the chunk of its line.
        assert all(r.problem or chunk_of(r.values, r.line, 2) == number for r in mine)
        assert [
            (r.line, r.values, r.problem) for r in mine if chunk_of(r.values, r.line, 2) == number
        ] == [
            (r.line, r.values, r.problem) for r in every if chunk_of(r.values, r.line, 2) == number
        ]


@pytest.mark.postgresql_only  # statistics are PostgreSQL's
def test_in_a_parallel_import_one_chunk_refreshes_the_statistics_for_the_run():
    def analyses(context: IntakeContext, added: list[int]) -> list[int]:
        done = []
        for count in added:
            with CaptureQueriesContext(connections["default"]) as queries:
                _statistics_refresh(context, count)
            done.append(sum(q["sql"].startswith("ANALYZE") for q in queries.captured_queries))
        return done

    # One pass: at 10,000 new referrals, then each time the delivery has doubled.
    assert analyses(IntakeContext(), [9_999, 1, 9_999, 1, 10_000]) == [0, 1, 0, 1, 0]
    # The first of two chunks counts the run's additions as twice its own.
    first = IntakeContext(delivery_share=2, analyses=True)
    assert analyses(first, [4_999, 1, 4_999, 1]) == [0, 1, 0, 1]
    assert analyses(IntakeContext(delivery_share=2, analyses=False), [50_000]) == [0]


@pytest.mark.postgresql_only  # statistics are PostgreSQL's
def test_the_refresh_gives_statistics_to_the_columns_intake_reads_and_only_those(write_csv):
    """ADR 70: victim details too (repeat-victim counting joins them by name key; without
    statistics PostgreSQL hashed whole tables every batch), and not every column: the rest
    are autovacuum's to analyse."""
    from victimcare.intake.importing import feed_import_file

    feed_import_file(path=write_csv(feed_csv(rows(30)), "feed.csv"))
    _statistics_refresh(IntakeContext(), 10_000)
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT tablename, attname FROM pg_stats WHERE tablename IN"
            " ('referrals_victimdetails', 'referrals_referral')"
        )
        analysed = set(cursor.fetchall())
    assert ("referrals_victimdetails", "name_key") in analysed
    assert ("referrals_referral", "reported_at") in analysed
    assert ("referrals_referral", "offence_description") not in analysed
