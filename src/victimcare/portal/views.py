"""Public pages: no account, nothing about any victim."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from victimcare.core.access import public_view
from victimcare.directory.selectors import public_services


@public_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"services": public_services()})
