"""The staff area's landing page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from victimcare.core.access import requires_capability


@requires_capability("staff.home")
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/home.html")
