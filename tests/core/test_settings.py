"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

PRINT = "import django; from django.conf import settings; django.setup(); print({expr})"


def settings_value(
    expr: str, env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    empty_dot_env = tmp_path / "empty.env"
    empty_dot_env.write_text("")
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_DEBUG", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT.format(expr=expr)],
        env={**clean, "DJANGO_SETTINGS_MODULE": "victimcare.config.settings.base",
             "DJANGO_DOT_ENV": str(empty_dot_env), **env},
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_missing_secret_key_is_an_error_outside_debug(tmp_path: Path) -> None:
    result = settings_value("settings.DEBUG", {}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path: Path) -> None:
    assert (
        settings_value("settings.DEBUG", {"SECRET_KEY": "x" * 50}, tmp_path).stdout.strip()
        == "False"
    )
    assert (
        settings_value("settings.DEBUG", {"DJANGO_DEBUG": "true"}, tmp_path).stdout.strip()
        == "True"
    )


def test_database_url_switches_to_postgresql(tmp_path: Path) -> None:
    engine = "settings.DATABASES['default']['ENGINE']"
    default = settings_value(engine, {"SECRET_KEY": "x"}, tmp_path)
    assert default.stdout.strip() == "django.db.backends.sqlite3", default.stderr
    postgres = settings_value(
        engine,
        {"SECRET_KEY": "x", "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"},
        tmp_path,
    )
    assert postgres.stdout.strip() == "django.db.backends.postgresql", postgres.stderr
