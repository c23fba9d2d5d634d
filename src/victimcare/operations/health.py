"""Is this process able to serve, and is the hub around it doing its work?

`readiness()` is what a load balancer or orchestrator asks every few seconds: a handful of
cheap queries, no personal data. The hub is not ready when the database cannot be reached,
a migration this code needs is not applied, the cache (when configured) does not answer, or
the worker or the scheduler has not shown a sign of life lately. `warnings()` adds what an
operator should hear about but that no restart would fix (an outbox backing up, Victims'
Code duties going overdue); it never makes the hub "not ready".
"""

import dataclasses
import datetime
import functools

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from victimcare.operations.models import Heartbeat
from victimcare.operations.selectors import code_duties_by_hub, outbox_backlog


@dataclasses.dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@functools.cache
def _migrations_needed() -> frozenset[tuple[str, str]]:
    """The newest migration of each app in this code (read once: the code does not change
    under a running process)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def _database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return Check("database", False, f"unreachable ({type(error).__name__})")
    return Check("database", True, "reachable")


def _migrations() -> Check:
    needed = _migrations_needed()
    applied = set(
        MigrationRecorder(connection)
        .migration_qs.filter(app__in={app for app, _ in needed})
        .values_list("app", "name")
    )
    missing = sorted(f"{app}.{name}" for app, name in needed - applied)
    if missing:
        return Check("migrations", False, f"not applied: {', '.join(missing[:5])}")
    return Check("migrations", True, "all applied")


def _cache() -> Check | None:
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        return None  # one process's memory: nothing to reach
    try:
        cache.set("vch:health", "1", 10)
        answered = cache.get("vch:health") == "1"
    except Exception as error:  # any client error means the cache is not usable
        return Check("cache", False, f"unreachable ({type(error).__name__})")
    return Check("cache", answered, "reachable" if answered else "did not keep a value")


def _heartbeats(now: datetime.datetime) -> list[Check]:
    stale_after = datetime.timedelta(seconds=settings.VCH_HEARTBEAT_STALE_SECONDS)
    beats = dict(Heartbeat.objects.values_list("role", "beat_at"))
    checks = []
    for role in ("worker", "scheduler"):
        beat = beats.get(role)
        if beat is None:
            checks.append(Check(role, False, "never seen"))
            continue
        age = int((now - beat).total_seconds())
        checks.append(Check(role, now - beat <= stale_after, f"last seen {age}s ago"))
    return checks


def readiness(*, now: datetime.datetime | None = None) -> list[Check]:
    """Every check, the first failing ones first to stop: without the database the rest
    cannot be asked."""
    now = now or timezone.now()
    database = _database()
    if not database.ok:
        return [database]
    checks = [database, _migrations()]
    cache_check = _cache()
    if cache_check is not None:
        checks.append(cache_check)
    return checks + _heartbeats(now)


def warnings(*, today: datetime.date | None = None) -> list[Check]:
    """Counts for an operator (detailed answer only): outbox backlog, overdue Code duties."""
    backlog = outbox_backlog()
    overdue = sum(row.overdue for row in code_duties_by_hub(today=today))
    return [
        Check(
            "outbox",
            backlog.gave_up == 0 and backlog.oldest_waiting_seconds < 3600,
            f"{backlog.waiting} waiting (oldest {backlog.oldest_waiting_seconds}s), "
            f"{backlog.gave_up} given up",
        ),
        Check("code_duties", overdue == 0, f"{overdue} overdue"),
    ]
