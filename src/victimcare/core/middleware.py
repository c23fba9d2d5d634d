"""Staff pages hold victim data: browsers and proxies must not keep copies."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class EnglishForStaffMiddleware:
    """Staff pages, the admin and the API are in English whatever the portal language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(("/staff/", "/admin/", "/api/")):
            translation.activate("en-gb")
            request.LANGUAGE_CODE = "en-gb"
        return self.get_response(request)


class NoStoreForStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(("/staff/", "/admin/", "/api/")):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
