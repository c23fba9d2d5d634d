"""Referring the victim on to a specialist service, and withdrawing the referral."""

import contextlib

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from victimcare.assessments.selectors import suggested_services
from victimcare.cases import reads
from victimcare.cases.forms import OnwardReferralForm
from victimcare.cases.models import OnwardReferralStatus
from victimcare.cases.services.onward import onward_referral_update
from victimcare.cases.services.versions import CaseChangeRefused, CaseEnded
from victimcare.cases.views.record import case_with_reason
from victimcare.core.access import requires_capability, staff_user
from victimcare.journeys.onward import SharingRefused, onward_referral_send


@requires_capability("cases.refer_onward")
def onward_withdraw(request: HttpRequest, case_id: int, onward_id: int) -> HttpResponse:
    user = staff_user(request)
    case, _ = case_with_reason(request, user, case_id)
    onward = case.onward_referrals.filter(pk=onward_id).first()
    if onward is None:
        raise Http404("No such referral")
    if request.method == "POST":
        # A referral already finished cannot be withdrawn; the case page shows its state.
        with contextlib.suppress(CaseChangeRefused):
            onward_referral_update(onward=onward, status=OnwardReferralStatus.WITHDRAWN, actor=user)
    return redirect(reverse("cases:support", args=[case.pk]) + "#referrals")


@requires_capability("cases.refer_onward")
def onward_referral_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """Refer the victim to a specialist service, with consent and a sharing agreement."""
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    form = OnwardReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            onward_referral_send(
                case=case,
                service=data["service"],
                consent_given=data["consent"],
                shared=data["shared"],
                reason=data["reason"],
                actor=user,
            )
        except CaseEnded as ended:
            form.add_error(None, str(ended))
        except SharingRefused as refusal:
            form.add_error("service", str(refusal))
        else:
            messages.success(
                request, f"Referral sent to {data['service'].name}: the victim's consent recorded"
            )
            return redirect(reverse("cases:support", args=[case.pk]) + "#referrals")
    reads.case_shown(user, case, route="cases:onward-referral-new", justification=justification)
    return render(
        request,
        "cases/onward_referral_form.html",
        {
            "case": case,
            "person": case.victim,
            "form": form,
            "suggested": suggested_services(case)[:5],
            "nav": "queue",
        },
    )
