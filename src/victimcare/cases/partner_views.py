"""Partner service workers: the referrals sent to their service, with what was shared."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from victimcare.cases import reads, selectors
from victimcare.cases.forms import OnwardUpdateForm
from victimcare.cases.models import (
    ONWARD_STATES,
    OnwardReferral,
    OnwardReferralStatus,
    ShareGroup,
)
from victimcare.cases.services.onward import onward_referral_update
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.core.access import requires_capability, staff_user
from victimcare.entitlements.rules import reason_reveals_crime

# What each status asks of the service, in the list's words (a tag's colour, and words).
PARTNER_STATUS = {
    OnwardReferralStatus.SENT: ("govuk-tag--blue", "New: accept or decline"),
    OnwardReferralStatus.ACCEPTED: ("govuk-tag--green", "Accepted"),
    OnwardReferralStatus.IN_PROGRESS: ("govuk-tag--green", "Being supported"),
    OnwardReferralStatus.COMPLETED: ("govuk-tag--grey", "Completed"),
}  # declined and withdrawn ones leave the service's list (models.onward.PARTNER_VISIBLE)


@requires_capability("partner_referrals.view")
def onward_referrals(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    page = reads.partner_referrals_page(
        user, request.GET.get("page"), route="cases:partner-referrals"
    )
    new = selectors.onward_referrals_visible_to(user).filter(status=OnwardReferralStatus.SENT)
    rows = [
        (onward, *PARTNER_STATUS.get(onward.status, ("", onward.get_status_display())))
        for onward in page
    ]
    return render(
        request,
        "cases/partner_referrals.html",
        {"page": page, "rows": rows, "new": new.count(), "nav": "partner"},
    )


@requires_capability("partner_referrals.view")
def onward_referral_detail(request: HttpRequest, onward_id: int) -> HttpResponse:
    onward = reads.partner_referral_for(
        staff_user(request), onward_id, route="cases:partner-referral"
    )
    if onward is None:
        raise Http404("No such referral")
    return _detail(request, onward)


def _shared_reasons(onward: OnwardReferral) -> list[dict[str, str]] | None:
    """The entitlement reasons the victim let this service see: with their needs, and only
    those that reveal the crime (e.g. "Victim of domestic abuse") if crime details too."""
    if not onward.shares(ShareGroup.NEEDS):
        return None
    crime_shared = onward.shares(ShareGroup.CRIME)
    return [
        reason
        for reason in onward.case.referral.entitlement_reasons
        if crime_shared or not reason_reveals_crime(reason["code"], reason["text"])
    ]


def _detail(request: HttpRequest, onward: OnwardReferral, error: str = "") -> Any:
    """The referral's page; `onward` was read by `reads.partner_referral_for` (logged)."""
    return render(
        request,
        "cases/partner_referral.html",
        {
            "onward": onward,
            # Only the parts the victim agreed to share reach the template at all.
            "person": onward.case.victim if onward.shares(ShareGroup.CONTACT) else None,
            "referral": onward.case.referral if onward.shares(ShareGroup.CRIME) else None,
            "reason": onward.reason if onward.shares(ShareGroup.NEEDS) else None,
            "entitlement_reasons": _shared_reasons(onward),
            "not_shared": [label for code, label in ShareGroup.choices if not onward.shares(code)],
            "moves": [
                (move.target, OnwardReferralStatus(move.target).label)
                for move in ONWARD_STATES.allowed(onward.status)
                if move.by == "service"
            ],
            "error": error,
            "nav": "partner",
        },
    )


# The banner after a service's response, saying what changed.
PARTNER_DONE = {
    OnwardReferralStatus.ACCEPTED: "Referral accepted",
    OnwardReferralStatus.DECLINED: "Referral declined",
    OnwardReferralStatus.IN_PROGRESS: "Referral marked as in progress",
    OnwardReferralStatus.COMPLETED: "Referral marked as completed",
}


@requires_capability("partner_referrals.view")
def onward_referral_change(request: HttpRequest, onward_id: int) -> HttpResponse:
    """The service accepts, declines, works or completes a referral sent to it."""
    user = staff_user(request)
    onward = reads.partner_referral_scoped(user, onward_id)
    if onward is None:
        raise Http404("No such referral")
    if request.method != "POST":
        return redirect("cases:partner-referral", onward_id=onward.pk)
    form = OnwardUpdateForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            onward_referral_update(
                onward=onward,
                status=form.cleaned_data["status"],
                actor=user,
                reason=form.cleaned_data["reason"],
            )
        except CaseChangeRefused as refusal:
            error = str(refusal)
        else:
            messages.success(
                request, PARTNER_DONE.get(form.cleaned_data["status"], "Referral updated")
            )
            # A declined referral leaves the service's list: back to the list, not a 404.
            if selectors.onward_referral_for_partner(user, onward.pk) is None:
                return redirect("cases:partner-referrals")
            return redirect("cases:partner-referral", onward_id=onward.pk)
    elif "status" in form.errors:
        error = "Choose what has happened to the referral"
    else:
        error = "The reason for declining: " + " ".join(
            str(problem) for problem in form.errors["reason"]
        )
    shown = reads.partner_referral_for(user, onward.pk, route="cases:partner-referral")
    if shown is None:
        raise Http404("No such referral")
    return _detail(request, shown, error=error)
