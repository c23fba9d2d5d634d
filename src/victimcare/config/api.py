"""The hub's API at /api/v1/ (django-ninja), with its OpenAPI document.

Every operation must name its capability through `ApiKeyAuth`; `api_urlpatterns` refuses
to build the URL map otherwise, and marks each route for the route-declaration test.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI

from victimcare.core.access import ACCESS_ATTRIBUTE, PUBLIC
from victimcare.core.api_auth import ApiKeyAuth
from victimcare.justice.api import router as justice_router
from victimcare.referrals.api import router as referrals_router
from victimcare.referrals.transfer_api import router as transfers_router

api = NinjaAPI(
    title="Victim Care Hub API",
    version="1.0.0",
    description="Police referral feed v1, justice updates, and out-of-area transfers.",
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: the documented JSON 413 in every mode (ninja
    would re-raise it under DEBUG, and Django answer an HTML 400 otherwise)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return api.create_response(
        request,
        {"detail": f"The body is over {limit // (1024 * 1024)} MB; send smaller batches"},
        status=413,
    )


api.add_router("/", referrals_router)
api.add_router("/", transfers_router)
api.add_router("/", justice_router)

DOCUMENTATION_ROUTES = {"openapi-json", "openapi-view"}


def _operations() -> list[Any]:
    return [
        operation
        for router in api._get_bound_routers()
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]


def api_urlpatterns() -> tuple[list[Any], str, str]:
    """The API's URL patterns, each marked: API-key routes or public documentation."""
    for operation in _operations():
        auths = [a for a in operation.auth_callbacks if isinstance(a, ApiKeyAuth)]
        if not auths:
            raise RuntimeError(
                f"API operation {operation.view_func.__name__} declares no capability"
            )
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            continue
        callback = login_not_required(pattern.callback)  # the API authenticates by key, not session
        setattr(
            callback,
            ACCESS_ATTRIBUTE,
            PUBLIC if pattern.name in DOCUMENTATION_ROUTES else "api-key",
        )
    return patterns, app_name, namespace
