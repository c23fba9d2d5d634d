"""Staff pages hold victim data: browsers and proxies must not keep copies."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreForStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(("/staff/", "/admin/", "/api/")):
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
