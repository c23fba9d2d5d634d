"""Every request gets an id (the caller's X-Request-ID when it is a plain token, else a new
one) that every log line of the request carries and the response returns; and its route,
method, status and time are counted for the metrics page."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from victimcare.operations.logs import request_id
from victimcare.operations.request_stats import request_observe

logger = logging.getLogger("victimcare.requests")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        seconds = time.perf_counter() - started
        match = request.resolver_match
        route = f"/{match.route}" if match else "unmatched"
        method = request.method if request.method in METHODS else "OTHER"
        request_observe(route=route, method=method, status=response.status_code, seconds=seconds)
        # The one access-log line: the route pattern, never the address (it may hold a token
        # or a search term) and never who asked.
        logger.info(
            "request",
            extra={
                "request_id": rid,
                "route": route,
                "method": method,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        response["X-Request-ID"] = rid
        return response
