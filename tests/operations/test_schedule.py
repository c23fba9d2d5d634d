"""The scheduler runs each periodic job once per period, however many schedulers run, and
catches up on a period it missed while stopped."""

import datetime
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from victimcare.operations import jobs
from victimcare.operations.models import Heartbeat, RunStatus, ScheduledRun
from victimcare.operations.schedule import (
    Schedule,
    period_start,
    schedule_parse,
    scheduler_tick,
)

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def counted(monkeypatch, settings) -> list[str]:
    """One daily job ("nightly" at 02:00) that records each run in a list."""
    calls: list[str] = []

    def nightly() -> str:
        calls.append("nightly")
        return "1 thing done"

    monkeypatch.setitem(jobs.JOBS, "nightly", nightly)
    settings.VCH_SCHEDULE = {"nightly": "daily 02:00"}
    return calls


def test_schedules_are_read_from_plain_words() -> None:
    assert schedule_parse("daily 02:30") == Schedule(daily_at=datetime.time(2, 30))
    assert schedule_parse("every 15 minutes") == Schedule(minutes=15)
    assert schedule_parse("every 5m") == Schedule(minutes=5)
    for wrong in ("hourly", "daily 25:00", "every 0 minutes", "daily 2pm", ""):
        with pytest.raises(ImproperlyConfigured, match="VCH_SCHEDULE"):
            schedule_parse(wrong, job="nightly")


def test_a_daily_period_starts_at_the_local_time_across_the_clock_change() -> None:
    nightly = Schedule(daily_at=datetime.time(2, 0))
    assert period_start(nightly, at(10, 9)) == at(10, 2)
    assert period_start(nightly, at(10, 1, 59)) == at(9, 2)
    # 25 October 2026: the clocks go back; 02:00 is still 02:00 in London.
    assert period_start(nightly, at(26, 3, month=10)) == at(26, 2, month=10)
    quarter = Schedule(minutes=15)
    assert period_start(quarter, at(10, 9, 44)) == at(10, 9, 30)


@pytest.mark.django_db
def test_an_unknown_job_in_the_schedule_is_named(settings) -> None:
    settings.VCH_SCHEDULE = {"retension": "daily 04:00"}
    with pytest.raises(ImproperlyConfigured, match="'retension'"):
        scheduler_tick(now=at(10, 9))


@pytest.mark.django_db
def test_two_schedulers_run_a_job_once_a_period(counted) -> None:
    first = scheduler_tick(now=at(10, 2, 1), runner="host-a:1")
    second = scheduler_tick(now=at(10, 2, 1), runner="host-b:2")
    later_same_day = scheduler_tick(now=at(10, 23, 59), runner="host-b:2")
    assert counted == ["nightly"]
    assert [run.status for run in first] == [RunStatus.SUCCEEDED]
    assert second == [] and later_same_day == []
    run = ScheduledRun.objects.get()
    assert (run.job, run.period_start, run.runner, run.outcome) == (
        "nightly",
        at(10, 2),
        "host-a:1",
        "1 thing done",
    )
    assert run.finished_at is not None and run.finished_at >= run.started_at
    # The next day is a new period.
    scheduler_tick(now=at(11, 2, 0), runner="host-b:2")
    assert counted == ["nightly", "nightly"]


@pytest.mark.django_db
def test_a_missed_period_is_caught_up_after_a_restart(counted) -> None:
    scheduler_tick(now=at(10, 2, 0))
    # The scheduler was stopped from 11:00 on the 10th until 10:30 on the 12th: the 02:00
    # run of the 12th is owed, and runs at the first tick after the restart.
    scheduler_tick(now=at(12, 10, 30))
    assert counted == ["nightly", "nightly"]
    assert list(ScheduledRun.objects.values_list("period_start", flat=True)) == [
        at(12, 2),
        at(10, 2),
    ]
    # A restart before 02:00 catches up the day before's run once, not twice.
    scheduler_tick(now=at(14, 1, 0))
    scheduler_tick(now=at(14, 1, 1))
    assert counted == ["nightly"] * 3
    assert ScheduledRun.objects.filter(period_start=at(13, 2)).exists()


@pytest.mark.django_db
def test_a_failed_run_is_recorded_and_tried_again_after_a_pause(monkeypatch, settings) -> None:
    tries: list[int] = []

    def flaky() -> str:
        tries.append(1)
        if len(tries) < 3:
            raise ConnectionError("Mrs Jane Example, 07700 900123")  # never stored or logged
        return "done"

    monkeypatch.setitem(jobs.JOBS, "flaky", flaky)
    settings.VCH_SCHEDULE = {"flaky": "daily 02:00"}
    scheduler_tick(now=at(10, 2, 0))
    run = ScheduledRun.objects.get()
    assert (run.status, run.outcome, run.attempts) == (
        RunStatus.FAILED,
        "failed: ConnectionError",
        1,
    )
    scheduler_tick(now=at(10, 2, 10))  # too soon: no second try
    assert len(tries) == 1
    scheduler_tick(now=at(10, 2, 20))
    scheduler_tick(now=at(10, 2, 40))
    run.refresh_from_db()
    assert (run.status, run.outcome, run.attempts, len(tries)) == (
        RunStatus.SUCCEEDED,
        "done",
        3,
        3,
    )


@pytest.mark.django_db
def test_a_run_whose_scheduler_died_is_taken_over_after_its_lease(counted) -> None:
    ScheduledRun.objects.create(
        job="nightly",
        period_start=at(10, 2),
        status=RunStatus.RUNNING,
        runner="gone:1",
        started_at=at(10, 2),
    )
    scheduler_tick(now=at(10, 3, 0), runner="host-b:2")
    assert counted == []  # an hour in, it may still be running
    scheduler_tick(now=at(10, 4, 1), runner="host-b:2")
    run = ScheduledRun.objects.get()
    assert counted == ["nightly"]
    assert (run.status, run.runner, run.attempts) == (RunStatus.SUCCEEDED, "host-b:2", 2)


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_run_a_job_once(monkeypatch, settings) -> None:
    calls: list[str] = []

    def slow() -> str:
        calls.append(threading.current_thread().name)
        time.sleep(0.3)
        return "done"

    monkeypatch.setitem(jobs.JOBS, "slow", slow)
    settings.VCH_SCHEDULE = {"slow": "every 60 minutes"}
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def scheduler(name: str) -> None:
        try:
            start.wait()
            scheduler_tick(now=at(10, 9, 5), runner=name)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(n,), name=n) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(calls) == 1
    assert ScheduledRun.objects.get().runner == calls[0]
    assert Heartbeat.objects.get(role="scheduler").instance


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_the_hubs_own_jobs_and_the_worker_answers_its_heartbeat() -> None:
    call_command("scheduler", "--once")
    runs = dict(ScheduledRun.objects.values_list("job", "status"))
    assert runs == dict.fromkeys(jobs.JOBS, RunStatus.SUCCEEDED)
    assert not Heartbeat.objects.filter(role="worker").exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert Heartbeat.objects.filter(role="worker").exists()
    call_command("scheduler", "--once")  # the same day: no daily job runs twice
    daily = ["investigation_updates", "refresh_insights", "apply_retention"]
    assert ScheduledRun.objects.filter(job__in=daily).count() == len(daily)


@pytest.mark.django_db(transaction=True)
def test_a_process_beats_from_its_own_thread_while_its_main_work_is_busy() -> None:
    from victimcare.operations.heartbeat import HeartbeatThread

    beat = HeartbeatThread(role="worker", every=0.05)
    beat.start()
    time.sleep(0.3)  # the main thread is "busy" with a long job
    first = Heartbeat.objects.get(role="worker").beat_at
    time.sleep(0.2)
    beat.stop()
    assert not beat.is_alive()
    assert Heartbeat.objects.get(role="worker").beat_at > first
