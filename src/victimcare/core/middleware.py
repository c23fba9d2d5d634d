"""Staff pages and the portal's answers hold victim data: browsers and proxies must not keep
copies."""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from victimcare.core.views import not_found, server_error

error_log = logging.getLogger("django.request")


class EnglishForStaffMiddleware:
    """Staff pages, the admin and the API are in English whatever the portal language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/staff/", "/admin/", "/api/")):
            translation.activate("en-gb")
            request.LANGUAGE_CODE = "en-gb"
        return self.get_response(request)


# Pages that show victim data or a visitor's answers: staff pages, and the portal's pages that
# hold what someone typed (refer yourself, find support, track my case, complaints, surveys,
# consultations). A shared computer's Back button or cache must not bring them back.
NO_STORE_PATHS = (
    "/staff/",
    "/admin/",
    "/api/",
    "/refer-yourself/",
    "/find-support/",
    "/track/",
    "/complain/",
    "/feedback/",
    "/consultations/",
    "/exit/",
)


class NoStoreForStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(NO_STORE_PATHS):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


class IdleSessionMiddleware:
    """A signed-in session ends after SESSION_COOKIE_AGE (30 minutes) without a request.
    Each request pushes the end back, but the session row is rewritten at most once a
    minute (not on every page, as SESSION_SAVE_EVERY_REQUEST would): the idle limit holds
    to the minute without a database write per page view."""

    REFRESH_SECONDS = 60
    KEY = "_idle_refreshed_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.session_key:
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= self.REFRESH_SECONDS:
                session[self.KEY] = now  # saved after the response, with a new expiry
        return self.get_response(request)


class OwnErrorPagesMiddleware:
    """The hub's own "Page not found" and "Sorry, there is a problem with the service" pages
    in every mode. Outside DEBUG Django already uses handler404 and handler500; under DEBUG
    (`make run`) it would show its technical pages instead: a not-found page listing every
    URL of the hub, and a traceback page. The traceback still goes to the console log.

    It sits inside CommonMiddleware, so a missing trailing slash is still redirected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # No URL pattern matched (Django never reached a view): its technical 404 under DEBUG.
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            return not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not settings.DEBUG:
            return None  # Django's own handling: handler404, handler403, handler500
        if isinstance(exception, Http404):
            return not_found(request, exception)
        if isinstance(exception, PermissionDenied | BadRequest | SuspiciousOperation):
            return None  # Django answers these with handler403 or a 400 in every mode
        error_log.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500},
        )
        # As Django does for an uncaught error (the test client re-raises on this signal).
        got_request_exception.send(sender=type(self), request=request)
        return server_error(request)
