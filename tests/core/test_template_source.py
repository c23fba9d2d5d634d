"""Template source never reaches a page: Django's {# #} comment ends at the line's end."""

import re
from pathlib import Path

import pytest

import victimcare
from tests.core.routes import all_routes, example_url
from tests.core.test_routes import fill, other_organisations_world  # noqa: F401 (fixture)
from tests.factories import UserFactory
from victimcare.accounts.capabilities import Role

TEMPLATES = Path(victimcare.__file__).resolve().parent


def test_no_template_holds_a_comment_that_django_would_print() -> None:
    printed = []
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\{#(.*?)(#\}|\n)", source, re.S):
            if match.group(2) == "\n":
                line = source[: match.start()].count("\n") + 1
                printed.append(f"{path.relative_to(TEMPLATES)}:{line}")
    assert printed == [], "multi-line {# #} comments print as text; use {% comment %}"


TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")


def _template_syntax_in(response) -> list[str]:  # type: ignore[no-untyped-def]
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    body = response.content.decode()
    return [marker for marker in TEMPLATE_SYNTAX if marker in body]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *list(Role)], ids=lambda r: str(r or "anonymous"))
def test_no_page_any_role_reaches_shows_template_syntax(
    client,
    role,
    other_organisations_world,  # noqa: F811 (the imported fixture)
    northgate,
) -> None:
    """Every page of the route walk, as each role of the records' own hub (and as a member
    of the public), answers without a scrap of template source."""
    if role is not None:
        user = UserFactory(
            role=role, organisation=northgate.organisation, team=northgate, is_staff=True
        )
        client.force_login(user)
    seen = 0
    for route, namespace, _pattern in all_routes():
        if namespace == "admin" or route.startswith("api/"):
            continue
        url = fill(route, other_organisations_world) if "<" in route else example_url(route)
        response = client.get(url)
        seen += response.status_code == 200
        assert _template_syntax_in(response) == [], f"{url} as {role or 'anonymous'}"
    assert seen >= 5, "the walk reached too few pages to prove anything"
