"""Reports read from a real PostgreSQL streaming replica, and officers' pages never do.

`make test-scale` starts the replica (scripts/replica.sh, 127.0.0.1:5433) from the primary
the tests use; it streams the test database too (settings: TEST MIRROR), so a row written
here on the primary arrives there by replication, not by Django.
"""

import contextlib
import csv
import io
import time

import pytest
from django.db import DatabaseError, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CaseFactory, OrganisationFactory, UserFactory
from tests.scale.conftest import replica
from victimcare.accounts.capabilities import Role
from victimcare.config.replica import REPLICA, choose_source
from victimcare.insights.models import CaseFact
from victimcare.insights.services import case_facts_refresh
from victimcare.justice.selectors import Quarter

pytestmark = [
    pytest.mark.scale,
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


def on_replica(sql: str) -> object:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_for_replica(count: int) -> None:
    """Until the replica has replayed the primary's case facts (the primary has `count`)."""
    for _ in range(200):
        if on_replica("SELECT count(*) FROM insights_casefact") == count:
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up")


def referred_total(client, hub) -> str:
    """The return's "Total" referred this quarter, as the commissioner downloads it."""
    quarter = Quarter.containing(timezone.localdate())
    text = client.get(
        reverse("insights:return-csv"), {"quarter": quarter.code, "hub": str(hub.pk)}
    ).content.decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return next(r for r in rows if r and r[0] == "Total")[1]


def casefact_queries(captured: CaptureQueriesContext) -> int:
    return sum("insights_casefact" in q["sql"] for q in captured.captured_queries)


@pytest.fixture
def replica_running():
    replica("start")
    yield
    on_replica_resume()
    replica("start")


def on_replica_resume() -> None:
    connections[REPLICA].close()
    with contextlib.suppress(DatabaseError):  # stopped: `start` brings it back
        on_replica("SELECT pg_wal_replay_resume()")
    connections[REPLICA].close()


@pytest.fixture
def commissioner_client(client):
    client.force_login(
        UserFactory(
            role=Role.COMMISSIONER, organisation=OrganisationFactory(kind="commissioner_office")
        )
    )
    return client


def test_writes_on_the_primary_arrive_on_the_replica_and_it_refuses_writes(
    replica_running, northgate
) -> None:
    assert on_replica("SELECT pg_is_in_recovery()") is True
    for _ in range(3):
        CaseFactory(team=northgate)
    case_facts_refresh()
    wait_for_replica(CaseFact.objects.count())
    assert CaseFact.objects.count() == 3
    with pytest.raises(Exception, match="read-only transaction"):
        on_replica(
            "INSERT INTO insights_districtarea (district, local_authority, population)"
            " VALUES ('ZZ1', 'Nowhere', 1) RETURNING 1"
        )


def test_the_report_reads_the_replica_and_says_how_old_figures_are_when_it_lags(
    replica_running, settings, commissioner_client, northgate
) -> None:
    # A shared cluster keeps the replica a moment behind now and then: not worth saying.
    settings.DATABASE_REPLICA_SHOW_LAG_SECONDS = 60
    for _ in range(6):
        CaseFactory(team=northgate)
    case_facts_refresh()
    wait_for_replica(6)

    with (
        CaptureQueriesContext(connections[REPLICA]) as on_copy,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert referred_total(commissioner_client, northgate) == "6"
        page = commissioner_client.get(reverse("insights:return"))
    assert casefact_queries(on_copy) >= 2 and casefact_queries(on_primary) == 0
    assert 'data-testid="figures-age"' not in page.content.decode()

    # Replay paused: the primary moves on, the replica does not.
    on_replica("SELECT pg_wal_replay_pause()")
    for _ in range(6):
        CaseFactory(team=northgate)
    case_facts_refresh()
    assert CaseFact.objects.count() == 12
    settings.DATABASE_REPLICA_SHOW_LAG_SECONDS = 1
    time.sleep(1.5)
    assert referred_total(commissioner_client, northgate) == "6"
    page = commissioner_client.get(reverse("insights:return")).content.decode()
    assert 'data-testid="figures-age"' in page
    assert "These figures are from a copy of the database that is" in page
    assert "seconds behind" in page

    # Too far behind for a report: it reads the primary instead.
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 1
    with CaptureQueriesContext(connections["default"]) as on_primary:
        assert referred_total(commissioner_client, northgate) == "12"
    assert casefact_queries(on_primary) >= 1
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 900

    # Replay resumed: the replica catches up and the report reads it again.
    on_replica("SELECT pg_wal_replay_resume()")
    wait_for_replica(12)
    assert referred_total(commissioner_client, northgate) == "12"
    assert choose_source().alias == REPLICA


def test_a_stopped_replica_sends_the_report_to_the_primary_then_back(
    replica_running, commissioner_client, northgate
) -> None:
    for _ in range(6):
        CaseFactory(team=northgate)
    case_facts_refresh()
    wait_for_replica(6)
    replica("stop")
    connections[REPLICA].close()
    started = time.monotonic()
    with CaptureQueriesContext(connections["default"]) as on_primary:
        assert referred_total(commissioner_client, northgate) == "6"
        page = commissioner_client.get(reverse("commissioning:performance"))
    assert page.status_code == 200
    assert casefact_queries(on_primary) >= 1
    assert time.monotonic() - started < 10  # a refused connection, not a hang
    assert choose_source().reason == "replica unavailable"

    replica("start")
    assert choose_source().alias == REPLICA
    with CaptureQueriesContext(connections[REPLICA]) as on_copy:
        assert referred_total(commissioner_client, northgate) == "6"
    assert casefact_queries(on_copy) >= 1


def test_officers_pages_and_every_write_use_the_primary(
    replica_running, client, northgate, vco
) -> None:
    case = CaseFactory(team=northgate)
    client.force_login(vco)
    with CaptureQueriesContext(connections[REPLICA]) as on_copy:
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
        assert client.get(reverse("cases:queue")).status_code == 200
    assert on_copy.captured_queries == []
