"""No page queries a model of victim data itself (docs/design.md, habit 2): views, API operations
and partner pages read through their app's selectors or reads, which scope to the user and
log what they show. Operators' tools (admin, commands, demo data) are left out: they are no
page a member of staff opens on a victim."""

import ast

import pytest
from django.apps import apps

from tests.audit.test_reads_logged import interface_modules

# The apps whose models hold victims' data (people, their referrals, cases and all that
# hangs off them, the messages to them, their rights requests and complaints).
VICTIM_APPS = (
    "people",
    "referrals",
    "cases",
    "assessments",
    "justice",
    "feedback",
    "dataprotection",
    "linkage",
    "notifications",
)
OPERATOR_TOOLS = ("admin", "management", "demo")


def victim_models() -> set[str]:
    return {
        model.__name__ for label in VICTIM_APPS for model in apps.get_app_config(label).get_models()
    }


def direct_queries(source: str, models: set[str]) -> list[str]:
    """`Model.objects` (or its default manager) for any of `models`, by line."""
    return [
        f"{node.lineno}: {node.value.id}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager"}
        and isinstance(node.value, ast.Name)
        and node.value.id in models
    ]


def test_no_page_queries_victim_data_itself() -> None:
    models = victim_models()
    offenders = {
        name: lines
        for name, path in interface_modules().items()
        if not any(part in OPERATOR_TOOLS for part in name.removesuffix(".py").split("/"))
        and (lines := direct_queries(path.read_text(), models))
    }
    assert offenders == {}, f"Read these through the app's selectors or reads: {offenders}"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("case = Case.objects.get(pk=1)\n", ["1: Case"]),
        ("def page(request):\n    return Person._default_manager.all()\n", ["2: Person"]),
        ("case = reads.case_for_reading(user, 1, reasons={}, route='x')\n", []),
        ("keys = ApiKey.objects.all()\n", []),
    ],
)
def test_the_check_catches_a_page_that_queries_a_victim_model(source: str, found: list) -> None:
    assert direct_queries(source, victim_models()) == found


def test_the_victim_models_are_found() -> None:
    assert {"Case", "Person", "Referral", "CaseMessage", "RightsRequest", "Complaint"} <= (
        victim_models()
    )
