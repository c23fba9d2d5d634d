"""Health and metrics for load balancers, orchestrators and the operator's monitoring.

- /health/live: the process answers (no database): for a liveness probe.
- /health/ready: 200 or 503 with {"status": ...} alone for anyone (a load balancer needs no
  more); with the operations token (Authorization: Bearer <VCH_OPS_TOKEN>) also each check
  and the operator's warnings. No personal data either way.
- /metrics: Prometheus text, only with the operations token; off (404) when none is set.
"""

import hmac
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from victimcare.core.access import ACCESS_ATTRIBUTE
from victimcare.operations.health import readiness, warnings
from victimcare.operations.metrics import metrics_text

logger = logging.getLogger(__name__)

# Readiness as this process last answered it: a probe every few seconds must not write an
# ERROR line each time (Django logs every 5xx so). One WARNING when the hub stops being
# ready (naming the failed checks), one INFO when it is ready again.
_last_ready: bool | None = None
_last_ready_lock = threading.Lock()


def _log_change(*, ready: bool, failed: list[str]) -> None:
    global _last_ready
    with _last_ready_lock:
        changed, _last_ready = _last_ready != ready, ready
    if not changed:
        return
    if ready:
        logger.info("ready", extra={"ready": True})
    else:
        logger.warning("not ready: %s", ", ".join(failed), extra={"ready": False})


# How the route test knows these views: "probe" answers anyone (200 or 503); "ops-token"
# refuses anyone without the operations token.
PROBE = "probe"
OPS_TOKEN = "ops-token"  # noqa: S105  (the name of an access kind, not a secret)


def _declare(access: str) -> Callable[[Any], Any]:
    def mark(view: Any) -> Any:
        view = never_cache(login_not_required(view))
        setattr(view, ACCESS_ATTRIBUTE, access)
        return view

    return mark


def has_ops_token(request: HttpRequest) -> bool:
    expected = settings.VCH_OPS_TOKEN
    given = request.headers.get("Authorization", "")
    scheme, _, token = given.partition(" ")
    return (
        bool(expected)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(token.strip().encode(), expected.encode())
    )


@_declare(PROBE)
def health_live(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@_declare(PROBE)
def health_ready(request: HttpRequest) -> HttpResponse:
    checks = readiness()
    ready = all(check.ok for check in checks)
    body: dict[str, Any] = {"status": "ready" if ready else "not ready"}
    if has_ops_token(request):
        body["checks"] = {c.name: {"ok": c.ok, "detail": c.detail} for c in checks}
        if checks[0].ok:  # with the database up, the operator's counts too
            body["warnings"] = {c.name: {"ok": c.ok, "detail": c.detail} for c in warnings()}
    _log_change(ready=ready, failed=[c.name for c in checks if not c.ok])
    response = JsonResponse(body, status=200 if ready else 503)
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django's ERROR per 5xx: logged above
    return response


@_declare(OPS_TOKEN)
def metrics(request: HttpRequest) -> HttpResponse:
    if not settings.VCH_OPS_TOKEN:
        raise Http404("Metrics are off: set VCH_OPS_TOKEN")
    if not has_ops_token(request):
        response = HttpResponse(
            "The metrics need the operations token.\n", status=401, content_type="text/plain"
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_text(), content_type="text/plain; version=0.0.4; charset=utf-8")
