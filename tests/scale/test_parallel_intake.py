"""Intake in parallel on real PostgreSQL (issue 21 item 3, ADR 55): two workers importing
chunks at the same moment that hold the same victim make one person of them; the command
splits a file between two processes with one report, and a resend changes nothing."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.linkage import conftest as linkage_fixtures
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.intake import receive
from victimcare.intake.parallel import feed_import_chunk, feed_import_split
from victimcare.people.models import Person
from victimcare.referrals.import_chunks import chunk_of
from victimcare.referrals.models import ImportRun, ImportStatus, Referral

index = linkage_fixtures.index  # the known people linkage trains on
pytestmark = [
    pytest.mark.scale,
    pytest.mark.postgresql_only,
    pytest.mark.django_db(transaction=True),
]

VICTIMS = [
    dict(
        given_name="Rosalind",
        family_name="Ashworth",
        date_of_birth="1974-08-19",
        postcode="BS6 5TL",
        address_line_1="41 Cotham Brow",
        phone="07700 900311",
        email="r.ashworth@example.org",
    ),
    dict(
        given_name="Tobias",
        family_name="Fenwick",
        date_of_birth="1991-12-03",
        postcode="BS2 9QP",
        address_line_1="Flat 2, 8 Ashley Road",
        phone="07700 900477",
        email="toby.fenwick@example.net",
    ),
    dict(
        given_name="Priya",
        family_name="Ramanathan",
        date_of_birth="1983-04-27",
        postcode="BS8 1HT",
        address_line_1="17 Whiteladies Road",
        phone="07700 900588",
        email="priya.r@example.com",
    ),
]


def two_reports_in_two_chunks(victim: dict[str, str], n: int) -> list[dict[str, str]]:
    """Two crimes against one victim whose keys fall in different chunks of two."""
    found: dict[int, dict[str, str]] = {}
    for attempt in range(100):
        report = row(crime_reference=f"CR/{n}/{attempt}", victim_reference="V1", **victim)
        found.setdefault(chunk_of(report, 0, 2), report)
        if len(found) == 2:
            return [found[0], found[1]]
    raise AssertionError("no key for the second chunk")


def test_one_victim_in_two_chunks_imported_at_once_is_one_person(
    index, write_csv, monkeypatch
) -> None:
    call_command("train_linkage", verbosity=0)
    rows = [report for n, v in enumerate(VICTIMS) for report in two_reports_in_two_chunks(v, n)]
    path = write_csv(feed_csv(rows))
    run = ImportRun.objects.create(filename=path.name, status=ImportStatus.RUNNING)
    chunk_ids = feed_import_split(run=run, path=path, chunks=2)

    # Both workers save their batch, then reach linkage together. Without the advisory locks
    # each finds the other's newcomer saved and tries to join it: the merge's row locks let
    # one win and refuse the other (linkage "failed", logged as an error; with a third
    # record of the person, a join into someone just merged away is refused and the victim
    # left as two people). With them the second worker links after the first, and finds
    # its newcomer already joined.
    barrier = threading.Barrier(2, timeout=60)
    serialised = receive._linkage_serialised

    @contextmanager
    def together(person_ids: list[int]) -> Iterator[None]:
        barrier.wait()
        with serialised(person_ids):
            yield

    monkeypatch.setattr(receive, "_linkage_serialised", together)
    errors: list[BaseException] = []

    def worker(chunk_id: int) -> None:
        try:
            feed_import_chunk(chunk_id=chunk_id, path=Path(path))
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(chunk_id,)) for chunk_id in chunk_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors

    run.refresh_from_db()
    assert run.status == ImportStatus.FINISHED
    assert (run.rows_read, run.created, run.rejected) == (6, 6, 0)
    assert run.linkage.get("joined") == len(VICTIMS) and not run.linkage.get("failed")
    for victim in VICTIMS:
        referrals = Referral.objects.filter(person__family_name=victim["family_name"])
        people = {referral.person_id for referral in referrals}
        assert referrals.count() == 2 and len(people) == 1, victim["family_name"]
        assert Person.objects.get(pk=people.pop()).merged_into_id is None


def test_the_command_splits_a_file_between_two_processes_with_one_report(
    write_csv, northgate, capsys
) -> None:
    rows = [
        row(crime_reference=f"CR/{n}", victim_reference="V1", given_name=f"Ann{n}")
        for n in range(1200)
    ]
    rows[700]["reported_at"] = "not a date"
    path = write_csv(feed_csv(rows))
    call_command("import_referrals", str(path), "--workers", "2", "--no-progress")
    report = capsys.readouterr().out
    assert "rows read: 1200" in report and "created:   1199" in report, report
    assert "rejected:  1" in report and "line 702" in report and "reported_at" in report
    run = ImportRun.objects.get()
    chunks = list(run.chunks.values("number", "status", "rows_read", "created"))
    assert run.status == ImportStatus.FINISHED and len(chunks) == 2, (run.failure, chunks)
    assert sorted(run.chunks.values_list("rows_read", flat=True)) != [0, 1200]
    assert Referral.objects.count() == 1199

    call_command("import_referrals", str(path), "--workers", "2", "--no-progress")
    again = ImportRun.objects.order_by("-pk").first()
    assert again is not None
    assert (again.rows_read, again.unchanged, again.rejected) == (1200, 1199, 1), list(
        again.chunks.values("number", "status", "rows_read", "unchanged", "created")
    )
    assert Referral.objects.count() == 1199
