"""The staff area's landing page."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from victimcare.accounts.capabilities import Role
from victimcare.core.access import public_view, requires_capability

# Where each role's work starts: signing in, and the "Staff area" link, land here. A role
# with no one page of work (the administrator) gets the list of its pages.
ROLE_LANDING: dict[str, str] = {
    Role.VICTIM_CARE_OFFICER: "cases:mine",  # my cases and tasks due
    Role.TEAM_LEADER: "cases:caseload",  # the team's caseload, and moving cases
    Role.PARTNER_WORKER: "cases:partner-referrals",  # referrals to act on
    Role.POLICE_REFERRER: "referrals:imports",  # feed imports
    Role.COMMISSIONER: "insights:needs-analysis",  # the dashboard
    Role.AUDITOR: "dataprotection:access-log",  # the access log; DPO pages in the menu
}


def with_article(noun: str) -> str:
    """ "a victim care officer", "an auditor", "an administrator" (by the first letter)."""
    noun = noun.strip()
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}" if noun else ""


@requires_capability("staff.home")
def staff_home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its work (`ROLE_LANDING`); `?all` (and a role without one page of
    work) shows every page the role's capabilities open, in words."""
    landing = ROLE_LANDING.get(getattr(request.user, "role", ""))
    if landing and "all" not in request.GET:
        return redirect(landing)
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
