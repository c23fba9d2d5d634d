"""Request counts and latencies by route, kept by each web process and added up at scrape.

Each process keeps its own counters in memory. With VCH_METRICS_DIR set (one directory that
every web process on the machine shares, as in the image), each writes its counters there at
most every few seconds, and the metrics page adds up every process's file: so a scrape that
reaches any one gunicorn worker reports them all. Routes are URL patterns
(`staff/cases/<int:case_id>/`), never the address asked for, which may carry a search term.
"""

import json
import os
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings

BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
FLUSH_SECONDS = 5.0

Key = tuple[str, str, str]  # route, method, status class ("2xx")

_lock = threading.Lock()
_counts: dict[Key, list[float]] = {}  # [count, seconds, bucket 0, bucket 1, ...]
_flushed_at = 0.0
_file_name = f"requests-{os.getpid()}-{uuid.uuid4().hex[:8]}.json"


def request_observe(*, route: str, method: str, status: int, seconds: float) -> None:
    key = (route, method, f"{status // 100}xx")
    with _lock:
        row = _counts.setdefault(key, [0.0] * (2 + len(BUCKETS)))
        row[0] += 1
        row[1] += seconds
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                row[2 + index] += 1
    if time.monotonic() - _flushed_at > FLUSH_SECONDS:
        _flush()


def _directory() -> Path | None:
    folder = getattr(settings, "VCH_METRICS_DIR", "")
    return Path(folder) if folder else None


def _flush() -> None:
    global _flushed_at
    folder = _directory()
    _flushed_at = time.monotonic()
    if folder is None:
        return
    with _lock:
        rows = [[*key, *values] for key, values in _counts.items()]
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{_file_name}.tmp"
    partial.write_text(json.dumps(rows))
    os.replace(partial, folder / _file_name)


def requests_totals() -> dict[Key, list[float]]:
    """Every process's counters added up (this process's alone without VCH_METRICS_DIR)."""
    folder = _directory()
    if folder is None:
        with _lock:
            return {key: list(values) for key, values in _counts.items()}
    _flush()
    totals: dict[Key, list[float]] = {}
    for path in folder.glob("requests-*.json"):
        try:
            rows = json.loads(path.read_text())
        except (OSError, ValueError):
            continue  # being replaced as we read: counted at the next scrape
        for route, method, status, *values in rows:
            row = totals.setdefault((route, method, status), [0.0] * len(values))
            for index, value in enumerate(values):
                row[index] += value
    return totals


def requests_reset() -> None:
    """For tests: forget this process's counters."""
    with _lock:
        _counts.clear()
