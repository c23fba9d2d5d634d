"""A bad feed file is refused cleanly, from the command line and from the upload page alike.

Not UTF-8 (Latin-1, UTF-16, a workbook, binary), no header row, a required column missing
or a column named twice: refused with the reason and what to do, nothing stored, the run
marked failed (never left "importing"). A cell over the size limit rejects its own row,
with its line, while the rows around it land. Both the command and the worker run outside
a transaction in production, so these tests do too.
"""

import codecs
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import UserFactory
from tests.referrals.feed_helpers import feed_csv, row
from victimcare.accounts.capabilities import Role
from victimcare.referrals.feedfiles import CELL_LIMIT
from victimcare.referrals.models import ImportRun, Referral

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Outcome:
    run: ImportRun
    told: str  # what the person importing was told: the command's error, or the run's page


Importer = Callable[[bytes], Outcome]


@pytest.fixture(params=["command line", "upload page"])
def import_file(request, tmp_path, settings, northgate, client) -> Importer:
    """Import the bytes as a feed file the way a person would: `import_referrals`, or
    uploading on the imports page for the task worker to import."""
    settings.VCH_UPLOAD_DIR = tmp_path / "uploads"

    def by_command(content: bytes) -> Outcome:
        path = tmp_path / "feed.csv"
        path.write_bytes(content)
        try:
            call_command("import_referrals", str(path), "--no-progress")
            told = ""
        except CommandError as error:
            told = str(error)
        return Outcome(ImportRun.objects.get(), told)

    def by_upload(content: bytes) -> Outcome:
        # The hub's organisation is configured to load the test force's feed.
        northgate.organisation.extra_source_codes = ["test-police"]
        northgate.organisation.save()
        leader = UserFactory(
            role=Role.TEAM_LEADER, team=northgate, organisation=northgate.organisation
        )
        client.force_login(leader)
        response = client.post(
            reverse("referrals:imports"), {"file": SimpleUploadedFile("feed.csv", content)}
        )
        assert response.status_code == 302
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        run = ImportRun.objects.get()
        page = client.get(reverse("referrals:import", args=[run.pk]))
        assert page.status_code == 200
        assert not any((tmp_path / "uploads").iterdir())  # the private copy is gone
        return Outcome(run, page.content.decode())

    return by_command if request.param == "command line" else by_upload


def good_feed() -> str:
    return feed_csv([row(crime_reference="CR/1", given_name="Zoë"), row(crime_reference="CR/2")])


def assert_refused(outcome: Outcome, reason: str) -> None:
    outcome.run.refresh_from_db()
    assert outcome.run.status == "failed"
    assert reason in outcome.run.failure and "import it again" in outcome.run.failure
    assert outcome.run.finished_at is not None
    told = outcome.told.replace("&#x27;", "'").replace("&quot;", '"')
    assert reason in told  # the person sees the reason, not a traceback
    assert not Referral.objects.exists()
    assert not outcome.run.rejections.exists() and outcome.run.unknown_columns == []


def test_a_latin1_file_is_refused_naming_the_line_and_nothing_is_stored(import_file) -> None:
    outcome = import_file(good_feed().encode("latin-1"))
    assert_refused(outcome, "The file is not UTF-8 text: line 2 holds a character")


def test_a_utf16_file_with_a_byte_order_mark_is_refused(import_file) -> None:
    content = good_feed().encode("utf-16")
    assert content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert_refused(import_file(content), "The file is UTF-16 text, not UTF-8")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_without_a_byte_order_mark_is_refused(import_file, codec) -> None:
    assert_refused(import_file(good_feed().encode(codec)), "The file is UTF-16 text, not UTF-8")


def test_a_broken_character_first_in_the_header_is_named_before_missing_columns(
    import_file,
) -> None:
    text = "@@" + feed_csv([row()])
    outcome = import_file(codecs.BOM_UTF8 + text.encode().replace(b"@@", LONE_SURROGATE))
    assert_refused(outcome, "The header row holds a column name that is not text: \\ud83dsource")


def test_a_binary_file_is_refused(import_file) -> None:
    binary = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert_refused(import_file(binary), "The file is not UTF-8 text")


def test_a_workbook_saved_with_a_csv_name_is_refused(import_file) -> None:
    workbook = b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256))
    assert_refused(import_file(workbook), "The file is a spreadsheet workbook")


def test_a_utf8_file_with_a_byte_order_mark_is_imported(import_file) -> None:
    outcome = import_file(codecs.BOM_UTF8 + good_feed().encode())
    outcome.run.refresh_from_db()
    assert (outcome.run.status, outcome.run.created) == ("finished", 2)
    assert Referral.objects.get(crime_reference="CR/1").person.given_name == "Zoë"


def test_a_file_without_a_header_row_is_refused_and_no_victim_detail_is_kept(
    import_file,
) -> None:
    without_header = good_feed().split("\n", 1)[1]
    outcome = import_file(without_header.encode())
    assert_refused(outcome, "The first line is not a header row")
    for detail in ("Zoë", "Amelia", "Hart", "1988-05-02", "07700 900123", "amelia.hart"):
        assert detail not in outcome.run.failure and detail not in outcome.told


def test_a_header_lacking_required_columns_is_refused_before_any_row_is_stored(
    import_file,
) -> None:
    columns = [c for c in row() if c not in ("referral_consent", "victim_kind")]
    rows = [row(crime_reference="CR/1"), row(crime_reference="CR/2")]
    outcome = import_file(feed_csv(rows, columns).encode())
    assert_refused(outcome, "lacks required columns: victim_kind, referral_consent")


def test_a_header_naming_a_column_twice_is_refused(import_file) -> None:
    text = feed_csv([row()])
    header, first = text.splitlines()[:2]
    outcome = import_file(f"{header},phone\n{first},07700 900999\n".encode())
    assert_refused(outcome, "names a column more than once: phone")


def test_a_cell_over_the_limit_rejects_its_row_and_the_rows_around_it_land(
    import_file,
) -> None:
    huge = "x" * (CELL_LIMIT + 1)
    text = feed_csv(
        [
            row(crime_reference="CR/1"),  # line 2
            row(crime_reference="CR/2", contact_notes=huge),  # line 3
            row(crime_reference="CR/3"),  # line 4
            # line 5, over three lines: a quoted cell, too long, with line breaks in it
            row(crime_reference="CR/4", contact_notes=f"call after 6\n{huge}\nno voicemail"),
            row(crime_reference="CR/5", postcode="ZZZ"),  # line 8: an ordinary bad row
            row(crime_reference="CR/6"),  # line 9
        ]
    )
    outcome = import_file(text.encode())
    run = outcome.run
    run.refresh_from_db()
    assert (run.status, run.rows_read, run.created, run.rejected) == ("finished", 6, 3, 3)
    assert sorted(Referral.objects.values_list("crime_reference", flat=True)) == [
        "CR/1",
        "CR/3",
        "CR/6",
    ]
    rejected = {(r.line, r.column): r.reason for r in run.rejections.all()}
    assert set(rejected) == {(3, "(row)"), (5, "(row)"), (8, "postcode")}
    assert rejected[(3, "(row)")] == (
        "a cell is longer than 131,072 characters, the most one may hold: the row was not imported"
    )


# Half an emoji (U+D83D) as some exporters write it into UTF-8: bytes ED A0 BD.
LONE_SURROGATE = "\ud83d".encode("utf-8", "surrogatepass")


def test_a_lone_surrogate_rejects_its_own_row_and_the_rows_around_it_land(import_file) -> None:
    """One broken character is one bad row, not a file in another encoding: the row is
    rejected naming the column and why, and the rest of the file is imported."""
    text = feed_csv(
        [
            row(crime_reference="CR/1", given_name="Zoë"),  # line 2
            row(crime_reference="CR/2", given_name="@@"),  # line 3: half an emoji in a name
            row(crime_reference="CR/3", contact_notes="Call after 6 @@"),  # line 4
            row(crime_reference="CR/@@4"),  # line 5: in the crime reference itself
            row(crime_reference="CR/5"),  # line 6
            row(crime_reference="CR/\x006"),  # line 7: a NUL in the key
        ]
    )
    content = text.encode().replace(b"@@", LONE_SURROGATE)
    assert b"\xed\xa0\xbd" in content
    run = import_file(content).run
    run.refresh_from_db()
    assert (run.status, run.rows_read, run.created, run.rejected) == ("finished", 6, 2, 4)
    assert sorted(Referral.objects.values_list("crime_reference", flat=True)) == ["CR/1", "CR/5"]
    rejected = {(r.line, r.column): r.reason for r in run.rejections.all()}
    surrogate = "contains a broken character (half of an emoji, or a character saved in another encoding): retype the value"
    assert rejected == {
        (3, "given_name"): surrogate,
        (4, "contact_notes"): surrogate,
        (5, "crime_reference"): surrogate,
        (7, "crime_reference"): "contains a NUL character",
    }
    keys = {r.line: r.record_key for r in run.rejections.all()}
    assert keys[5] == "test-police/CR/\\ud83d4/V1" and keys[7] == "test-police/CR/\\x006/V1"
    assert Referral.objects.get(crime_reference="CR/1").person.given_name == "Zoë"


def test_a_lone_surrogate_in_the_header_refuses_the_file(import_file) -> None:
    text = feed_csv([{**row(), "force_note@@": "x"}])
    outcome = import_file(text.encode().replace(b"@@", LONE_SURROGATE))
    assert_refused(outcome, "The header row holds a column name that is not text: force_note")


def test_a_latin1_byte_beside_a_lone_surrogate_still_refuses_the_file(import_file) -> None:
    text = feed_csv([row(crime_reference="CR/@@"), row(crime_reference="CR/2", given_name="Zoë")])
    content = text.encode("latin-1").replace(b"@@", LONE_SURROGATE)
    assert_refused(import_file(content), "The file is not UTF-8 text: line 3 holds a character")


def test_a_stream_that_stops_being_utf8_fails_the_run_and_keeps_the_rows_before(
    northgate,
) -> None:
    """A caller that streams without the whole-file check still never leaves a run
    "importing": the rows before the bad byte are saved and the run says what to do."""
    import io

    from victimcare.intake.importing import feed_import_csv

    good = feed_csv([row(crime_reference=f"CR/{n}") for n in range(150)]).encode()
    bad = feed_csv([row(crime_reference="CR/bad", given_name="Zoë")]).split("\n", 1)[1]
    assert len(good) > 2 * io.DEFAULT_BUFFER_SIZE  # the bad byte is read well after the first rows
    stream = io.TextIOWrapper(io.BytesIO(good + bad.encode("latin-1")), encoding="utf-8")
    run = feed_import_csv(stream=stream, filename="feed.csv")
    run.refresh_from_db()
    assert run.status == "failed" and "the rows before it are saved" in run.failure
    saved = set(Referral.objects.values_list("crime_reference", flat=True))
    assert saved and saved <= {f"CR/{n}" for n in range(150)} and run.created == len(saved)


def test_an_unexpected_error_fails_the_run_saying_what_to_do(
    write_csv, northgate, monkeypatch
) -> None:
    from victimcare.intake import importing

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importing, "feed_receive", broken)
    with pytest.raises(RuntimeError):
        importing.feed_import_file(path=write_csv(good_feed()))
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.failure == importing.STOPPED_BY_ERROR
