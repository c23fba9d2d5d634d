"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PRINT = "import django; from django.conf import settings; django.setup(); print({expr})"
# A key as production would have one: 67 characters from secrets.token_urlsafe(50).
STRONG = "9Yb1Qk2xV-7fHc3Lr_8pWm4Zt6Ns0JdGa5EuKoRiTyPlXwCvBnMq1s2d3f4g5h6j7k8"
ROOT = Path(__file__).resolve().parents[2]


def settings_value(
    expr: str, env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    empty_dot_env = tmp_path / "empty.env"
    empty_dot_env.write_text("")
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL", "SECRET_KEY_FALLBACKS"}
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT.format(expr=expr)],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.base",
            "DJANGO_DOT_ENV": str(empty_dot_env),
            "PYTHONPATH": str(ROOT / "src"),
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_missing_secret_key_is_an_error_outside_debug(tmp_path: Path) -> None:
    result = settings_value("settings.DEBUG", {}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path: Path) -> None:
    assert (
        settings_value("settings.DEBUG", {"SECRET_KEY": STRONG}, tmp_path).stdout.strip() == "False"
    )
    assert (
        settings_value("settings.DEBUG", {"DJANGO_DEBUG": "true"}, tmp_path).stdout.strip()
        == "True"
    )


def test_database_url_switches_to_postgresql(tmp_path: Path) -> None:
    engine = "settings.DATABASES['default']['ENGINE']"
    default = settings_value(engine, {"SECRET_KEY": STRONG}, tmp_path)
    assert default.stdout.strip() == "django.db.backends.sqlite3", default.stderr
    postgres = settings_value(
        engine,
        {"SECRET_KEY": STRONG, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"},
        tmp_path,
    )
    assert postgres.stdout.strip() == "django.db.backends.postgresql", postgres.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("x", "SECRET_KEY has 1 characters; it needs at least 50"),
        (STRONG[:49], "SECRET_KEY has 49 characters; it needs at least 50"),
        ("django-insecure-" + STRONG, "SECRET_KEY is Django's insecure development key"),
        ("ab" * 40, "SECRET_KEY has fewer than 16 different characters"),
        ("change-me-" * 5 + "x", "SECRET_KEY has fewer than 16 different characters"),
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(
    key: str, reason: str, tmp_path: Path
) -> None:
    result = settings_value("settings.DEBUG", {"SECRET_KEY": key}, tmp_path)
    assert result.returncode != 0 and result.stdout == ""
    assert f"The hub will not start with a weak secret key: {reason}" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # what to do
    if len(key) > 1:
        assert key not in result.stderr  # the reason never prints the key


def test_a_weak_old_key_kept_for_rotation_is_refused_too(tmp_path: Path) -> None:
    env = {"SECRET_KEY": STRONG, "SECRET_KEY_FALLBACKS": f"{STRONG[::-1]},old-short-key"}
    result = settings_value("settings.DEBUG", env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY_FALLBACKS item 2 has 13 characters" in result.stderr


def test_a_strong_key_starts_and_debug_keeps_the_development_key(tmp_path: Path) -> None:
    assert (
        settings_value("len(settings.SECRET_KEY)", {"SECRET_KEY": STRONG}, tmp_path).stdout
        == "67\n"
    )
    local = settings_value("settings.SECRET_KEY", {"DJANGO_DEBUG": "true"}, tmp_path)
    assert local.stdout.strip() == "django-insecure-local-development-only", local.stderr


def test_the_deployment_check_fails_on_a_weak_key_and_passes_on_a_strong_one(
    tmp_path: Path,
) -> None:
    def check_deploy(key: str) -> subprocess.CompletedProcess[str]:
        clean = {
            k: v
            for k, v in os.environ.items()
            # The browser tests' conftest allows async-unsafe calls in this process; a
            # deployment never has it, and check --deploy refuses it.
            if k
            not in {
                "DJANGO_DEBUG",
                "DATABASE_URL",
                "SECURE_SSL_REDIRECT",
                "DJANGO_ALLOW_ASYNC_UNSAFE",
                "SECRET_KEY_FALLBACKS",
            }
        }
        return subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "check",
                "--deploy",
                "--fail-level",
                "WARNING",
            ],
            env={
                **clean,
                "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.base",
                "DJANGO_DOT_ENV": os.devnull,
                "SECRET_KEY": key,
                "ALLOWED_HOSTS": "hub.example.org",
                "PYTHONPATH": str(ROOT / "src"),
            },
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )

    weak = check_deploy("test-only")
    assert weak.returncode != 0
    assert "The hub will not start with a weak secret key" in weak.stderr
    strong = check_deploy(STRONG)
    assert strong.returncode == 0, strong.stderr[-2000:]
