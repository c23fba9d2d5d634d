"""The staff area's landing page."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from victimcare.core.access import public_view, requires_capability


@requires_capability("staff.home")
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/home.html")


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
