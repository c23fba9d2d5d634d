"""compose.yaml, the Procfile and the Containerfile describe the same processes, and compose
starts them in a safe order with health checks. compose itself cannot run here (`podman
run` is refused), so this checks its structure; the image is built and smoke-tested by
`make image` (in `make test`)."""

import re
import shlex
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def procfile() -> dict[str, list[str]]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            processes[name.strip()] = shlex.split(command)
    return processes


def same_command(a: list[str], b: list[str]) -> bool:
    """python and python3 are the same program in the image."""

    def plain(words: list[str]) -> list[str]:
        return ["python" if w == "python3" else w for w in words]

    return plain(a) == plain(b)


def image_cmd() -> list[str]:
    text = (ROOT / "Containerfile").read_text()
    (cmd,) = re.findall(r"^CMD (\[.*\])$", text, flags=re.MULTILINE)
    return yaml.safe_load(cmd)


def test_every_long_running_service_has_a_health_check(compose) -> None:
    services = compose["services"]
    assert {"db", "redis", "migrate", "web", "worker", "scheduler"} <= set(services)
    for name in ("db", "redis", "web", "worker", "scheduler"):
        check = services[name].get("healthcheck")
        assert check and check["test"][0] == "CMD", f"{name} has no health check"
        assert check.get("interval") and check.get("retries"), name
    assert "/health/ready" in " ".join(services["web"]["healthcheck"]["test"])


def test_compose_runs_the_procfiles_commands_from_one_image(compose, procfile) -> None:
    services = compose["services"]
    assert set(procfile) == {"release", "web", "worker", "scheduler"}
    assert same_command(services["migrate"]["command"], procfile["release"])
    assert same_command(services["worker"]["command"], procfile["worker"])
    assert same_command(services["scheduler"]["command"], procfile["scheduler"])
    assert "command" not in services["web"]  # the image's CMD
    assert same_command(image_cmd(), procfile["web"])
    images = {services[name]["image"] for name in ("migrate", "web", "worker", "scheduler")}
    assert images == {"localhost/victimcare:latest"}


def test_migrations_run_alone_before_web_workers_and_the_scheduler_start(compose) -> None:
    services = compose["services"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_the_hubs_containers_hold_no_secret_and_run_without_privileges(compose) -> None:
    text = (ROOT / "compose.yaml").read_text()
    for name in ("migrate", "web", "worker", "scheduler"):
        service = compose["services"][name]
        assert service["env_file"] == ".env.production"
        assert service["read_only"] is True and service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"]
    assert "SECRET_KEY:" not in text and "VCH_OPS_TOKEN:" not in text
    assert "USER 10001:10001" in (ROOT / "Containerfile").read_text()


@pytest.mark.django_db(transaction=True)
def test_the_worker_and_scheduler_health_checks_read_the_file_their_heartbeat_touches(
    compose, tmp_path, monkeypatch
) -> None:
    from victimcare.operations.heartbeat import HeartbeatThread, alive_file

    monkeypatch.setenv("VCH_ALIVE_DIR", str(tmp_path))
    for role in ("worker", "scheduler"):
        assert not alive_file(role).exists()
        beat = HeartbeatThread(role=role, every=0.05)
        beat.start()
        time.sleep(0.2)
        beat.stop()
        assert time.time() - alive_file(role).stat().st_mtime < 5
        check = " ".join(compose["services"][role]["healthcheck"]["test"])
        assert f"'/tmp/{alive_file(role).name}'" in check
