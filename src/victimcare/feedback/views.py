"""Public: the satisfaction survey by single-use link, and the complaints form.
Staff: the complaints list with response deadlines."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from victimcare.accounts.models import User
from victimcare.accounts.selectors import runs_area_hubs
from victimcare.core.access import public_view, requires_capability, staff_user
from victimcare.core.ratelimits import public_form_rate_limit
from victimcare.feedback import selectors, services, tracking
from victimcare.feedback.forms import (
    CodeForm,
    ComplaintForm,
    MessageForm,
    ResolveForm,
    SurveyForm,
    TrackForm,
)
from victimcare.feedback.selectors import complaint_for, complaint_shown, complaints_list
from victimcare.justice.selectors import shareable_updates

DONE = "vch_complaint_done"


@public_view
@public_form_rate_limit("feedback", rate="20/5m")
def survey(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.survey_invitation(token)
    if invitation is None or invitation.used_at is not None:
        # The same page whether the link never existed or was used: nothing to learn.
        return render(request, "feedback/survey_closed.html", status=404)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_submit(token=token, answers=form.cleaned_data)
        except services.FeedbackRefused:
            return render(request, "feedback/survey_closed.html", status=404)
        return render(request, "feedback/survey_thanks.html")
    return render(request, "feedback/survey.html", {"form": form})


@public_view
@public_form_rate_limit("complaints", rate="10/5m")
def complain(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "no_reply"}
        no_reply = bool(form.cleaned_data.get("no_reply"))
        gave_a_way = bool(values.get("email") or values.get("phone"))
        if no_reply:  # no reply wanted: no way to reach them is kept, and none is used
            values.update(email="", phone="")
        complaint = services.complaint_record(**values)
        request.session[DONE] = {
            "reference": complaint.reference,
            "respond_by": complaint.respond_by.isoformat(),
            # No email and no phone: the page says no reply can be sent, not a reply date.
            "acknowledged": bool(complaint.email or complaint.phone),
            "declined_reply": no_reply and gave_a_way,
        }
        return redirect("feedback:complaint-sent")
    return render(request, "feedback/complain.html", {"form": form})


@public_view
def complaint_sent(request: HttpRequest) -> HttpResponse:
    done = request.session.get(DONE)
    if not done:
        return redirect("feedback:complain")
    # The date in the page's language (Welsh month and day names in Welsh).
    respond_by = date_format(datetime.date.fromisoformat(done["respond_by"]), "l j F Y")
    return render(
        request, "feedback/complaint_sent.html", {"done": {**done, "respond_by": respond_by}}
    )


def _handler(request: HttpRequest) -> User:
    """Complaints belong to the organisation that runs the area's hubs: only its staff."""
    user = staff_user(request)
    if not runs_area_hubs(user.organisation):
        raise Http404("Not found")
    return user


@requires_capability("complaints.handle")
def complaints(request: HttpRequest) -> HttpResponse:
    rows = complaints_list(user=_handler(request), route="feedback:complaints")
    return render(
        request,
        "feedback/complaints.html",
        {"complaints": rows, "today": timezone.localdate(), "nav": "complaints"},
    )


@requires_capability("complaints.handle")
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    user = _handler(request)
    form = ResolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        complaint = complaint_for(user=user, complaint_id=complaint_id)
        if complaint is None:
            raise Http404("No such complaint")
        if form.is_valid():
            try:
                services.complaint_resolve(
                    complaint=complaint, response=form.cleaned_data["response"], actor=user
                )
            except services.FeedbackRefused as refusal:
                form.add_error("response", str(refusal))
            else:
                messages.success(request, "Complaint resolved, with your response recorded")
                return redirect("feedback:complaint", complaint_id=complaint.pk)
    complaint = complaint_shown(user=user, complaint_id=complaint_id, route="feedback:complaint")
    if complaint is None:
        raise Http404("No such complaint")
    return render(
        request,
        "feedback/complaint.html",
        {"complaint": complaint, "form": form, "today": timezone.localdate(), "nav": "complaints"},
    )


TRACK_ATTEMPT = "vch_track_attempt"
TRACKED = "vch_tracked_case"


@public_view
@public_form_rate_limit("track", rate="10/5m")
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        request.session.pop(TRACKED, None)
        request.session[TRACK_ATTEMPT] = tracking.tracking_code_request(
            reference=form.cleaned_data["reference"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        return redirect("feedback:track-code")
    return render(request, "feedback/track.html", {"form": form})


@public_view
@public_form_rate_limit("track-code", rate="20/5m")
def track_code(request: HttpRequest) -> HttpResponse:
    attempt = request.session.get(TRACK_ATTEMPT)
    if not attempt:
        return redirect("feedback:track")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = tracking.tracking_code_check(attempt_id=attempt, code=form.cleaned_data["code"])
        except tracking.CodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            request.session.cycle_key()  # a fresh session once the victim is verified
            request.session[TRACKED] = case.pk
            request.session.pop(TRACK_ATTEMPT, None)
            return redirect("feedback:track-case")
    return render(request, "feedback/track_code.html", {"form": form})


@public_view
@public_form_rate_limit("track-message", rate="20/5m")
def track_case(request: HttpRequest) -> HttpResponse:
    case_id = request.session.get(TRACKED)
    case = selectors.tracked_case(case_id)
    if case is None:
        return redirect("feedback:track")
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        tracking.message_send(case=case, text=form.cleaned_data["text"], from_victim=True)
        return redirect(reverse("feedback:track-case") + "#messages")
    return render(
        request,
        "feedback/track_case.html",
        {
            "case": case,
            "form": form,
            "messages_list": selectors.tracked_messages(case),
            "updates": selectors.tracked_updates(case),
            "court_updates": shareable_updates(case, welsh=get_language() == "cy"),
        },
    )


@public_view
def track_sign_out(request: HttpRequest) -> HttpResponse:
    """End the Track my case session (a POST, from the Sign out button): the case cannot be
    reopened without a new code."""
    if request.method != "POST":
        return redirect("feedback:track-case")
    request.session.flush()
    return redirect("feedback:track-signed-out")


@public_view
def track_signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/track_signed_out.html")
