"""Every action the code writes to the audit trail is registered with words an auditor reads."""

import ast
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from tests.factories import UserFactory
from victimcare.audit.actions import AuditAction, action_description
from victimcare.audit.services import audit_event_record

SOURCE = Path(__file__).resolve().parents[2] / "src" / "victimcare"
WRITERS = {"audit_event", "audit_event_record"}


def _written_actions() -> list[tuple[str, int, ast.expr]]:
    """Each `action=` expression given to an audit writer anywhere in the source."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in WRITERS:
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    found.append((str(path.relative_to(SOURCE)), node.lineno, keyword.value))
    return found


def _members(expr: ast.expr) -> list[str]:
    """The registry members an action expression can name; fails on anything else."""
    if isinstance(expr, ast.IfExp):
        return _members(expr.body) + _members(expr.orelse)
    if (
        isinstance(expr, ast.Attribute)
        and isinstance(expr.value, ast.Name)
        and expr.value.id == "AuditAction"
    ):
        return [expr.attr]
    if isinstance(expr, ast.Subscript | ast.Attribute | ast.Name):
        return []  # looked up from a table of members (mypy holds its type to AuditAction)
    raise AssertionError(f"not a registered action: {ast.unparse(expr)}")


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def test_the_code_writes_audit_actions_in_many_places():
    # The scan below would pass vacuously if it found nothing.
    assert len(_written_actions()) > 60


def test_every_action_written_by_the_code_is_registered():
    for path, line, expr in _written_actions():
        for member in _members(expr):
            assert member in AuditAction.__members__, f"{path}:{line}: {member}"


def test_no_action_is_a_free_string_or_built_with_an_f_string():
    free = [
        f"{path}:{line}: {ast.unparse(expr)}"
        for path, line, expr in _written_actions()
        if any(_is_text(n) for n in ast.walk(expr))
    ]
    assert free == []


def test_every_registered_action_is_namespaced_and_described_in_words():
    for action in AuditAction:
        assert "." in action.value
        assert action.label[0].isupper() and "_" not in action.label
        assert action_description(action.value) == action.label


def test_an_action_no_longer_registered_shows_as_stored():
    assert action_description("retired.action") == "retired.action"


@pytest.mark.django_db
def test_the_auditors_page_says_what_happened_in_words(client):
    auditor = UserFactory(is_staff=True, is_superuser=True)
    with transaction.atomic():
        audit_event_record(action=AuditAction.COMPLAINT_RESOLVED, obj=auditor, actor=auditor)
    client.force_login(auditor)
    page = client.get(reverse("admin:audit_auditevent_changelist"))
    assert page.status_code == 200
    cell = '<td class="field-what_happened">A complaint was resolved</td>'
    assert cell in page.text
    filtered = client.get(reverse("admin:audit_auditevent_changelist"), {"action": "case.opened"})
    assert cell not in filtered.text
