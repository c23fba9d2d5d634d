"""Public pages: no account, nothing about any victim."""

import datetime
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import i18n as i18n_views

from victimcare.core.access import public_view
from victimcare.core.ratelimits import public_form_rate_limit
from victimcare.directory.rules import Seeker, postcode_district
from victimcare.directory.selectors import matched_services, public_service, public_services
from victimcare.intake.receive import referral_receive_direct
from victimcare.portal import self_referral
from victimcare.portal.forms import (
    ConsentForm,
    ContactForm,
    DateOfBirthForm,
    NameForm,
    PoliceForm,
    PostcodeForm,
    ReferPostcodeForm,
    WhatHappenedForm,
    WhatHappenedOneForm,
    WhatWouldHelpForm,
)
from victimcare.referrals.feed_values import RowInvalid
from victimcare.referrals.models import Channel

FIND = "vch_find_support"  # the answers so far, in the visitor's session only


# Django's language switch (POST language, next), open to everyone like the portal.
set_language = public_view(i18n_views.set_language)


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


@public_view
def service_page(request: HttpRequest, service_id: int) -> HttpResponse:
    """A service's own page: what it does, who it is for, how and when to reach it."""
    service = public_service(service_id)
    if service is None:
        raise Http404("No such service")
    back = request.GET.get("from") == "results" and FIND in request.session
    return render(
        request,
        "portal/service.html",
        {"service": service, "back": reverse("portal:find-results" if back else "portal:home")},
    )


# Each question page's own title (the page's h1 or its question), so that no two share one.
REFER_TITLES = {
    "name": _("What is your name?"),
    "date-of-birth": _("What is your date of birth?"),
    "postcode": _("What is your postcode?"),
    "contact": _("How can we contact you safely?"),
    "what-happened": _("What happened?"),
    "police": _("Have you told the police?"),
    "consent": _("Can we help you?"),
}
REFER = "vch_self_referral"  # answers so far, in the visitor's session only
REFER_DONE = "vch_self_referral_done"
REFER_STEPS: list[tuple[str, type[forms.Form]]] = [
    ("name", NameForm),
    ("date-of-birth", DateOfBirthForm),
    ("postcode", ReferPostcodeForm),
    ("contact", ContactForm),
    ("what-happened", WhatHappenedOneForm),
    ("police", PoliceForm),
    ("consent", ConsentForm),
]


def refer_step_view(step: str) -> Any:
    """The view for one question of Refer yourself."""
    names = [name for name, _ in REFER_STEPS]
    index = names.index(step)
    form_class = REFER_STEPS[index][1]

    @public_view
    @public_form_rate_limit("self-referral", rate="60/5m")
    def view(request: HttpRequest) -> HttpResponse:
        answers: dict[str, Any] = request.session.get(REFER, {})
        missing = [n for n, f in REFER_STEPS[:index] if not set(f.base_fields) <= set(answers)]
        if missing:
            return redirect(f"portal:refer-{missing[0]}")
        form = form_class(request.POST if request.method == "POST" else None, initial=answers)
        if request.method == "POST" and form.is_valid():
            request.session[REFER] = {**answers, **form.cleaned_data}
            checking = request.GET.get("check") == "1"
            nxt = (
                "portal:refer-check"
                if checking or index == len(names) - 1
                else (f"portal:refer-{names[index + 1]}")
            )
            return redirect(nxt)
        back = reverse(f"portal:refer-{names[index - 1]}") if index else reverse("portal:refer")
        return render(
            request,
            "portal/refer_step.html",
            {
                "form": form,
                "back": back,
                "step": step,
                "single": len(form.fields) == 1,
                "title": REFER_TITLES[step],
            },
        )

    view.__name__ = f"refer_{step.replace('-', '_')}"
    return view


@public_view
def refer_start(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/refer_start.html")


@public_view
@public_form_rate_limit("self-referral", rate="20/5m")
def refer_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, then send: the referral goes through the hub's intake."""
    answers: dict[str, Any] = request.session.get(REFER, {})
    for name, form_class in REFER_STEPS:
        if not set(form_class.base_fields) <= set(answers):
            return redirect(f"portal:refer-{name}")
    if request.method == "POST":
        try:
            referral = referral_receive_direct(
                values=self_referral.feed_values(answers, language=get_language()),
                given_crime_reference=self_referral.given_crime_reference(answers),
                police_report=self_referral.police_report(answers),
                # "Is it safe to leave you a message?" No: never a voicemail (the case's rule).
                no_voicemail=answers.get("safe_message") == "no",
                channel=Channel.SELF,
                actor_label="public portal",
            )
        except RowInvalid as invalid:
            return render(
                request,
                "portal/refer_check.html",
                {"rows": self_referral.summary(answers), "errors": invalid.errors},
            )
        request.session.pop(REFER, None)
        request.session[REFER_DONE] = {
            "reference": referral.case.reference,
            "hub": referral.team.name if referral.team else "",
            "due": referral.contact_due_by.isoformat(),
            "out_of_area": referral.out_of_area,
        }
        return redirect("portal:refer-done")
    return render(request, "portal/refer_check.html", {"rows": self_referral.summary(answers)})


@public_view
def refer_done(request: HttpRequest) -> HttpResponse:
    done = request.session.get(REFER_DONE)
    if not done:
        return redirect("portal:refer")
    # The date in the language of the page now shown (the visitor may switch to Welsh).
    due = self_referral.due_words(datetime.date.fromisoformat(done["due"]))
    return render(request, "portal/refer_done.html", {"done": {**done, "due": due}})


@public_view
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@public_view
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html")


@public_view
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/cookies.html")
