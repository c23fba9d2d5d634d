"""Every page that shows a victim writes an access-log row, proven by walking every route:
a user of the victim's own hub opens each address naming the victim's records, and posts an
empty form to it; a page that shows the victim's name (a refused change shows its page
again) answers with a row written for that user in the same request.

The AST check beside it (test_reads_logged.py) keeps pages from writing the row by hand;
this one catches a page that reads victim data and writes no row at all, whatever it read
the data with (docs/architecture.md, "Reads of victim data")."""

import re

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from tests.core.routes import all_routes, example_url
from tests.core.test_routes import (
    fill,
    other_organisations_world,  # noqa: F401 (the walk's records)
)
from tests.factories import CaseFactory, UserFactory
from victimcare.accounts.capabilities import Role
from victimcare.accounts.models import User
from victimcare.audit.models import AccessLogEntry
from victimcare.cases.models import Case
from victimcare.core.access import requires_capability
from victimcare.directory.models import Service

# The victim's given name in the world the walk fills addresses from; the provider and the
# API key of that world borrow the name, and are no victim's data.
VICTIM = re.compile(rb"Zebedee(?! Trust| feed)")
ROUTES = [(route, pattern) for route, namespace, pattern in all_routes() if namespace != "admin"]


def shows_a_victim_unlogged(
    client: Client, user_id: int, url: str, method: str = "get"
) -> bool | None:
    """Whether the page at `url` shows the victim's name without an access-log row written
    for the user while it answered (None: it does not show the victim). A POST sends an
    empty form, which every change refuses, showing its page again with the errors; it is
    rolled back, so the walk's records stay as they were."""
    with transaction.atomic():
        before = AccessLogEntry.objects.filter(user_id=user_id).count()
        response = getattr(client, method)(url)
        shown = response.status_code in {200, 400, 409} and VICTIM.search(response.content)
        unlogged = AccessLogEntry.objects.filter(user_id=user_id).count() == before
        transaction.set_rollback(True)
    return unlogged if shown else None


def walk(client: Client, user: User, world: dict) -> dict[str, bool]:
    """Every staff address as `user` (GET, then an empty POST): the pages that showed the
    victim, each with whether it did so unlogged."""
    shown = {}
    for route, _pattern in ROUTES:
        if route.startswith("api/"):
            continue
        url = fill(route, world) if "<" in route else example_url(route)
        for method in ("get", "post"):
            if (unlogged := shows_a_victim_unlogged(client, user.pk, url, method)) is not None:
                shown[f"{method.upper()} {url}"] = unlogged
        client.force_login(user)  # a POST may have signed the user out (sign-out, exit)
    return shown


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_page_that_shows_a_victim_logs_the_read(client, role, northgate, request) -> None:
    world = request.getfixturevalue("other_organisations_world")
    user = UserFactory(
        role=role, organisation=northgate.organisation, team=northgate, is_staff=True
    )
    # The case is the user's own, so their home page and task list show it too.
    Case.objects.filter(pk=world["case_id"]).update(officer=user)
    client.force_login(user)
    shown = walk(client, user, world)
    unlogged_pages = [url for url, unlogged in shown.items() if unlogged]
    assert unlogged_pages == [], f"A {role.label} saw a victim unlogged at {unlogged_pages}"
    if user.has_capability("cases.view"):
        # The walk does reach the victim: the case record is among the pages it checked.
        assert f"GET /staff/cases/{world['case_id']}/" in shown


@pytest.mark.django_db
def test_every_page_that_shows_a_partner_the_victim_logs_the_read(client, request) -> None:
    """The support service's worker, whose service the victim was referred to with their
    contact details shared, walks every address as the hub's staff do."""
    world = request.getfixturevalue("other_organisations_world")
    provider = Service.objects.get(pk=world["service_id"]).provider
    partner = UserFactory(role=Role.PARTNER_WORKER, organisation=provider, is_staff=True)
    client.force_login(partner)
    shown = walk(client, partner, world)
    unlogged_pages = [url for url, unlogged in shown.items() if unlogged]
    assert unlogged_pages == [], f"A partner saw a victim unlogged at {unlogged_pages}"
    assert f"GET /staff/partner/referrals/{world['onward_id']}/" in shown


# The test of the test: a page that reads a case through the plain selector and shows the
# victim's name, writing no row, is caught.
@requires_capability("cases.view")
def unlogged_case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = Case.objects.select_related("referral__victim").get(pk=case_id)
    return HttpResponse(f"<h1>{case.victim.given_name}</h1>")


urlpatterns = [path("staff/cases/<int:case_id>/unlogged/", unlogged_case_page)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_page_that_shows_a_victim_without_the_row_is_caught(client, vco) -> None:
    case = CaseFactory(team=vco.team, referral__person__given_name="Zebedee")
    client.force_login(vco)
    assert shows_a_victim_unlogged(client, vco.pk, f"/staff/cases/{case.pk}/unlogged/") is True
