"""Staff pages for case work: the hub's queue and one case."""

import contextlib
import datetime
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.assessments.selectors import case_assessments
from victimcare.audit.services import access_record
from victimcare.cases import lifecycle, selectors, services
from victimcare.cases.forms import (
    CloseCaseForm,
    ContactAttemptForm,
    FollowUpForm,
    NoteForm,
    OnwardReferralForm,
    OpenOtherCaseForm,
    ReallocateForm,
    SafeContactForm,
    SafeguardingForm,
    StatusChangeForm,
    SupportGoalForm,
    TaskDoneForm,
)
from victimcare.cases.models import Case, CaseStatus, OnwardReferralStatus, TaskKind
from victimcare.cases.safe_contact import SafeContact, safe_contact_warnings
from victimcare.cases.services import (
    CaseChangeRefused,
    SharingRefused,
    StaleCase,
    onward_referral_send,
)
from victimcare.core.access import requires_capability

QUEUE_PAGE_SIZE = 50


def _deadline_label(due: datetime.date, today: datetime.date) -> tuple[str, str]:
    """Words and tag colour for a contact deadline, relative to today."""
    if due < today:
        return "Overdue", "govuk-tag--red"
    if due == today:
        return "Due today", "govuk-tag--orange"
    return "Due", "govuk-tag--grey"


QUEUE_LIST_TITLES = {
    "contact": "Contact",
    "consent": "Ask for consent",
    "recorded": "Recorded only",
}
QUEUE_LIST_HELP = {
    "contact": "Victims to contact, the most urgent Victims' Code deadline first.",
    "consent": "Opt-in referrals (sexual offences, domestic abuse, bereaved families): ask the "
    "victim for explicit consent before their details pass to a support service.",
    "recorded": "Not referred automatically (businesses, minor vehicle crime and criminal damage) "
    "or the victim declined. Contact only if the victim asks or circumstances change.",
}


@requires_capability("cases.view_queue")
def queue(request: HttpRequest, queue_list: str = "contact") -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    cases = selectors.case_queue(user, queue_list)
    counts = selectors.case_queue_counts(user)
    paginator = Paginator(cases, QUEUE_PAGE_SIZE)
    paginator.count = counts[queue_list]  # already counted with the tabs: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(case, *_deadline_label(case.contact_deadline, today)) for case in page]
    if rows:
        access_record(
            user=user,
            route="cases:queue",
            object_type="cases.case",
            object_ids=[case.pk for case, *_ in rows],
            person_ids=[case.person_id for case, *_ in rows],
        )
    tabs = [
        (
            name,
            title,
            counts[name],
            reverse("cases:queue" if name == "contact" else f"cases:queue-{name}"),
        )
        for name, title in QUEUE_LIST_TITLES.items()
    ]
    return render(
        request,
        "cases/queue.html",
        {
            "page": page,
            "rows": rows,
            "team": user.team,
            "nav": "queue",
            "tabs": tabs,
            "queue_list": queue_list,
            "list_title": QUEUE_LIST_TITLES[queue_list],
            "list_help": QUEUE_LIST_HELP[queue_list],
        },
    )


JUSTIFIED_CASES = "vch_justified_cases"


@requires_capability("cases.view")
def open_other_case(request: HttpRequest) -> HttpResponse:
    """Open a case of another team in your organisation, giving a reason that is logged."""
    user = request.user
    assert isinstance(user, User)
    form = OpenOtherCaseForm(request.POST or None)
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
    team; 404 otherwise, exactly as for a case that does not exist."""
    case = selectors.case_for_user(user, case_id)
    if case is not None and user.has_perm("cases.view_case", case):
        return case, ""
    reason = request.session.get(JUSTIFIED_CASES, {}).get(str(case_id), "")
    case = selectors.case_in_organisation(user, case_id=case_id) if reason else None
    if case is None:
        raise Http404("No such case")
    return case, reason


def _case_page(
    request: HttpRequest,
    user: User,
    case: Case,
    justification: str,
    *,
    status_form: StatusChangeForm | None = None,
    contact_form: ContactAttemptForm | None = None,
    safe_contact_form: SafeContactForm | None = None,
    note_form: NoteForm | None = None,
    safeguarding_form: SafeguardingForm | None = None,
    reallocate_form: ReallocateForm | None = None,
    task_error: TaskDoneForm | None = None,
    follow_up_form: FollowUpForm | None = None,
    goal_form: SupportGoalForm | None = None,
    stale: str = "",
) -> HttpResponse:
    """The case page, with its forms (bound and showing errors when a change was refused)."""
    version = {"version": case.version}
    moves = lifecycle.allowed_moves(case.status)
    rules = SafeContact(
        agreed_channel=case.agreed_channel,
        no_voicemail=case.no_voicemail,
        no_sms=case.no_sms,
        safe_to_contact=case.person.safe_to_contact,
    )
    forms = {
        "status_form": status_form
        or StatusChangeForm(initial=version, moves=moves, prefix="status"),
        "contact_form": contact_form or ContactAttemptForm(initial=version, prefix="contact"),
        "safe_contact_form": safe_contact_form
        or SafeContactForm(
            prefix="safe",
            initial={
                **version,
                "agreed_channel": case.agreed_channel,
                "no_voicemail": case.no_voicemail,
                "no_sms": case.no_sms,
                "safe_times": case.safe_times,
            },
        ),
        "note_form": note_form or NoteForm(prefix="note"),
        "follow_up_form": follow_up_form or FollowUpForm(prefix="follow"),
        "goal_form": goal_form or SupportGoalForm(prefix="goal"),
        "reallocate_form": reallocate_form
        or ReallocateForm(prefix="reallocate", initial=version, team_id=case.team_id),
        "safeguarding_form": safeguarding_form
        or SafeguardingForm(
            prefix="safeguarding",
            initial={
                **version,
                "children_in_household": _yes_no(case.children_in_household),
                "adult_at_risk": _yes_no(case.adult_at_risk),
            },
        ),
    }
    errors = [f for f in forms.values() if f.is_bound and f.errors]
    if task_error is not None:
        errors.append(task_error)
    label, tag = _deadline_label(case.contact_deadline, timezone.localdate())
    # Read once, shown in their own sections and in the timeline.
    related: dict[str, Any] = {
        "onward": list(case.onward_referrals.select_related("service__provider", "sent_by")),
        "tasks": list(case.tasks.select_related("assigned_to", "done_by")),
        "goals": list(case.goals.select_related("set_by")),
        "needs": list(case.needs_assessments.select_related("taken_by")
                      .prefetch_related("answers")),
        "risks": list(case.risk_assessments.select_related("taken_by")),
        "protections": list(case.protection_assessments.select_related("taken_by")),
    }  # fmt: skip
    access_record(
        user=user,
        route="cases:detail",
        object_type="cases.case",
        object_ids=[case.pk],
        person_ids=[case.person_id],
        justification=justification,
    )
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "referral": case.referral,
            "person": case.person,
            "deadline_label": label,
            "deadline_tag": tag,
            "justification": justification,
            "onward_referrals": related["onward"],
            "moves": moves,
            "safe_contact_warnings": safe_contact_warnings(
                rules, case.safe_times, case.person.contact_notes
            ),
            "timeline": selectors.case_timeline(case, **related),
            "assessments": case_assessments(
                case,
                needs=related["needs"],
                risks=related["risks"],
                protections=related["protections"],
            ),
            "tasks": related["tasks"],
            "earlier_cases": selectors.earlier_cases(user, case),
            "goals": related["goals"],
            "task_form": TaskDoneForm(prefix="task"),
            "error_forms": errors,
            "stale": stale,
            "can_work": user.has_capability("cases.work"),
            "can_allocate": user.has_capability("cases.allocate"),
            "nav": "queue",
            **forms,
        },
    )


def _case_change(
    request: HttpRequest, case_id: int, form_name: str, form: Any, apply: Callable[..., Any]
) -> HttpResponse:
    """Apply one change to a case from a posted form; show the case page again on refusal.

    The case is looked up first, so a case the user may not see answers 404 whatever the
    method; a GET (a typed or bookmarked address) goes back to the case page."""
    user = request.user
    assert isinstance(user, User)
    case, justification = case_with_reason(request, user, case_id)
    if request.method != "POST":
        return redirect("cases:detail", case_id=case.pk)
    if form.is_valid():
        try:
            apply(case=case, user=user, data=form.cleaned_data)
        except StaleCase as stale:
            fresh = Case.objects.select_related("referral", "person", "team", "officer").get(
                pk=case.pk
            )
            return _case_page(request, user, fresh, justification, stale=str(stale))
        except CaseChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect(reverse("cases:detail", args=[case.pk]) + f"#{form_name}")
    return _case_page(request, user, case, justification, **{f"{form_name}_form": form})


@requires_capability("cases.work")
def case_status_change(request: HttpRequest, case_id: int) -> HttpResponse:
    # Any status is accepted here: the service checks the version first (so a stale page is
    # told what changed) and then whether the lifecycle allows the move.
    every_status = tuple(lifecycle.Move(s.value, s.label) for s in CaseStatus)
    form = StatusChangeForm(request.POST, moves=every_status, prefix="status")
    return _case_change(
        request,
        case_id,
        "status",
        form,
        lambda case, user, data: services.case_transition(
            case=case,
            target=data["target"],
            reason=data["reason"],
            actor=user,
            expected_version=data["version"],
        ),
    )


@requires_capability("cases.work")
def case_contact_record(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_change(
        request,
        case_id,
        "contact",
        ContactAttemptForm(request.POST, prefix="contact"),
        lambda case, user, data: services.contact_attempt_record(
            case=case,
            channel=data["channel"],
            outcome=data["outcome"],
            notes=data["notes"],
            actor=user,
            expected_version=data["version"],
        ),
    )


@requires_capability("cases.work")
def case_safe_contact(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_change(
        request,
        case_id,
        "safe_contact",
        SafeContactForm(request.POST, prefix="safe"),
        lambda case, user, data: services.case_safe_contact_update(
            case=case,
            agreed_channel=data["agreed_channel"],
            no_voicemail=data["no_voicemail"],
            no_sms=data["no_sms"],
            safe_times=data["safe_times"],
            actor=user,
            expected_version=data["version"],
        ),
    )


@requires_capability("cases.work")
def case_note_new(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_change(
        request,
        case_id,
        "note",
        NoteForm(request.POST, prefix="note"),
        lambda case, user, data: services.case_note_add(
            case=case,
            text=data["text"],
            actor=user,
            shared_with_victim=data.get("shared_with_victim", False),
        ),
    )


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _from_yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


@requires_capability("cases.allocate")
def case_reallocate(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    case, _ = case_with_reason(request, user, case_id)
    return _case_change(
        request,
        case_id,
        "reallocate",
        ReallocateForm(request.POST, prefix="reallocate", team_id=case.team_id),
        lambda case, user, data: services.case_reallocate(
            case=case,
            officer=data["officer"],
            handover=data["handover"],
            actor=user,
            expected_version=data["version"],
        ),
    )


@requires_capability("cases.allocate")
def caseload(request: HttpRequest) -> HttpResponse:
    """A team leader's view of the hub's officers and their open work."""
    user = request.user
    assert isinstance(user, User)
    rows = selectors.team_caseload(user)
    return render(
        request,
        "cases/caseload.html",
        {
            "rows": rows,
            "team": user.team,
            "totals": {
                "open_cases": sum(r.open_cases for r in rows),
                "new_cases": sum(r.new_cases for r in rows),
                "overdue_contact": sum(r.overdue_contact for r in rows),
                "open_tasks": sum(r.open_tasks for r in rows),
            },
            "unallocated": selectors.unallocated_count(user),
            "nav": "caseload",
        },
    )


@requires_capability("cases.work")
def case_safeguarding(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_change(
        request,
        case_id,
        "safeguarding",
        SafeguardingForm(request.POST, prefix="safeguarding"),
        lambda case, user, data: services.case_safeguarding_update(
            case=case,
            children_in_household=_from_yes_no(data["children_in_household"]),
            adult_at_risk=_from_yes_no(data["adult_at_risk"]),
            actor=user,
            expected_version=data["version"],
        ),
    )


@requires_capability("cases.work")
def follow_up_new(request: HttpRequest, case_id: int) -> HttpResponse:
    def add(case: Case, user: User, data: dict[str, Any]) -> None:
        if data["due_on"] < timezone.localdate():
            raise CaseChangeRefused("The date must be today or later")
        with transaction.atomic():
            services.task_open(
                case=case, kind=TaskKind.FOLLOW_UP, title=data["title"], due_on=data["due_on"],
                assignee=user,
            )  # fmt: skip

    return _case_change(
        request, case_id, "follow_up", FollowUpForm(request.POST, prefix="follow"), add
    )


@requires_capability("cases.work")
def message_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """The officer replies to the victim's messages (they read it in Track my case)."""
    from victimcare.feedback.tracking import CodeRefused, message_send

    def send(case: Case, user: User, data: dict[str, Any]) -> None:
        try:
            message_send(case=case, text=data["text"], from_victim=False, author=user)
        except CodeRefused as refusal:
            raise CaseChangeRefused(str(refusal)) from None

    return _case_change(request, case_id, "note", NoteForm(request.POST, prefix="message"), send)


@requires_capability("cases.work")
def goal_new(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_change(
        request,
        case_id,
        "goal",
        SupportGoalForm(request.POST, prefix="goal"),
        lambda case, user, data: services.support_goal_add(
            case=case, category=data["category"], goal=data["goal"], actor=user
        ),
    )


@requires_capability("cases.work")
def goal_update(request: HttpRequest, case_id: int, goal_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    case, _ = case_with_reason(request, user, case_id)
    goal = case.goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404("No such goal")
    if request.method == "POST":
        with contextlib.suppress(CaseChangeRefused):
            services.support_goal_update(goal=goal, status=request.POST.get("status", ""),
                                         actor=user)  # fmt: skip
    return redirect(reverse("cases:detail", args=[case.pk]) + "#plan")


@requires_capability("cases.work")
def task_done(request: HttpRequest, case_id: int, task_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    case, justification = case_with_reason(request, user, case_id)
    task = case.tasks.filter(pk=task_id).first()
    if task is None:
        raise Http404("No such task")
    if request.method != "POST":
        return redirect("cases:detail", case_id=case.pk)
    form = TaskDoneForm(request.POST, prefix="task")
    if form.is_valid():
        try:
            services.task_complete(task=task, outcome=form.cleaned_data["outcome"], actor=user)
        except CaseChangeRefused as refusal:
            form.add_error("outcome", str(refusal))
        else:
            return redirect(reverse("cases:detail", args=[case.pk]) + "#tasks")
    return _case_page(request, user, case, justification, task_error=form)


@requires_capability("cases.refer_onward")
def onward_withdraw(request: HttpRequest, case_id: int, onward_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    case, _ = case_with_reason(request, user, case_id)
    onward = case.onward_referrals.filter(pk=onward_id).first()
    if onward is None:
        raise Http404("No such referral")
    if request.method == "POST":
        # A referral already finished cannot be withdrawn; the case page shows its state.
        with contextlib.suppress(CaseChangeRefused):
            services.onward_referral_update(
                onward=onward, status=OnwardReferralStatus.WITHDRAWN, actor=user
            )
    return redirect(reverse("cases:detail", args=[case.pk]) + "#referrals")


@requires_capability("cases.work")
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    """Close the case: outcomes in the five MoJ areas, the reason, distance travelled."""
    user = request.user
    assert isinstance(user, User)
    case, justification = case_with_reason(request, user, case_id)
    form = CloseCaseForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                case=case, outcomes=form.outcomes(), reason=form.cleaned_data["reason"],
                actor=user, expected_version=form.cleaned_data["version"],
            )  # fmt: skip
        except CaseChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("cases:detail", case_id=case.pk)
    access_record(
        user=user, route="cases:close", object_type="cases.case", object_ids=[case.pk],
        person_ids=[case.person_id], justification=justification,
    )  # fmt: skip
    return render(
        request,
        "cases/close.html",
        {"case": case, "form": form, "assessments": case_assessments(case), "nav": "queue"},
    )


@requires_capability("cases.work")
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The officer's open tasks across their cases, the most urgent first."""
    user = request.user
    assert isinstance(user, User)
    tasks = list(selectors.open_tasks_for(user))
    if tasks:
        access_record(
            user=user, route="cases:tasks", object_type="cases.case",
            object_ids=sorted({t.case_id for t in tasks}),
            person_ids=[t.case.person_id for t in tasks],
        )  # fmt: skip
    return render(
        request,
        "cases/tasks.html",
        {"tasks": tasks, "today": timezone.localdate(), "nav": "tasks"},
    )


@requires_capability("cases.view")
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    case, justification = case_with_reason(request, user, case_id)
    return _case_page(request, user, case, justification)


@requires_capability("cases.refer_onward")
def onward_referral_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """Refer the victim to a specialist service, with consent and a sharing agreement."""
    user = request.user
    assert isinstance(user, User)
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
        except SharingRefused as refusal:
            form.add_error("service", str(refusal))
        else:
            return redirect("cases:detail", case_id=case.pk)
    access_record(
        user=user,
        route="cases:onward-referral-new",
        object_type="cases.case",
        object_ids=[case.pk],
        person_ids=[case.person_id],
        justification=justification,
    )
    return render(
        request,
        "cases/onward_referral_form.html",
        {
            "case": case,
            "person": case.person,
            "form": form,
            "suggested": selectors.suggested_services(case)[:5],
            "nav": "queue",
        },
    )
