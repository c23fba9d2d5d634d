"""The pages of a safeguarding referral record (ADR 53): record one made for the victim, and
add its outcome, reference or a new follow-up date later."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from victimcare.accounts.models import User
from victimcare.cases import reads
from victimcare.cases.models import Case
from victimcare.cases.safe_contact import SafeContact, safe_contact_warnings
from victimcare.cases.safeguarding_forms import (
    SafeguardingReferralForm,
    SafeguardingReferralUpdateForm,
)
from victimcare.cases.services.safeguarding import (
    safeguarding_referral_record,
    safeguarding_referral_update,
)
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.cases.views.record import case_with_reason
from victimcare.core.access import requires_capability, staff_user


def _page(
    request: HttpRequest, user: User, case: Case, justification: str, route: str, **context: Any
) -> HttpResponse:
    rules = SafeContact(
        agreed_channel=case.agreed_channel,
        no_voicemail=case.no_voicemail,
        no_sms=case.no_sms,
        safe_to_contact=case.victim.safe_to_contact,
    )
    reads.case_shown(user, case, route=route, justification=justification)
    form = context["form"]
    return render(
        request,
        "cases/safeguarding_referral.html",
        {
            "case": case,
            "person": case.victim,
            "justification": justification,
            "safe_contact_warnings": safe_contact_warnings(
                rules, case.safe_times, case.victim.contact_notes
            ),
            "error_forms": [form] if form.is_bound and form.errors else [],
            "nav": "queue",
            **context,
        },
    )


def _done(case: Case) -> str:
    return reverse("cases:support", args=[case.pk]) + "#safeguarding"


@requires_capability("cases.work")
def safeguarding_referral_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    form = SafeguardingReferralForm(
        request.POST if request.method == "POST" else None, prefix="referral"
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = safeguarding_referral_record(
                case=case,
                agency=data["agency"],
                agency_other=data["agency_other"],
                made_on=data["made_on"],
                their_reference=data["their_reference"],
                outcome=data["outcome"],
                follow_up_on=data["follow_up_on"],
                actor=user,
            )
        except CaseChangeRefused as refusal:
            refusal.shown_on(form)
        else:
            messages.success(request, f"Safeguarding referral to {referral.agency_name} recorded")
            return redirect(_done(case))
    return _page(
        request,
        user,
        case,
        justification,
        "cases:safeguarding-referral-new",
        form=form,
        form_title="Record a safeguarding referral",
        action=reverse("cases:safeguarding-referral-new", args=[case.pk]),
        button="Record the referral",
    )


@requires_capability("cases.work")
def safeguarding_referral_edit(
    request: HttpRequest, case_id: int, safeguarding_id: int
) -> HttpResponse:
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    referral = reads.safeguarding_referral_scoped(case, safeguarding_id)
    if referral is None:
        raise Http404("No such safeguarding referral")
    form = SafeguardingReferralUpdateForm(
        request.POST if request.method == "POST" else None,
        prefix="referral",
        initial={
            "their_reference": referral.their_reference,
            "outcome": referral.outcome,
            "follow_up_on": referral.follow_up_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            safeguarding_referral_update(
                referral=referral,
                their_reference=data["their_reference"],
                outcome=data["outcome"],
                follow_up_on=data["follow_up_on"],
                actor=user,
            )
        except CaseChangeRefused as refusal:
            refusal.shown_on(form)
        else:
            messages.success(request, f"Safeguarding referral to {referral.agency_name} updated")
            return redirect(_done(case))
    return _page(
        request,
        user,
        case,
        justification,
        "cases:safeguarding-referral-edit",
        form=form,
        referral=referral,
        form_title=f"Safeguarding referral to {referral.agency_name}",
        action=reverse("cases:safeguarding-referral-edit", args=[case.pk, referral.pk]),
        button="Save changes",
    )
