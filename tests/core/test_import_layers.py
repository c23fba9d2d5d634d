"""The import contracts `make lint` runs (pyproject.toml [tool.importlinter]) hold, and
catch what they are there to catch: an app importing a layer above it, and a service
importing a page. Each check runs lint-imports on a copy of the source with one import
added, so the real tree is never touched."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint_imports(source: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports with the project's contracts over the package under `source`."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            LINT_IMPORTS,
            "--config",
            str(ROOT / "pyproject.toml"),
            "--no-cache",
        ],
        cwd=source,
        env={"PYTHONPATH": f"{source}:{':'.join(sys.path)}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def copy_of_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("src")
    shutil.copytree(
        ROOT / "src" / "victimcare",
        source / "victimcare",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "locale", "static"),
    )
    return source


def with_import(source: Path, module: str, line: str) -> Path:
    """A fresh copy of `source` with `line` appended to the module at `module`."""
    changed = source.parent / f"{source.name}-{module.replace('/', '-')}"
    shutil.copytree(source, changed)
    path = changed / "victimcare" / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    return changed


def test_the_source_keeps_every_contract(copy_of_source: Path) -> None:
    result = lint_imports(copy_of_source)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_record_importing_case_work_breaks_the_layers(copy_of_source: Path) -> None:
    source = with_import(
        copy_of_source, "people/normalise.py", "from victimcare.cases.models import Case"
    )
    result = lint_imports(source)
    assert result.returncode == 1
    assert "victimcare.people is not allowed to import victimcare.cases" in result.stdout
    assert "victimcare.people.normalise -> victimcare.cases.models" in result.stdout


def test_the_outbox_importing_a_sender_breaks_the_layers(copy_of_source: Path) -> None:
    source = with_import(
        copy_of_source,
        "notifications/delivery.py",
        "from victimcare.justice.services.messages import justice_message_sent",
    )
    result = lint_imports(source)
    assert result.returncode == 1
    assert "victimcare.notifications is not allowed to import victimcare.justice" in result.stdout


def test_a_referral_record_calling_intake_breaks_the_layers(copy_of_source: Path) -> None:
    source = with_import(
        copy_of_source,
        "referrals/selectors.py",
        "from victimcare.intake.receive import feed_receive",
    )
    result = lint_imports(source)
    assert result.returncode == 1
    assert "victimcare.referrals is not allowed to import victimcare.intake" in result.stdout


def test_an_import_inside_a_function_is_caught_too(copy_of_source: Path) -> None:
    source = with_import(
        copy_of_source,
        "cases/services/tasks.py",
        "def later() -> None:\n    from victimcare.justice.services.duties import "
        "investigation_updates_schedule\n\n    investigation_updates_schedule()",
    )
    result = lint_imports(source)
    assert result.returncode == 1
    assert "victimcare.cases is not allowed to import victimcare.justice" in result.stdout


def test_a_service_importing_a_page_breaks_the_interfaces_contract(copy_of_source: Path) -> None:
    source = with_import(
        copy_of_source,
        "cases/services/plan.py",
        "from victimcare.cases.views.record import case_with_reason",
    )
    result = lint_imports(source)
    assert result.returncode == 1
    assert "Only the interface layer imports interface modules" in result.stdout
    assert "victimcare.cases.services.plan -> victimcare.cases.views.record" in result.stdout
