"""A process's heartbeat from a thread of its own, so a long job (a night's retention, a
large import) never makes a live worker or scheduler look dead to /health/ready. Whether
the worker takes work off the queue is measured apart: the queue's oldest task's age."""

import contextlib
import logging
import os
import tempfile
import threading
from pathlib import Path

from django.db import DatabaseError, close_old_connections, connection

from victimcare.operations.schedule import heartbeat_record

logger = logging.getLogger(__name__)


def alive_file(role: str) -> Path:
    """Touched at each beat that reached the database: a container's health check reads its
    age (compose.yaml), as one Heartbeat row per role cannot tell which container beat."""
    return Path(os.environ.get("VCH_ALIVE_DIR") or tempfile.gettempdir()) / f"vch-{role}.alive"


class HeartbeatThread(threading.Thread):
    def __init__(self, *, role: str, every: float = 30.0) -> None:
        super().__init__(name=f"{role}-heartbeat", daemon=True)
        self.role, self.every = role, every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while True:
                close_old_connections()
                try:
                    heartbeat_record(role=self.role)
                except DatabaseError:  # the database is away: readiness says so already
                    logger.warning("heartbeat not recorded", extra={"role": self.role})
                else:
                    with contextlib.suppress(OSError):  # read-only: no container file check
                        alive_file(self.role).touch()
                if self.stopped.wait(self.every):
                    return
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)
