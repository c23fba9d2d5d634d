"""Deny by default, proven for every route: each view declares who may use it."""

import pytest
from django.urls import URLPattern

from tests.core.routes import all_routes, example_url
from victimcare.core.access import declared_access

# Django's admin checks is_staff itself for every page; administrators only get is_staff.
SELF_GUARDED_NAMESPACES = {"admin"}


ROUTES = [(route, ns, p) for route, ns, p in all_routes() if ns not in SELF_GUARDED_NAMESPACES]


def test_the_walk_finds_the_project_routes() -> None:
    names = {p.name for _, _, p in ROUTES}
    assert {"staff-home", "queue", "detail", "sign-in", "sign-out", "home"} <= names


@pytest.mark.parametrize(("route", "namespace", "pattern"), ROUTES, ids=[r for r, _, _ in ROUTES])
def test_every_route_declares_its_access(route: str, namespace: str, pattern: URLPattern) -> None:
    assert declared_access(pattern.callback), f"/{route} declares no capability and is not public"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "namespace", "pattern"), ROUTES, ids=[r for r, _, _ in ROUTES])
def test_anonymous_users_only_reach_public_routes(
    client, route: str, namespace: str, pattern: URLPattern
) -> None:
    url = example_url(route)
    response = client.get(url)
    access = declared_access(pattern.callback)
    if access == "public":
        assert response.status_code == 200
    elif access == "api-key":
        # The API never redirects to a sign-in page: no key, no data.
        assert response.status_code in {401, 404, 405}
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in/")


@pytest.mark.django_db
def test_errors_answer_in_the_format_of_the_area(client) -> None:
    api = client.get("/api/v1/referrals/a/b%0Ac/d")  # no route matches a newline there
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()
