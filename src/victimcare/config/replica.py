"""Reports read from a PostgreSQL streaming replica when there is one (ADR 0045).

With `DATABASE_REPLICA_URL` set, settings add a `replica` database and this router. The
router sends a read to the replica only inside a reporting block: a view decorated with
`@reads_from_replica` (the commissioner's reports, their exports, the needs analysis,
contract performance) on a GET. Everything else, and every write anywhere, uses the
primary, so an officer's page always shows what they have just changed.

Before each reporting block the replica is asked how far behind it is
(`pg_last_xact_replay_timestamp()`):

- it does not answer (down, restarting): the block reads the primary;
- it is more than `DATABASE_REPLICA_MAX_LAG_SECONDS` behind: the block reads the primary;
- it is behind by less than that but at least `DATABASE_REPLICA_SHOW_LAG_SECONDS`: the
  block reads the replica and the page says how old the figures are.
"""

import contextvars
import datetime
import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
logger = logging.getLogger(__name__)

# The database that reads go to inside the current reporting block (None: the primary).
_reading_from: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "vch_reading_from", default=None
)

# On the replica: seconds behind the primary (0 when it has replayed all it has received),
# and the primary's commit time of the last change it has applied.
LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN NOT pg_is_in_recovery() THEN 0
            WHEN pg_last_wal_receive_lsn() IS NOT NULL
                 AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END,
       pg_last_xact_replay_timestamp()
"""


@dataclass(frozen=True)
class FiguresSource:
    """Where a report's figures were read, and how old they may be."""

    alias: str  # "replica" or "default"
    reason: str  # "replica", "no replica", "replica unavailable", "replica behind"
    lag_seconds: float | None = None
    as_of: datetime.datetime | None = None

    @property
    def behind(self) -> bool:
        """The page should say how old the figures are."""
        return (
            self.alias == REPLICA
            and self.lag_seconds is not None
            and self.lag_seconds >= settings.DATABASE_REPLICA_SHOW_LAG_SECONDS
        )

    @property
    def lag_text(self) -> str:
        seconds = round(self.lag_seconds or 0)
        if seconds < 120:
            return f"{seconds} second{'' if seconds == 1 else 's'}"
        minutes = seconds // 60
        if minutes < 120:
            return f"{minutes} minutes"
        return f"{minutes // 60} hours"


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_lag() -> tuple[float | None, datetime.datetime | None]:
    """(seconds behind, time of the last change applied) on the replica; raises
    DatabaseError when it does not answer. Seconds behind is None when unknown (the
    replica has applied nothing since it started and is still receiving)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        _, lag, as_of = cursor.fetchone()
    return (None if lag is None else max(float(lag), 0.0)), as_of


def choose_source() -> FiguresSource:
    """Where the next reporting block should read."""
    if not replica_configured():
        return FiguresSource(DEFAULT_DB_ALIAS, "no replica")
    try:
        lag, as_of = replica_lag()
    except DatabaseError as error:
        # Closed so that the next report tries a fresh connection.
        connections[REPLICA].close()
        logger.warning("replica unavailable, reports read the primary: %s", type(error).__name__)
        return FiguresSource(DEFAULT_DB_ALIAS, "replica unavailable")
    if lag is None or lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS:
        logger.warning("replica behind (%s s), reports read the primary", lag)
        return FiguresSource(DEFAULT_DB_ALIAS, "replica behind", lag, as_of)
    return FiguresSource(REPLICA, "replica", lag, as_of)


@contextmanager
def reporting_reads() -> Iterator[FiguresSource]:
    """Reads inside the block go to the replica when it is there and recent enough."""
    source = choose_source()
    token = _reading_from.set(source.alias if source.alias == REPLICA else None)
    try:
        yield source
    finally:
        _reading_from.reset(token)


ViewFunc = Callable[..., HttpResponse]


def reads_from_replica(view: ViewFunc) -> ViewFunc:
    """A report view: on GET and HEAD its reads go to the replica (see reporting_reads);
    `request.figures_source` says where they came from, for the page to show."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with reporting_reads() as source:
            request.figures_source = source  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

    return wrapper


class ReportingRouter:
    """Reads in a reporting block go to the replica; all else to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return _reading_from.get()

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
