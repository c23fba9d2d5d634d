"""Changes to a case from its record: one table of form and service drives every change
page; a refused or stale change shows the page the form is on again (ADR 18)."""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from victimcare.accounts.models import User
from victimcare.assessments.selectors import case_assessments
from victimcare.cases import closing, lifecycle, reads
from victimcare.cases.forms import (
    CloseCaseForm,
    ContactAttemptForm,
    FollowUpForm,
    MessageForm,
    NoteForm,
    ReallocateForm,
    SafeContactForm,
    SafeguardingForm,
    StatusChangeForm,
    SupportGoalForm,
    TaskDoneForm,
)
from victimcare.cases.models import Case, CaseStatus, ClosureReason, TaskKind
from victimcare.cases.services import plan, record, tasks
from victimcare.cases.services.versions import CaseChangeRefused, StaleCase
from victimcare.cases.views.record import (
    FORM_PAGE,
    FORM_PAGES,
    SECTION_ANCHOR,
    case_page,
    case_with_reason,
    page_route,
    tasks_still_open,
)
from victimcare.core.access import requires_capability, staff_user
from victimcare.feedback.tracking import CodeRefused, message_send
from victimcare.journeys import closure, duties

Apply = Callable[..., Any]


def _case_change(request: HttpRequest, case_id: int, form_name: str) -> HttpResponse:
    """Apply one change to a case from a posted form; on refusal show the page the form is
    on again, with the errors (or, when someone changed the case first, what changed).

    The case is looked up first, so a case the user may not see answers 404 whatever the
    method. A GET shows the form's page."""
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    change = CHANGES[form_name]
    form = change.form(request, case)
    page = FORM_PAGE[form_name]
    if request.method != "POST":
        if page in FORM_PAGES:
            return case_page(request, user, case, justification, page)
        return redirect(_section_url(case, form_name))
    if form.is_valid():
        try:
            said = change.apply(case=case, user=user, data=form.cleaned_data)
        except StaleCase as stale:
            fresh = reads.case_fresh(case)
            return case_page(request, user, fresh, justification, page, stale=str(stale))
        except CaseChangeRefused as refusal:
            refusal.shown_on(form)
        else:
            done = change.done
            # A change may word its own banner from what it did (`Apply` returning text).
            if not isinstance(said, str):
                said = done if isinstance(done, str) else done(form.cleaned_data)
            messages.success(request, said)
            return redirect(_section_url(case, form_name))
    return case_page(request, user, case, justification, page, bound={form_name: form})


def _section_url(case: Case, form_name: str) -> str:
    """Where the officer lands after a change: the section showing its result."""
    page = FORM_PAGE[form_name]
    if page in FORM_PAGES:
        return reverse("cases:detail", args=[case.pk])
    url = reverse(page_route(page), args=[case.pk])
    return f"{url}#{SECTION_ANCHOR[form_name]}"


def _from_yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _follow_up_add(case: Case, user: User, data: dict[str, Any]) -> None:
    tasks.follow_up_add(case=case, title=data["title"], due_on=data["due_on"], actor=user)


def _message_send(case: Case, user: User, data: dict[str, Any]) -> None:
    """The officer replies to the victim's messages (they read it in Track my case)."""
    try:
        message_send(case=case, text=data["text"], from_victim=False, author=user)
    except CodeRefused as refusal:
        raise CaseChangeRefused(str(refusal)) from None


def _status_change(case: Case, user: User, data: dict[str, Any]) -> None:
    """The status page offers the moves allowed now but accepts any status (MoveField): the
    service checks the version first (so a stale page is told what changed) and then
    whether the lifecycle allows the move. Closing has its own page."""
    if data["target"] == CaseStatus.CLOSED and case.version == data["version"]:
        raise CaseChangeRefused(
            "Close the case from its Close the case page: it asks what happened to each "
            "open task and records the outcomes"
        )
    if data["target"] in lifecycle.ENDED and data["target"] != CaseStatus.CLOSED:
        # Ending the case answers each open task, as closing does (none is left open).
        endings = {
            int(name.removeprefix("task_")): (how, data[f"{name}_note"])
            for name, how in data.items()
            if name.startswith("task_") and not name.endswith("_note") and how
        }
        closure.case_end(
            case=case,
            target=data["target"],
            reason=data["reason"],
            actor=user,
            expected_version=data["version"],
            tasks=endings,
        )
        return
    record.case_transition(
        case=case,
        target=data["target"],
        reason=data["reason"],
        actor=user,
        expected_version=data["version"],
    )


def _contact_record(case: Case, user: User, data: dict[str, Any]) -> str:
    """Record the attempt. When it was one failed attempt too many, the safe contact rule
    has ended the case: the banner says so, why, and what is left to do."""
    record.contact_attempt_record(
        case=case,
        channel=data["channel"],
        outcome=data["outcome"],
        notes=data["notes"],
        actor=user,
        expected_version=data["version"],
    )
    if case.status != CaseStatus.UNABLE_TO_CONTACT:
        return "Contact attempt recorded"
    ended = case.transitions.order_by("-pk").first()
    why = ended.reason if ended is not None else ""
    still_open = tasks_still_open(case)
    others = [task for task in still_open if task.kind != TaskKind.LETTER]
    words = f"Contact attempt recorded. The case is now unable to contact: {why}."
    if len(others) < len(still_open):
        words += " Writing to the victim is on the case's tasks."
    if others:
        count = f"{len(others)} other task{'s' if len(others) > 1 else ''}"
        words += (
            f" {count} still open: mark each done when it is, or reopen the case if the "
            "victim gets in touch."
        )
    return words


def _status_changed(data: dict[str, Any]) -> str:
    """The banner after a status change: the new status, and the tasks an ending answered."""
    words = f"Status changed to {CaseStatus(data['target']).label.lower()}"
    tasks = [name for name, how in data.items() if name.startswith("task_") and how]
    answered = len([name for name in tasks if not name.endswith("_note")])
    if data["target"] in lifecycle.ENDED and answered:
        words += f": {answered} open task{'s' if answered > 1 else ''} answered, none left open"
    return words


@dataclass(frozen=True)
class Change:
    """One change to a case: who may make it, its posted form, and the service it calls."""

    capability: str
    form: Callable[[HttpRequest, Case], Any]
    apply: Apply
    done: str | Callable[[dict[str, Any]], str]  # the success banner's words: what changed


# form name (FORM_PAGE) -> the change; each has its own URL and view below.
CHANGES: dict[str, Change] = {
    "status": Change(
        "cases.work",
        lambda request, case: StatusChangeForm(
            request.POST,
            moves=lifecycle.status_page_moves(case.status),
            open_tasks=tasks_still_open(case),
            prefix="status",
        ),
        _status_change,
        done=_status_changed,
    ),
    "contact": Change(
        "cases.work",
        lambda request, case: ContactAttemptForm(request.POST, prefix="contact"),
        _contact_record,
        done="Contact attempt recorded",
    ),
    "safe_contact": Change(
        "cases.work",
        lambda request, case: SafeContactForm(request.POST, prefix="safe"),
        lambda case, user, data: record.case_safe_contact_update(
            case=case,
            agreed_channel=data["agreed_channel"],
            no_voicemail=data["no_voicemail"],
            no_sms=data["no_sms"],
            safe_times=data["safe_times"],
            actor=user,
            expected_version=data["version"],
        ),
        done="Safe contact arrangements saved",
    ),
    "note": Change(
        "cases.work",
        lambda request, case: NoteForm(request.POST, prefix="note"),
        lambda case, user, data: record.case_note_add(
            case=case,
            text=data["text"],
            actor=user,
            shared_with_victim=data.get("shared_with_victim", False),
        ),
        done="Note added",
    ),
    "reallocate": Change(
        "cases.allocate",
        lambda request, case: ReallocateForm(
            request.POST, prefix="reallocate", team_id=case.team_id
        ),
        lambda case, user, data: record.case_reallocate(
            case=case,
            officer=data["officer"],
            handover=data["handover"],
            actor=user,
            expected_version=data["version"],
        ),
        done=lambda data: f"Case given to {data['officer'].display_name}",
    ),
    "safeguarding": Change(
        "cases.work",
        lambda request, case: SafeguardingForm(request.POST, prefix="safeguarding"),
        lambda case, user, data: record.case_safeguarding_update(
            case=case,
            children_in_household=_from_yes_no(data["children_in_household"]),
            adult_at_risk=_from_yes_no(data["adult_at_risk"]),
            actor=user,
            expected_version=data["version"],
        ),
        done="Safeguarding answers saved",
    ),
    "follow_up": Change(
        "cases.work",
        lambda request, case: FollowUpForm(request.POST, prefix="follow"),
        _follow_up_add,
        done="Follow-up task added",
    ),
    "message": Change(
        "cases.work",
        lambda request, case: MessageForm(request.POST, prefix="message"),
        _message_send,
        done="Message sent to the victim",
    ),
    "goal": Change(
        "cases.work",
        lambda request, case: SupportGoalForm(request.POST, prefix="goal"),
        lambda case, user, data: plan.support_goal_add(
            case=case, category=data["category"], goal=data["goal"], actor=user
        ),
        done="Support goal added",
    ),
}


def change_view(form_name: str) -> Callable[..., HttpResponse]:
    """The view of one change in CHANGES, declaring the change's capability."""
    change = CHANGES[form_name]

    @requires_capability(change.capability)
    def view(request: HttpRequest, case_id: int) -> HttpResponse:
        return _case_change(request, case_id, form_name)

    view.__name__ = view.__qualname__ = f"case_change_{form_name}"
    return view


case_status_change = change_view("status")
case_contact_record = change_view("contact")
case_safe_contact = change_view("safe_contact")
case_note_new = change_view("note")
case_reallocate = change_view("reallocate")
case_safeguarding = change_view("safeguarding")
follow_up_new = change_view("follow_up")
message_new = change_view("message")
goal_new = change_view("goal")


@requires_capability("cases.work")
def goal_update(request: HttpRequest, case_id: int, goal_id: int) -> HttpResponse:
    user = staff_user(request)
    case, _ = case_with_reason(request, user, case_id)
    goal = case.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404("No such goal")
    if request.method == "POST":
        with contextlib.suppress(CaseChangeRefused):
            plan.support_goal_update(goal=goal, status=request.POST.get("status", ""), actor=user)
    return redirect(reverse("cases:support", args=[case.pk]) + "#plan")


@requires_capability("cases.work")
def task_done(request: HttpRequest, case_id: int, task_id: int) -> HttpResponse:
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    task = case.tasks.filter(pk=task_id).first()
    if task is None:
        raise Http404("No such task")
    if request.method != "POST":
        return redirect("cases:detail", case_id=case.pk)
    form = TaskDoneForm(request.POST, prefix="task")
    if form.is_valid():
        try:
            duties.task_complete(task=task, outcome=form.cleaned_data["outcome"], actor=user)
        except CaseChangeRefused as refusal:
            form.add_error("outcome", str(refusal))
        else:
            return redirect(reverse("cases:detail", args=[case.pk]) + "#tasks")
    return case_page(request, user, case, justification, "overview", bound={"task": form})


@requires_capability("cases.work")
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    """Close the case in one step: what happened to each open task, outcomes in the five
    MoJ areas, the reason, distance travelled. A case that cannot close yet says what is
    missing; one already ended goes back to its overview."""
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    if case.status in lifecycle.ENDED:
        return redirect("cases:detail", case_id=case.pk)
    open_tasks = list(case.tasks.filter(done_at__isnull=True, ended_at__isnull=True))
    form = CloseCaseForm(
        request.POST or None, initial={"version": case.version}, open_tasks=open_tasks
    )
    allowed = closing.closing_allowed(case.status)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            closure.case_close(
                case=case,
                outcomes=form.outcomes(),
                reason=form.cleaned_data["reason"],
                actor=user,
                expected_version=form.cleaned_data["version"],
                tasks=form.task_endings(),
            )
        except CaseChangeRefused as refusal:
            refusal.shown_on(form)
        else:
            messages.success(request, "Case closed")
            # The overview shows the reason, the outcomes and what became of each task.
            return redirect("cases:detail", case_id=case.pk)
    reads.case_shown(user, case, route="cases:close", justification=justification)
    return render(
        request,
        "cases/close.html",
        {
            "case": case,
            "form": form,
            "assessments": case_assessments(case),
            "nav": "queue",
            "allowed": allowed,
            "missing": closing.closing_missing(case.status),
            "exit_reasons": [ClosureReason(r).label for r in sorted(closing.MEASURED)],
        },
    )
