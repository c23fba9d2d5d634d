"""The service's own "Page not found" and "Sorry, there is a problem with the service" in
every mode: with DEBUG off (production) and on (`make run`), where Django would otherwise
show its technical pages, one of which lists every URL of the hub."""

import logging

import pytest
from django.http import Http404
from django.test import Client, override_settings
from django.urls import path

from victimcare.config import urls as project_urls
from victimcare.core.access import public_view


@public_view
def broken(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug")


@public_view
def missing(request):  # type: ignore[no-untyped-def]
    raise Http404("No such record")


urlpatterns = [
    path("test-broken/", broken),
    path("test-missing/", missing),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.test_error_pages")]
MODES = [pytest.param(False, id="debug-off"), pytest.param(True, id="debug-on")]


@pytest.mark.parametrize("debug", MODES)
def test_an_address_that_matches_nothing_gets_the_services_page_not_found(debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = Client().get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    assert "If you typed the web address, check it is correct." in html
    # Not Django's technical page, which lists the hub's URL patterns.
    assert "Using the URLconf" not in html and "staff/" not in html.split("<main")[1]


@pytest.mark.parametrize("debug", MODES)
def test_a_record_that_is_not_there_gets_the_services_page_not_found(debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = Client().get("/test-missing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "No such record" not in response.content.decode()


@pytest.mark.parametrize("debug", MODES)
def test_a_missing_slash_is_still_redirected(debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = Client().get("/find-support")
    assert response.status_code == 301 and response["Location"] == "/find-support/"


@pytest.mark.parametrize("debug", MODES)
def test_an_error_gets_sorry_there_is_a_problem_with_the_service(
    debug: bool, caplog: pytest.LogCaptureFixture
) -> None:
    with override_settings(DEBUG=debug), caplog.at_level(logging.ERROR, "django.request"):
        response = Client(raise_request_exception=False).get("/test-broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    assert "Traceback" not in html and "a bug" not in html and "RuntimeError" not in html
    # The traceback goes to the log for whoever runs the hub.
    assert any(r.exc_info and "a bug" in str(r.exc_info[1]) for r in caplog.records)


@pytest.mark.parametrize("debug", MODES)
def test_the_api_answers_json_not_a_page(debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_a_test_client_still_sees_the_error_under_debug() -> None:
    """Handled under DEBUG, an error is still signalled as Django does: tests re-raise it."""
    with override_settings(DEBUG=True), pytest.raises(RuntimeError, match="a bug"):
        Client().get("/test-broken/")
