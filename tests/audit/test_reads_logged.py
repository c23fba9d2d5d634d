"""No page writes its own access-log row: interface modules (views, API operations,
commands: the import contracts' protected modules) read victim data through a selector that
writes it (`<app>/reads.py`, `feedback/selectors.py`), so a new page cannot forget it.

The pages still writing the row by hand are listed in HAND_LOGGED, and only those; the
list must only shrink (docs/architecture.md, "Reads of victim data")."""

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "victimcare"
WRITERS = {"access_record", "access_record_of"}  # audit.services: AccessLogEntry rows

# Pages still writing the row by hand: none since the case pages moved to `cases/reads.py`
# (ADR 58). Kept, and held empty, so a page that must log by hand is named here and seen.
HAND_LOGGED: set[str] = set()


def _interface_patterns() -> list[re.Pattern[str]]:
    """The protected modules of the "interfaces" import contract, as regular expressions
    over dotted module names (`*`: one name, `**`: one or more)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "interfaces"]
    patterns = []
    for module in contract["protected_modules"]:
        parts = [
            {"*": r"[^.]+", "**": r"[^.]+(?:\.[^.]+)*"}.get(part, re.escape(part))
            for part in module.split(".")
        ]
        patterns.append(re.compile(r"\.".join(parts) + r"\Z"))
    return patterns


def _module_name(path: Path) -> str:
    dotted = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(dotted[:-1] if dotted[-1] == "__init__" else dotted)


def interface_modules() -> dict[str, Path]:
    """Every interface module of the source, by its path below src/victimcare."""
    patterns = _interface_patterns()
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        if any(p.match(_module_name(path)) for p in patterns):
            found[str(path.relative_to(SOURCE))] = path
    return found


def writes_access_log(source: str) -> list[int]:
    """The lines where this module writes an access-log row itself: a call of the writer
    (by its name or as an attribute), an import of it, or an AccessLogEntry created."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            creates = (
                isinstance(func, ast.Attribute)
                and func.attr in {"create", "bulk_create"}
                and "AccessLogEntry" in ast.unparse(func.value)
            )
            if name in WRITERS or creates:
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and any(a.name in WRITERS for a in node.names):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_the_interface_modules_are_found() -> None:
    found = interface_modules()
    assert "feedback/views.py" in found
    assert "cases/views/record.py" in found
    assert "referrals/api.py" in found
    assert "referrals/management/commands/show_referral.py" in found
    assert "cases/partner_views.py" in found
    assert "feedback/selectors.py" not in found
    assert "cases/reads.py" not in found


@pytest.mark.parametrize(
    "source",
    [
        "from victimcare.audit.services import access_record\n",
        "from victimcare.audit import services\nservices.access_record(user=None)\n",
        "def page(request):\n    access_record(user=request.user, route='x')\n",
        "AccessLogEntry.objects.create(route='x')\n",
    ],
)
def test_the_check_catches_a_page_that_writes_the_row(source: str) -> None:
    assert writes_access_log(source)


def test_the_check_passes_a_page_that_reads_through_a_selector() -> None:
    source = (
        "from victimcare.cases.reads import caseload_for\n"
        "def page(request):\n    return caseload_for(request.user, route='cases:mine')\n"
        "AccessLogEntry.objects.select_related('user')\n"
    )
    assert writes_access_log(source) == []


def test_no_page_writes_its_own_access_log_row() -> None:
    offenders = {
        name: lines
        for name, path in interface_modules().items()
        if name not in HAND_LOGGED and (lines := writes_access_log(path.read_text()))
    }
    assert offenders == {}, (
        "Read victim data through a selector that writes the access-log row "
        f"(e.g. cases/reads.py) instead of calling access_record in a page: {offenders}"
    )


def test_the_pages_left_to_move_still_log_by_hand() -> None:
    """When one of them moves to a selector, take it off HAND_LOGGED (the list only shrinks)."""
    modules = interface_modules()
    moved = {
        name
        for name in HAND_LOGGED
        if name not in modules or not writes_access_log(modules[name].read_text())
    }
    assert moved == set(), f"Remove from HAND_LOGGED: {sorted(moved)}"
