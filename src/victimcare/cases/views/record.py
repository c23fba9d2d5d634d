"""The case record (ADR 29): an overview and two sections, and the page of each change; a
case of another team opens only with a reason, which is logged."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.assessments.selectors import case_assessments
from victimcare.cases import closing, lifecycle, reads, selectors
from victimcare.cases.forms import (
    ContactAttemptForm,
    FollowUpForm,
    MessageForm,
    NoteForm,
    OpenOtherCaseForm,
    ReallocateForm,
    SafeContactForm,
    SafeguardingForm,
    StatusChangeForm,
    SupportGoalForm,
    TaskDoneForm,
)
from victimcare.cases.models import Case, CaseStatus, CaseTask
from victimcare.cases.safe_contact import SafeContact, safe_contact_warnings
from victimcare.cases.views.queue import deadline_label
from victimcare.core.access import requires_capability, staff_user

JUSTIFIED_CASES = "vch_justified_cases"


@requires_capability("cases.view")
def open_other_case(request: HttpRequest) -> HttpResponse:
    """Open a case of another team in your organisation, giving a reason that is logged."""
    user = staff_user(request)
    # Search results and the review of a possible repeat victim name the case.
    form = OpenOtherCaseForm(
        request.POST or None, initial={"reference": request.GET.get("reference", "")[:16]}
    )
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"]
        case = selectors.case_in_organisation(user, reference=reference)
        if case is None:
            form.add_error("reference", "No case with this reference in your organisation")
        else:
            if not user.has_perm("cases.view_case", case):
                justified = request.session.get(JUSTIFIED_CASES, {})
                justified[str(case.pk)] = form.cleaned_data["justification"]
                request.session[JUSTIFIED_CASES] = justified
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/open_other_case.html", {"form": form, "nav": "queue"})


def case_with_reason(request: HttpRequest, user: User, case_id: int) -> tuple[Case, str]:
    """The case if the user may open it, with the reason they gave when it is outside their
    team (kept in the session by `open_other_case`); 404 otherwise, exactly as for a case
    that does not exist. Unlogged: the page logs the read when it renders (`case_page`)."""
    found = reads.case_with_reason_for(
        user, case_id, reasons=request.session.get(JUSTIFIED_CASES, {})
    )
    if found is None:
        raise Http404("No such case")
    return found


# The case record is one overview and two sections (MOJ "sub navigation" case pattern,
# ADR 29); each change with its own fields has its own page (GOV.UK "one thing per page").
CASE_SECTIONS = (
    ("overview", "Overview", "cases:detail"),
    ("support", "Assessments and support", "cases:support"),
    ("timeline", "Timeline", "cases:timeline"),
    ("outbox", "Messages to the victim", "cases:outbox"),
)
# Which page shows each form: its own page, or the section it sits in.
FORM_PAGE = {
    "status": "status",
    "contact": "contact",
    "safe_contact": "safe_contact",
    "reallocate": "reallocate",
    "follow_up": "overview",
    "task": "overview",
    "safeguarding": "support",
    "goal": "support",
    "note": "timeline",
    "message": "timeline",
}
# Pages of one form: title, the address it posts to and the button.
FORM_PAGES = {
    "status": ("Change the status", "cases:status", "Change status"),
    "contact": ("Record a contact attempt", "cases:contact", "Record contact attempt"),
    "safe_contact": ("Safe-contact rules", "cases:safe-contact", "Save safe-contact rules"),
    "reallocate": ("Give the case to another officer", "cases:reallocate", "Reallocate"),
}
SECTION_ANCHOR = {
    "follow_up": "tasks",
    "task": "tasks",
    "safeguarding": "safeguarding",
    "goal": "plan",
    "note": "note",
    "message": "message",
}


def tasks_still_open(case: Case) -> list[CaseTask]:
    """The case's tasks not yet done nor ended, oldest first."""
    return list(case.tasks.filter(done_at__isnull=True, ended_at__isnull=True).order_by("pk"))


def blank_form(name: str, case: Case) -> Any:
    """The form as a fresh page shows it, with the case version it was read at."""
    version = {"version": case.version}
    if name == "status":
        return StatusChangeForm(
            initial=version,
            prefix="status",
            moves=lifecycle.status_page_moves(case.status),
            open_tasks=tasks_still_open(case),
        )
    if name == "contact":
        return ContactAttemptForm(initial=version, prefix="contact")
    if name == "safe_contact":
        return SafeContactForm(
            prefix="safe",
            initial={
                **version,
                "agreed_channel": case.agreed_channel,
                "no_voicemail": case.no_voicemail,
                "no_sms": case.no_sms,
                "safe_times": case.safe_times,
            },
        )
    if name == "reallocate":
        return ReallocateForm(prefix="reallocate", initial=version, team_id=case.team_id)
    if name == "follow_up":
        return FollowUpForm(prefix="follow")
    if name == "task":
        return TaskDoneForm(prefix="task")
    if name == "safeguarding":
        return SafeguardingForm(
            prefix="safeguarding",
            initial={
                **version,
                "children_in_household": yes_no(case.children_in_household),
                "adult_at_risk": yes_no(case.adult_at_risk),
            },
        )
    if name == "goal":
        return SupportGoalForm(prefix="goal")
    if name == "message":
        return MessageForm(prefix="message")
    return NoteForm(prefix="note")


def case_page(
    request: HttpRequest,
    user: User,
    case: Case,
    justification: str,
    page: str = "overview",
    *,
    bound: dict[str, Any] | None = None,
    stale: str = "",
    earlier: list[Case] | None = None,
) -> HttpResponse:
    """One page of the case record: a section, or the page of one change. `bound` holds a
    posted form that was refused, shown with its errors; `stale` says what changed since
    the officer read the case; `earlier`, the victim's other cases when already read."""
    bound = bound or {}
    rules = SafeContact(
        agreed_channel=case.agreed_channel,
        no_voicemail=case.no_voicemail,
        no_sms=case.no_sms,
        safe_to_contact=case.victim.safe_to_contact,
    )
    forms = {
        name: bound.get(name) or blank_form(name, case)
        for name, where in FORM_PAGE.items()
        if where == page
    }
    context: dict[str, Any] = {
        "case": case,
        "person": case.victim,  # the victim's details as this case's referral gave them
        "referral": case.referral,
        "page": page,
        "sections": [
            (name, title, reverse(url, args=[case.pk])) for name, title, url in CASE_SECTIONS
        ],
        "justification": justification,
        "stale": stale,
        "error_forms": [f for f in bound.values() if f.is_bound and f.errors],
        "safe_contact_warnings": safe_contact_warnings(
            rules, case.safe_times, case.victim.contact_notes
        ),
        "can_work": user.has_capability("cases.work"),
        # The victim's details are changed by the case's team only (ADR 71).
        "can_change_victim": user.has_perm("cases.view_case", case),
        "can_allocate": user.has_capability("cases.allocate"),
        # Nothing reaches the person a case sent in error named (ADR 71).
        "reaches_victim": case.status != CaseStatus.SENT_IN_ERROR,
        "closing_allowed": closing.closing_allowed(case.status),
        "ended": case.status in lifecycle.ENDED,
        "moves": lifecycle.status_page_moves(case.status),
        "nav": "queue",
        **{f"{name}_form": form for name, form in forms.items()},
    }
    # The section's records, read through cases.reads, which logs the read (ADR 58).
    section = reads.case_section(
        user, case, page, route=page_route(page), justification=justification, earlier=earlier
    )
    if page == "overview":
        label, tag = deadline_label(case.contact_deadline, timezone.localdate())
        context.update(
            deadline_label=label,
            deadline_tag=tag,
            closing_missing=closing.closing_missing(case.status),
            **section,
        )
    elif page == "support":
        context.update(
            assessments=case_assessments(
                case,
                needs=section.pop("needs"),
                risks=section.pop("risks"),
                protections=section.pop("protections"),
            ),
            **section,
        )
    elif page in ("timeline", "outbox"):
        context.update(section)
    else:
        title, action, button = FORM_PAGES[page]
        form = forms[page]
        context.update(
            form=form,
            fields=form.visible_fields(),
            form_title=title,
            action=reverse(action, args=[case.pk]),
            button=button,
        )
    template = {
        "overview": "cases/detail.html",
        "support": "cases/support.html",
        "timeline": "cases/timeline.html",
        "outbox": "cases/outbox.html",
    }.get(page, "cases/case_form.html")
    return render(request, template, context)


def page_route(page: str) -> str:
    """The route name the access log records for a page of the case record."""
    if page in FORM_PAGES:
        return FORM_PAGES[page][1]
    return next(url for name, _, url in CASE_SECTIONS if name == page)


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


@requires_capability("cases.view")
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = staff_user(request)
    case, earlier = selectors.case_and_earlier_for_user(user, case_id)
    if case is not None and user.has_perm("cases.view_case", case):
        return case_page(request, user, case, "", "overview", earlier=earlier)
    case, justification = case_with_reason(request, user, case_id)
    return case_page(request, user, case, justification, "overview")


@requires_capability("cases.view")
def case_section(request: HttpRequest, case_id: int, page: str) -> HttpResponse:
    """A section of the case record: "support" (assessments, safeguarding, the support plan,
    referrals to services), "timeline" (everything in order, notes and messages) or
    "outbox" (every message to the victim: what, channel, status, attempts, when)."""
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    return case_page(request, user, case, justification, page)
