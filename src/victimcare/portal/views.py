"""Public pages: no account, nothing about any victim."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from victimcare.core.access import public_view
from victimcare.core.ratelimits import public_form_rate_limit
from victimcare.directory.rules import Seeker, postcode_district
from victimcare.directory.selectors import matched_services, public_services
from victimcare.portal.forms import PostcodeForm, WhatHappenedForm, WhatWouldHelpForm

FIND = "vch_find_support"  # the answers so far, in the visitor's session only


@public_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"services": public_services()})


STEPS: list[tuple[str, type, str]] = [
    ("postcode", PostcodeForm, "portal:find-what-happened"),
    ("what-happened", WhatHappenedForm, "portal:find-what-would-help"),
    ("what-would-help", WhatWouldHelpForm, "portal:find-results"),
]


def _step(request: HttpRequest, name: str) -> HttpResponse:
    index = [s[0] for s in STEPS].index(name)
    _, form_class, next_url = STEPS[index]
    answers: dict[str, Any] = request.session.get(FIND, {})
    if index and "postcode" not in answers:
        return redirect("portal:find-postcode")
    form = form_class(request.POST if request.method == "POST" else None, initial=answers)
    if request.method == "POST" and form.is_valid():
        request.session[FIND] = {**answers, **form.cleaned_data}
        return redirect(next_url)
    back = reverse(f"portal:find-{STEPS[index - 1][0]}") if index else reverse("portal:home")
    return render(request, "portal/find_step.html", {"form": form, "back": back, "step": name})


@public_view
@public_form_rate_limit("find-support", rate="60/5m")
def find_postcode(request: HttpRequest) -> HttpResponse:
    return _step(request, "postcode")


@public_view
@public_form_rate_limit("find-support", rate="60/5m")
def find_what_happened(request: HttpRequest) -> HttpResponse:
    return _step(request, "what-happened")


@public_view
@public_form_rate_limit("find-support", rate="60/5m")
def find_what_would_help(request: HttpRequest) -> HttpResponse:
    return _step(request, "what-would-help")


@public_view
def find_results(request: HttpRequest) -> HttpResponse:
    answers = request.session.get(FIND, {})
    if "postcode" not in answers or "what_happened" not in answers:
        return redirect("portal:find-postcode")
    seeker = Seeker(
        postcode_district=postcode_district(answers["postcode"]),
        what_happened=frozenset(answers["what_happened"]),
        needs=frozenset(answers.get("needs", [])),
    )
    results = matched_services(seeker)
    return render(
        request,
        "portal/find_results.html",
        {
            "local": [(s, m) for s, m in results if not s.is_national],
            "national": [(s, m) for s, m in results if s.is_national],
            "back": reverse("portal:find-what-would-help"),
        },
    )
