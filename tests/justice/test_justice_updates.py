"""Justice updates in: duties with the Code's deadlines, messages, and no duplicates."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.justice.conftest import justice_csv, row, update
from victimcare.cases.models import CaseTask, TaskKind
from victimcare.justice.feed import parse_update
from victimcare.justice.importing import justice_import_file
from victimcare.justice.models import CaseJusticeEvent, JusticeEvent, RightToReview
from victimcare.justice.services.duties import investigation_updates_schedule
from victimcare.justice.services.updates import justice_update_record, justice_updates_receive
from victimcare.notifications.delivery import outbox_sweep
from victimcare.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def import_updates(write_csv, *rows):
    return justice_import_file(path=write_csv(justice_csv(list(rows)), "justice.csv"))


def tell(case):
    return case.tasks.get(kind=TaskKind.TELL_VICTIM)


def test_a_charge_for_every_victim_of_the_crime_brings_each_their_own_deadline(
    write_csv, two_victims, sent_file, django_capture_on_commit_callbacks
) -> None:
    enhanced, standard = two_victims["V1"], two_victims["V2"]
    assert enhanced.referral.entitlement_level == "enhanced"
    assert standard.referral.entitlement_level == "standard"
    with django_capture_on_commit_callbacks(execute=True):
        run = import_updates(write_csv, update(event="suspect_charged"))
    assert (run.created, run.rejected) == (1, 0)
    assert tell(enhanced).due_on == datetime.date(2026, 12, 29)
    assert tell(standard).due_on == datetime.date(2027, 1, 5)
    assert tell(enhanced).assigned_to == enhanced.officer
    assert enhanced.tasks.get(kind=TaskKind.VPS_OFFER).code_area == "vps_offer"
    # The special-measures duty comes with the victim's vulnerability, not the other's.
    assert enhanced.tasks.filter(kind=TaskKind.SPECIAL_MEASURES).exists()
    assert not standard.tasks.filter(kind=TaskKind.SPECIAL_MEASURES).exists()

    outbox_sweep()  # what the worker does with each queued message
    sent = sent_file()
    assert sorted(m["record"] for m in sent) == sorted(f"case {c.pk}" for c in (enhanced, standard))
    assert all("charged" in m["personalisation"]["message"] for m in sent)
    assert all("Amelia" not in str(m) and "Hart" not in str(m) for m in sent)
    # The message told the victim: that duty is met, by email, the victim's safe channel.
    done = tell(enhanced)
    assert done.done_at is not None and done.outcome == "Told by email (automatic message)"
    assert not done.met_late
    # The event and the message's delivery are on the case's timeline.
    from victimcare.cases.timeline import case_timeline

    titles = [entry.title for entry in case_timeline(enhanced)]
    assert "From the police or court: the suspect was charged" in titles
    assert "Automatic justice update: sent by email" in titles


def test_sending_the_same_update_again_changes_nothing(
    write_csv, two_victims, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        import_updates(write_csv, update(event="suspect_arrested"))
    counts = (JusticeEvent.objects.count(), CaseTask.objects.count(), OutboxMessage.objects.count())
    again = import_updates(write_csv, update(event="suspect_arrested"))
    assert (again.created, again.unchanged, again.rejected) == (0, 1, 0)
    assert counts == (
        JusticeEvent.objects.count(),
        CaseTask.objects.count(),
        OutboxMessage.objects.count(),
    )
    assert counts == (1, 2, 2)


def test_a_moved_hearing_updates_the_event_and_its_reminders(write_csv, two_victims) -> None:
    listed = update(
        event="hearing_listed",
        event_at="2026-06-01T10:00",
        hearing_at="2026-07-15T10:00",
        court="Bristol Magistrates",
    )
    import_updates(write_csv, listed)
    reminder = two_victims["V2"].tasks.get(kind=TaskKind.HEARING_REMINDER)
    assert reminder.due_on == datetime.date(2026, 7, 13)
    moved = import_updates(write_csv, {**listed, "hearing_at": "2026-07-22T10:00"})
    assert (moved.created, moved.updated) == (0, 1)
    reminder.refresh_from_db()
    assert reminder.due_on == datetime.date(2026, 7, 20)
    assert JusticeEvent.objects.get().hearing_at.day == 22


def test_bad_rows_are_reported_and_the_good_rows_beside_them_land(write_csv, victims) -> None:
    victims(*[row(crime_reference=f"CR/{n}") for n in range(1, 21)])
    rows = [update(crime_reference=f"CR/{n}", event="suspect_arrested") for n in range(1, 21)]
    rows[3]["event"] = "suspect_vanished"
    rows[7]["event_at"] = "last Tuesday"
    rows[11]["crime_reference"] = "CR/999"  # never referred
    rows[15]["victim_reference"] = "V9"  # no such victim of that crime
    run = import_updates(write_csv, *rows)
    assert (run.rows_read, run.created, run.rejected) == (20, 16, 4)
    found = {(r.line, r.column): r.reason for r in run.rejections.all()}
    assert found[(5, "event")].startswith("'suspect_vanished' is not one of")
    assert "ISO 8601" in found[(9, "event_at")]
    assert found[(13, "crime_reference")] == (
        "no referral with this reference has been received from test-police; send the "
        "referral first"
    )
    assert (17, "victim_reference") in found
    assert CaseJusticeEvent.objects.count() == 16


def test_the_import_command_prints_the_report(write_csv, two_victims, capsys) -> None:
    path = write_csv(
        justice_csv([update(event="suspect_arrested"), update(event="nonsense")]), "j.csv"
    )
    call_command("import_justice_updates", str(path), "--no-progress")
    out = capsys.readouterr().out
    assert "created:   1" in out and "rejected:  1" in out
    assert "line 3 [test-police/CR/1]: event: 'nonsense' is not one of" in out


def test_a_victim_who_declined_support_is_recorded_only(write_csv, victims) -> None:
    victims(
        row(crime_reference="CR/1", victim_reference="V1"),
        row(crime_reference="CR/1", victim_reference="V2", referral_consent="declined"),
    )
    results = list(justice_updates_receive([(0, update(event="suspect_arrested"))]))
    assert results[0].status == "created" and len(results[0].case_references) == 1
    assert results[0].notes == ["victim V2: not referred for support (declined); recorded only"]


def test_no_further_action_waits_for_approval_and_opens_the_right_to_review(
    write_csv, two_victims, sent_file, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        import_updates(write_csv, update(event="no_further_action", event_at="2026-01-31T10:00"))
    outbox_sweep()  # what the worker does with each queued message
    assert sent_file() == []
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"awaiting"}
    review = RightToReview.objects.get(case=two_victims["V1"])
    assert review.window_closes_on == datetime.date(2026, 4, 30)
    assert not CaseJusticeEvent.objects.filter(shareable=True).exists()


def test_a_rolled_back_update_sends_nothing(
    two_victims, sent_file, django_capture_on_commit_callbacks
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        justice_update_record(parse_update(update(event="suspect_charged")))
        assert OutboxMessage.objects.count() == 2
        raise RuntimeError("the cause fails after the message was written")
    assert callbacks == []  # nothing was queued to send
    assert not OutboxMessage.objects.exists() and not JusticeEvent.objects.exists()
    outbox_sweep()  # what the worker does with each queued message
    assert sent_file() == []


def test_monthly_investigation_updates_move_with_events_and_end_with_the_investigation(
    write_csv, victims
) -> None:
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from victimcare.entitlements.working_days import add_working_days

    today = timezone.localdate()
    reported = today - datetime.timedelta(days=10)
    case = victims(row(crime_reference="CR/1", reported_at=f"{reported}T09:00"))["V1"]
    assert investigation_updates_schedule(today=today) == 1
    monthly = case.tasks.get(kind=TaskKind.INVESTIGATION_UPDATE)
    assert monthly.due_on == reported + relativedelta(months=1)
    assert monthly.code_area == "timely_updates"
    assert investigation_updates_schedule(today=today) == 0  # one at a time

    arrested = today - datetime.timedelta(days=1)
    import_updates(write_csv, update(event="suspect_arrested", event_at=f"{arrested}T10:00"))
    monthly.refresh_from_db()
    # The arrest is itself an update: the next monthly one is a month after its deadline.
    assert monthly.due_on == add_working_days(arrested, 5) + relativedelta(months=1)

    # A monthly update already overdue is not moved by a later event: it was owed.
    overdue_on = today - datetime.timedelta(days=3)
    CaseTask.objects.filter(pk=monthly.pk).update(due_on=overdue_on)
    import_updates(write_csv, update(event="released_on_bail", event_at=f"{today}T09:00"))
    monthly.refresh_from_db()
    assert monthly.due_on == overdue_on

    import_updates(write_csv, update(event="suspect_charged", event_at=f"{today}T11:00"))
    monthly.refresh_from_db()
    assert monthly.ended_at is not None and not monthly.is_open
    assert monthly.ended_reason == f"No longer owed: the suspect was charged on {today:%-d %B %Y}"
    assert investigation_updates_schedule(today=today) == 0


def test_a_14_month_sentence_for_a_sexual_offence_brings_the_victim_contact_scheme(
    write_csv, victims
) -> None:
    victims(
        row(
            crime_reference="CR/1",
            crime_category="Violence and sexual offences",
            offence_description="Sexual assault",
            sexual_offence="true",
        ),
        row(crime_reference="CR/2", victim_reference="V1"),  # a burglary: no scheme
    )
    run = import_updates(
        write_csv,
        update(
            crime_reference="CR/1",
            event="sentence",
            custodial_months="14",
            event_at="2026-12-24T15:00",
        ),
        update(crime_reference="CR/2", event="sentence", custodial_months="14"),
    )
    assert run.created == 2
    vcs = CaseTask.objects.get(kind=TaskKind.VCS_REFERRAL)
    assert vcs.case.referral.crime_reference == "CR/1"
    assert vcs.due_on == datetime.date(2027, 1, 26)  # 20 working days, over Christmas
    assert vcs.reason.startswith("Violent or sexual offence with a custodial sentence of 14")


def test_a_justice_update_file_that_cannot_be_read_is_refused_whole(
    write_csv, two_victims, tmp_path
) -> None:
    """The referral feed's file checks hold for justice updates too (ADR 37)."""
    from django.core.management import CommandError

    text = justice_csv([update(event="suspect_arrested", court="Crown Court, Ystrad Mynach ñ")])
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(text.encode("latin-1"))
    with pytest.raises(CommandError, match="The file is not UTF-8 text: line 2"):
        call_command("import_justice_updates", str(latin1), "--no-progress")
    no_header = write_csv(text.split("\n", 1)[1], "no-header.csv")
    run = justice_import_file(path=no_header)
    assert run.status == "failed" and "The first line is not a header row" in run.failure
    assert not JusticeEvent.objects.exists() and run.unknown_columns == []


def test_a_channel_is_named_in_words_on_tasks_and_the_timeline() -> None:
    """A task said "Told by sms": the channel is said as a person would say it."""
    from victimcare.people.models import ContactChannel

    assert ContactChannel.words("sms") == "text message"
    assert ContactChannel.words("email") == "email"
    assert ContactChannel.words("pigeon") == "pigeon"


def test_a_moved_hearing_leaves_a_reminder_ended_at_closing_as_it_was(
    write_csv, two_victims
) -> None:
    """#18 item 3: a task ended when its case closed is not brought back by a new date."""
    listed = update(
        event="hearing_listed",
        event_at="2026-06-01T10:00",
        hearing_at="2026-07-15T10:00",
        court="Bristol Magistrates",
    )
    import_updates(write_csv, listed)
    reminder = two_victims["V2"].tasks.get(kind=TaskKind.HEARING_REMINDER)
    reminder.ended_at, reminder.ended_reason = (
        datetime.datetime(2026, 6, 2, tzinfo=datetime.UTC),
        "Handed over when the case closed: witness care unit",
    )
    reminder.save(update_fields=["ended_at", "ended_reason"])
    import_updates(write_csv, {**listed, "hearing_at": "2026-07-22T10:00"})
    reminder.refresh_from_db()
    assert reminder.due_on == datetime.date(2026, 7, 13)
