"""Probes: /health/live answers while the process runs; /health/ready says whether the hub
can do its work, with detail only for the holder of the operations token."""

import datetime

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from tests.factories import CaseFactory, CaseTaskFactory
from victimcare.operations.health import _migrations_needed
from victimcare.operations.models import Heartbeat

TOKEN = "ops-token-for-tests-0123456789"


@pytest.fixture
def ops_token(settings) -> dict[str, str]:
    settings.VCH_OPS_TOKEN = TOKEN
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def alive() -> None:
    now = timezone.now()
    for role in ("worker", "scheduler"):
        Heartbeat.objects.create(role=role, beat_at=now, instance="host:1")


def test_liveness_answers_without_the_database(unverified_client) -> None:
    response = unverified_client.get("/health/live")  # no django_db mark: no database at all
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_ready_tells_a_load_balancer_only_ready_or_not(unverified_client, alive) -> None:
    response = unverified_client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_shows_each_check_to_the_token_holder(unverified_client, alive, ops_token) -> None:
    case = CaseFactory(team__name="Northgate hub")
    CaseTaskFactory(
        case=case,
        kind="update",
        title="Monthly update",
        code_area="updates",
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    body = unverified_client.get("/health/ready", headers=ops_token).json()
    assert body["status"] == "ready"
    assert {name for name, check in body["checks"].items() if check["ok"]} >= {
        "database",
        "migrations",
        "worker",
        "scheduler",
    }
    # An overdue duty is worth an operator's attention, not a reason to stop serving.
    assert body["warnings"]["code_duties"] == {"ok": False, "detail": "1 overdue"}
    assert case.person.given_name not in str(body) and case.person.family_name not in str(body)
    wrong = unverified_client.get("/health/ready", headers={"Authorization": "Bearer nope"})
    assert wrong.json() == {"status": "ready"}


@pytest.mark.django_db
def test_not_ready_while_the_worker_has_not_beaten_lately(
    unverified_client, alive, ops_token, settings
) -> None:
    Heartbeat.objects.filter(role="worker").update(
        beat_at=timezone.now()
        - datetime.timedelta(seconds=settings.VCH_HEARTBEAT_STALE_SECONDS + 5)
    )
    response = unverified_client.get("/health/ready", headers=ops_token)
    assert response.status_code == 503
    assert response.json()["status"] == "not ready"
    assert response.json()["checks"]["worker"]["ok"] is False
    assert response.json()["checks"]["scheduler"]["ok"] is True
    Heartbeat.objects.filter(role="scheduler").delete()
    body = unverified_client.get("/health/ready", headers=ops_token).json()
    assert body["checks"]["scheduler"] == {"ok": False, "detail": "never seen"}


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_not_applied(unverified_client, alive, ops_token) -> None:
    app, name = sorted(_migrations_needed())[0]
    MigrationRecorder(connection).migration_qs.filter(app=app, name=name).delete()
    response = unverified_client.get("/health/ready", headers=ops_token)
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {
        "ok": False,
        "detail": f"not applied: {app}.{name}",
    }


@pytest.mark.django_db
def test_not_ready_while_the_configured_cache_is_unreachable(
    unverified_client, alive, ops_token, settings
) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = unverified_client.get("/health/ready", headers=ops_token)
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)
def test_not_ready_while_the_database_is_down(unverified_client, ops_token) -> None:
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there
    try:
        response = unverified_client.get("/health/ready", headers=ops_token)
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {"database": {"ok": False, "detail": "unreachable (OperationalError)"}},
    }
    assert unverified_client.get("/health/live").status_code == 200


@pytest.mark.django_db
def test_not_ready_while_the_database_refuses(unverified_client, ops_token, monkeypatch) -> None:
    """The same on either database: a connection that fails is "unreachable"."""

    def refuse() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = unverified_client.get("/health/ready", headers=ops_token)
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": {"ok": False, "detail": "unreachable (OperationalError)"}
    }


@pytest.mark.django_db
def test_probes_are_not_sent_to_https_nor_to_sign_in(unverified_client, alive, settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert unverified_client.get("/health/ready").status_code == 200
    assert unverified_client.get("/health/live").status_code == 200
    assert unverified_client.get("/staff/").status_code == 301  # everything else goes to HTTPS


@pytest.mark.django_db
def test_a_probe_failing_again_and_again_logs_one_warning_not_an_error_each_time(
    unverified_client, caplog, monkeypatch
) -> None:
    from victimcare.operations import views

    monkeypatch.setattr(views, "_last_ready", None)
    now = timezone.now()
    Heartbeat.objects.create(role="scheduler", beat_at=now, instance="host:1")
    stale = Heartbeat.objects.create(
        role="worker", beat_at=now - datetime.timedelta(hours=1), instance="host:1"
    )
    caplog.set_level("INFO")
    for _ in range(5):
        assert unverified_client.get("/health/ready").status_code == 503
    stale.beat_at = timezone.now()
    stale.save()
    for _ in range(3):
        assert unverified_client.get("/health/ready").status_code == 200

    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    changes = [
        (r.levelname, r.getMessage())
        for r in caplog.records
        if r.name == "victimcare.operations.views"
    ]
    assert changes == [("WARNING", "not ready: worker"), ("INFO", "ready")]
