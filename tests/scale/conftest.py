"""Scale tests (issue 21): a real streaming replica, and two of every process.

They start and kill processes and a PostgreSQL replica, so they run on their own, in
`make test-scale` (VCH_SCALE_TESTS=1 with DATABASE_REPLICA_URL set by scripts/replica.sh);
elsewhere they are deselected, not skipped. Under VCH_SCALE_TESTS=1 nothing is optional:
a missing replica fails the run.
"""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("VCH_SCALE_TESTS") == "1":
        return
    left_out = [i for i in items if i.get_closest_marker("scale")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [i for i in items if not i.get_closest_marker("scale")]


def replica(command: str) -> None:
    subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "replica.sh"), command],
        check=True,
        capture_output=True,
        timeout=180,
    )
