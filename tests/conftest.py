"""Shared fixtures. A skipped test fails the run: nothing counts as passing unless it ran."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TeamFactory, UserFactory
from victimcare.accounts.capabilities import Role

_skipped: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of PostgreSQL-only guarantees are left out (deselected, not skipped) elsewhere."""
    if connection.vendor == "postgresql":
        return
    kept = [item for item in items if not item.get_closest_marker("postgresql_only")]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped and exitstatus == 0:
        print(f"\n{len(_skipped)} test(s) skipped; a skipped test fails the run: {_skipped}")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with no rate-limit counts (the PostgreSQL leg's cache is Redis)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _expected_database(request: pytest.FixtureRequest) -> None:
    """The PostgreSQL leg must really run on PostgreSQL (and the SQLite leg on SQLite)."""
    expected = os.environ.get("EXPECTED_DB_VENDOR")
    if expected and "django_db" in {m.name for m in request.node.iter_markers()}:
        assert connection.vendor == expected


class VerifiedClient(Client):
    """A test client whose `force_login` also passes the second factor, as staff do daily.

    Tests of two-factor sign-in itself use `unverified_client`.
    """

    def force_login(self, user, backend=None):  # type: ignore[no-untyped-def]
        super().force_login(user, backend)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "Test authenticator"}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client() -> Client:
    return VerifiedClient()


@pytest.fixture
def unverified_client() -> Client:
    return Client()


@pytest.fixture
def northgate():
    return TeamFactory(name="Northgate hub", districts=["BS1", "BS2"])


@pytest.fixture
def riverside():
    return TeamFactory(name="Riverside hub", districts=["BA1"])


@pytest.fixture
def vco(northgate):
    return UserFactory(
        role=Role.VICTIM_CARE_OFFICER, team=northgate, organisation=northgate.organisation
    )


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(text: str, name: str = "feed.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
