"""Per-address limits on public forms (django-ratelimit), answered with a GOV.UK page.

Limits count POSTs per client address in the default cache. In production the cache is
Redis (REDIS_URL), shared by every web process; `make run` uses one process's memory.
Behind a proxy, RATELIMIT_IP_META_KEY names the header that carries the client address.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def public_form_rate_limit(group: str, rate: str) -> Callable[[ViewFunc], ViewFunc]:
    """Refuse a form's POSTs from one address beyond `rate` (e.g. "20/5m") with a 429 page."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and is_ratelimited(
                request, group=group, key="ip", rate=rate, method="POST", increment=True
            ):
                return render(request, "errors/429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
