"""Change the victim's details on their case (ADR 71): for the officers of the case's team
and its team leaders, never from another team's case opened with a reason."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from victimcare.accounts.models import User
from victimcare.cases import reads
from victimcare.cases.models import Case
from victimcare.cases.services.versions import CaseChangeRefused, StaleCase
from victimcare.cases.services.victim import (
    VictimChange,
    other_referrals_of,
    victim_details_change,
)
from victimcare.cases.victim_forms import VictimDetailsForm, shown_token
from victimcare.cases.views.record import case_with_reason
from victimcare.core.access import requires_capability, staff_user
from victimcare.people.models import VictimKind
from victimcare.referrals.corrections import CORRECTABLE

ROUTE = "cases:victim-details"


def _form(case: Case, data: object = None) -> VictimDetailsForm:
    """The form, pre-filled with the details held for the case (its referral's copy), and
    carrying what it shows (`shown`) so that only what the officer changes is written."""
    victim = case.victim
    held = {name: getattr(victim, name) or "" for name in CORRECTABLE}
    held["date_of_birth"] = victim.date_of_birth
    return VictimDetailsForm(
        data,
        initial={**held, "version": case.version, "shown": shown_token(held)},
        business=victim.kind == VictimKind.BUSINESS,
        reported_on=case.referral.reported_at.date(),
    )


def _done(change: VictimChange) -> str:
    """The banner: what changed, and where the change was not made."""
    words = f"Victim's details changed: {', '.join(change.fields)}"
    if change.other_referrals:
        count = change.other_referrals
        words += (
            f". Only this case's details changed: the victim's {count} other "
            f"referral{'s' if count > 1 else ''} keep the details they were sent with"
        )
    if change.outside_area:
        words += (
            ". The new postcode is outside the area this case's team covers: the case stays "
            "with the team, and a team leader can transfer it to the victim's new area"
        )
    return words


@requires_capability("cases.work")
def victim_details(request: HttpRequest, case_id: int) -> HttpResponse:
    user: User = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    if not user.has_perm("cases.view_case", case):
        # Another team's case, opened with a reason: read it, but its team changes it.
        raise Http404("No such case")
    form = _form(case, request.POST if request.method == "POST" else None)
    stale = ""
    if request.method == "POST" and form.is_valid():
        try:
            change = victim_details_change(
                case=case,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleCase as refusal:
            case, stale = reads.case_fresh(case), str(refusal)
            form = _form(case)
        except CaseChangeRefused as refusal:
            refusal.shown_on(form)
        else:
            messages.success(request, _done(change))
            return redirect(reverse("cases:detail", args=[case.pk]) + "#victim")
    reads.case_shown(user, case, route=ROUTE, justification=justification)
    return render(
        request,
        "cases/victim_details.html",
        {
            "case": case,
            "person": case.victim,
            "form": form,
            "stale": stale,
            "error_forms": [form] if form.is_bound and form.errors else [],
            "form_title": "Change the victim's details",
            "other_referrals": other_referrals_of(case),
            "nav": "queue",
        },
    )
