"""Partner referral: staff of partner organisations refer a victim, reported or not."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from victimcare.core.access import requires_capability, staff_user
from victimcare.intake.receive import referral_receive_direct
from victimcare.referrals.feed_values import RowInvalid
from victimcare.referrals.models import Channel
from victimcare.referrals.partner_forms import PartnerReferralForm

SESSION_KEY = "partner_referral_sent"


@requires_capability("referrals.refer")
def partner_referral(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = PartnerReferralForm(request.POST) if request.method == "POST" else PartnerReferralForm()
    if form.is_bound and form.is_valid():
        source = user.organisation.code if user.organisation else "partner"
        try:
            referral = referral_receive_direct(
                values=form.feed_values(source=source),
                given_crime_reference=form.given_crime_reference,
                police_report=form.police_report,
                channel=Channel.PARTNER,
                actor=user,
            )
        except RowInvalid as invalid:
            for error in invalid.errors:
                field = error.column if error.column in form.fields else None
                form.add_error(
                    field, f"{form.fields[field].label if field else error.column}: {error.reason}"
                )
        else:
            request.session[SESSION_KEY] = {
                "reference": referral.case.reference,
                "hub": referral.team.name if referral.team else "",
                "due": referral.contact_due_by.isoformat(),
            }
            return redirect("referrals:partner-referral-sent")
    return render(request, "referrals/partner_referral.html", {"form": form, "nav": "refer"})


@requires_capability("referrals.refer")
def partner_referral_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SESSION_KEY)
    if not sent:
        return redirect("referrals:partner-referral")
    return render(request, "referrals/partner_referral_sent.html", {"sent": sent, "nav": "refer"})
