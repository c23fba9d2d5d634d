"""Importing feed files: good rows land once, bad rows are reported, resends update."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.referrals.feed_helpers import feed_csv, row
from victimcare.audit.models import AuditEvent
from victimcare.cases.models import Case
from victimcare.intake.importing import feed_import_file
from victimcare.people.models import Person
from victimcare.referrals.models import ImportRun, Referral

pytestmark = pytest.mark.django_db


def malformed_feed() -> str:
    return feed_csv(
        [
            row(crime_reference="CR/1"),  # line 2: good
            row(crime_reference="CR/2", family_name=""),  # line 3: missing required value
            row(crime_reference="CR/3", reported_at="yesterday"),  # line 4: bad date
            row(crime_reference="CR/4", postcode="ZZZ"),  # line 5: bad postcode
            row(crime_reference="CR/5", incident_type="theft"),  # line 6: unknown incident_type
            row(crime_reference="CR/6", postcode="BA1 1AA"),  # line 7: good, other hub
            row(crime_reference="CR/7", postcode="M1 1AE"),  # line 8: good, out of area
        ]
    )


def test_good_rows_land_once_and_bad_rows_are_reported(write_csv, northgate, riverside) -> None:
    path = write_csv(malformed_feed())
    run = feed_import_file(path=path)

    assert (run.rows_read, run.created, run.updated, run.rejected) == (7, 3, 0, 4)
    rejections = [(r.line, r.column, r.reason) for r in run.rejections.all()]
    assert rejections == [
        (3, "family_name", "is required for a person"),
        (
            4,
            "reported_at",
            "'yesterday' is not a date and time in ISO 8601 form, e.g. 2026-03-14T09:30",
        ),
        (5, "postcode", "'ZZZ' is not a UK postcode"),
        (6, "incident_type", "'theft' is not one of: crime, asb"),
    ]
    assert run.rejections.get(line=3).record_key == "test-police/CR/2/V1"

    by_ref = {r.crime_reference: r for r in Referral.objects.select_related("case")}
    assert set(by_ref) == {"CR/1", "CR/6", "CR/7"}
    assert by_ref["CR/1"].case.team == northgate
    assert by_ref["CR/1"].lawful_basis == "public_task"
    assert by_ref["CR/6"].case.team == riverside
    assert by_ref["CR/7"].out_of_area is True and by_ref["CR/7"].case.team is None

    again = feed_import_file(path=path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 4)
    assert Referral.objects.count() == 3
    assert Case.objects.count() == 3
    assert Person.objects.count() == 3


def test_a_resend_with_changes_updates_the_same_referral(write_csv, northgate, riverside) -> None:
    feed_import_file(path=write_csv(feed_csv([row()])))
    referral = Referral.objects.get()
    case_reference = referral.case.reference

    changed = feed_import_file(
        path=write_csv(feed_csv([row(postcode="BA1 2BB", domestic_abuse="true")]), "resend.csv")
    )

    assert (changed.created, changed.updated) == (0, 1)
    referral.refresh_from_db()
    assert referral.domestic_abuse is True
    assert referral.person.postcode == "BA1 2BB"
    assert referral.case.reference == case_reference
    assert referral.case.team == riverside  # a new case follows the victim's hub
    update = AuditEvent.objects.get(action="referral.updated")
    assert update.data["person_fields"] == ["postcode"]
    assert "BA1" not in str(update.data)  # no personal values in the audit trail


def test_the_same_row_twice_in_one_file_makes_one_referral(write_csv, northgate) -> None:
    run = feed_import_file(path=write_csv(feed_csv([row(), row(given_name="Amélie")])))
    assert (run.created, run.updated) == (1, 1)
    assert Referral.objects.get().person.given_name == "Amélie"


def test_unknown_columns_are_reported_and_kept(write_csv, northgate) -> None:
    run = feed_import_file(path=write_csv(feed_csv([{**row(), "force_division": "North"}])))
    assert run.unknown_columns == ["force_division"]
    assert Referral.objects.get().unknown_columns == {"force_division": "North"}


def test_line_numbers_count_quoted_newlines(write_csv, northgate) -> None:
    text = feed_csv(
        [
            row(contact_notes="Call after 6pm\nNo voicemail"),
            row(crime_reference="CR/2", postcode="X"),
        ]
    )
    run = feed_import_file(path=write_csv(text))
    assert run.rejections.get().line == 4


def test_command_prints_the_summary(write_csv, northgate, capsys) -> None:
    call_command("import_referrals", str(write_csv(malformed_feed())), "--no-progress")
    out = capsys.readouterr().out
    assert "rows read: 7" in out
    assert "created:   3" in out
    assert "rejected:  4" in out
    assert "line 5 [test-police/CR/4/V1]: postcode: 'ZZZ' is not a UK postcode" in out


def test_a_batch_that_fails_in_the_database_is_saved_row_by_row(
    write_csv, northgate, monkeypatch, caplog
) -> None:
    """A case reference that collides with a stored one makes the batch's insert fail; the
    intake saves the rows one by one, each with a fresh reference, and none is lost."""
    from tests.factories import CaseFactory
    from victimcare.cases.models import Case, new_case_reference

    taken = CaseFactory(team=northgate).reference
    references = iter([taken])
    monkeypatch.setattr(
        "victimcare.cases.services.opening.new_case_reference",
        lambda: next(references, None) or new_case_reference(),
    )

    run = feed_import_file(
        path=write_csv(feed_csv([row(crime_reference=f"CR/{n}") for n in range(3)]))
    )
    assert (run.created, run.rejected) == (3, 0)
    assert Case.objects.count() == 4
    assert (
        "a batch of 3 failed (" in caplog.text
    )  # IntegrityError, or UniqueViolation on PostgreSQL


def test_a_resend_that_changes_consent_moves_the_case_between_triage_lists(
    write_csv, northgate
) -> None:
    """Domestic abuse with consent not asked waits for consent; the police resend the row
    once the victim agreed, and the case joins the hub's contact list."""
    from tests.factories import UserFactory
    from victimcare.accounts.capabilities import Role
    from victimcare.cases.selectors import case_queue, case_queue_counts

    officer = UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=northgate, organisation=northgate.organisation
    )
    asking = row(domestic_abuse="true", referral_consent="not_asked")
    feed_import_file(path=write_csv(feed_csv([asking])))
    case = Case.objects.get()
    assert case.triage == "awaiting_consent"
    assert list(case_queue(officer, "consent")) == [case]
    assert case_queue_counts(officer) == {"contact": 0, "consent": 1, "recorded": 0}

    feed_import_file(path=write_csv(feed_csv([{**asking, "referral_consent": "given"}]), "2.csv"))

    case.refresh_from_db()
    assert case.triage == case.referral.auto_referral == "consent_given"
    assert list(case_queue(officer, "contact")) == [case]
    assert case_queue_counts(officer) == {"contact": 1, "consent": 0, "recorded": 0}


@pytest.mark.django_db(transaction=True)
def test_workers_split_a_file_on_postgresql_and_one_process_imports_it_on_sqlite(
    write_csv, northgate, capsys
) -> None:
    rows = [row(crime_reference=f"CR/{n}", given_name=f"Ann{n}") for n in range(40)]
    call_command(
        "import_referrals", str(write_csv(feed_csv(rows))), "--workers", "2", "--no-progress"
    )
    out, err = capsys.readouterr()
    assert "rows read: 40" in out and "created:   40" in out, out
    assert Referral.objects.count() == 40
    run = ImportRun.objects.get()
    if connection.vendor == "postgresql":  # two fresh processes, one chunk each
        assert run.chunks.count() == 2 and "one process" not in err
    else:  # SQLite lets one process write at a time: said, and done in one
        assert run.chunks.count() == 0
        assert "several processes need PostgreSQL" in err and "one process imports" in err


def test_the_linkage_summary_counts_pairs_held_back_and_people_not_linked() -> None:
    quiet = ImportRun(linkage={"joined": 3, "queued": 2, "unnamed": 1})
    assert quiet.linkage_summary == (
        "3 joined to a known victim, 2 waiting for an officer's review, 1 without a name "
        "(never joined automatically)"
    )
    held = ImportRun(linkage={"joined": 3, "queued": 2, "unnamed": 0, "held_back": 2, "failed": 4})
    assert held.linkage_summary == (
        "3 joined to a known victim, 2 waiting for an officer's review (2 of them scored high "
        "enough to join, but the evidence asks an officer to decide), 0 without a name (never "
        "joined automatically); 4 could not be linked and stay as received (the hub's log says "
        "why)"
    )
