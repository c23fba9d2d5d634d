"""The staff area's landing page."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from victimcare.core.access import public_view, requires_capability


def with_article(noun: str) -> str:
    """ "a victim care officer", "an auditor", "an administrator" (by the first letter)."""
    noun = noun.strip()
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}" if noun else ""


@requires_capability("staff.home")
def staff_home(request: HttpRequest) -> HttpResponse:
    """Each role's way into its work: the pages its capabilities open, in words."""
    role = getattr(request.user, "get_role_display", lambda: "")()
    role = role[:1].lower() + role[1:]  # "commissioner (OPCC)" keeps its capitals
    return render(request, "staff/home.html", {"role_with_article": with_article(role)})


def _api_request(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: JSON under /api/, the GOV.UK "page not found" pattern everywhere else."""
    if _api_request(request):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return render(request, "errors/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api_request(request):
        return JsonResponse({"detail": "Forbidden"}, status=403)
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api_request(request):
        return JsonResponse({"detail": "Server error"}, status=500)
    return render(request, "errors/500.html", status=500)


@public_view
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and monitoring: no database, no personal data."""
    return JsonResponse({"status": "ok"})
