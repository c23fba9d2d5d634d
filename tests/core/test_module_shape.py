"""Modules a person can hold in their head (issue 19): none past 400 lines outside
migrations, and no project import inside a function unless a comment says why it cannot
move to the top of the module (a cycle the layers forbid is not a reason: see lint-imports)."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "victimcare"
LIMIT = 400


def _modules() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def test_no_module_is_over_400_lines() -> None:
    too_long = {
        str(p.relative_to(SRC)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert too_long == {}, f"Split these modules by concern (docs/design.md): {too_long}"


def function_imports_without_reason(source: str) -> list[int]:
    """Lines of project imports inside a function with no comment on them or the two lines
    above saying why they are there."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom):
                module = inner.module or ""
            elif isinstance(inner, ast.Import):
                module = inner.names[0].name
            else:
                continue
            if not module.startswith("victimcare"):
                continue
            context = lines[max(0, inner.lineno - 3) : inner.end_lineno or inner.lineno]
            if not any("#" in line for line in context):
                found.append(inner.lineno)
    return found


def test_project_imports_inside_functions_say_why() -> None:
    unexplained = {
        str(p.relative_to(SRC)): lines
        for p in _modules()
        if (lines := function_imports_without_reason(p.read_text(encoding="utf-8")))
    }
    assert unexplained == {}, f"Move these imports to the top, or say why not: {unexplained}"


def test_the_check_catches_an_unexplained_import_inside_a_function() -> None:
    caught = "def f():\n    x = 1\n    from victimcare.cases import selectors\n"
    explained = "def f():\n    # the worker imports the app registry lazily\n    from victimcare.cases import selectors\n"
    assert function_imports_without_reason(caught) == [3]
    assert function_imports_without_reason(explained) == []
