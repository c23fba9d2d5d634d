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
    MessageForm,
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
            # GOV.UK pagination for many pages: first, last, and the current page's
            # neighbours, with ellipses between.
            "page_numbers": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "ellipsis": paginator.ELLIPSIS,
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
    # A link may name the case (the review of a possible repeat victim does).
    initial = {"reference": request.GET.get("reference", "")[:16]}
    form = OpenOtherCaseForm(request.POST or None, initial=initial)
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


# The case record is one overview and two sections (MOJ "sub navigation" case pattern,
# ADR 29); each change with its own fields has its own page (GOV.UK "one thing per page").
CASE_SECTIONS = (
    ("overview", "Overview", "cases:detail"),
    ("support", "Assessments and support", "cases:support"),
    ("timeline", "Timeline", "cases:timeline"),
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
SECTION_ANCHOR = {"follow_up": "tasks", "task": "tasks", "safeguarding": "safeguarding",
                  "goal": "plan", "note": "note", "message": "message"}  # fmt: skip


def _blank_form(name: str, case: Case) -> Any:
    """The form as a fresh page shows it, with the case version it was read at."""
    version = {"version": case.version}
    if name == "status":
        return StatusChangeForm(initial=version, moves=lifecycle.allowed_moves(case.status),
                                prefix="status")  # fmt: skip
    if name == "contact":
        return ContactAttemptForm(initial=version, prefix="contact")
    if name == "safe_contact":
        return SafeContactForm(prefix="safe", initial={
            **version, "agreed_channel": case.agreed_channel, "no_voicemail": case.no_voicemail,
            "no_sms": case.no_sms, "safe_times": case.safe_times,
        })  # fmt: skip
    if name == "reallocate":
        return ReallocateForm(prefix="reallocate", initial=version, team_id=case.team_id)
    if name == "follow_up":
        return FollowUpForm(prefix="follow")
    if name == "task":
        return TaskDoneForm(prefix="task")
    if name == "safeguarding":
        return SafeguardingForm(prefix="safeguarding", initial={
            **version, "children_in_household": _yes_no(case.children_in_household),
            "adult_at_risk": _yes_no(case.adult_at_risk),
        })  # fmt: skip
    if name == "goal":
        return SupportGoalForm(prefix="goal")
    if name == "message":
        return MessageForm(prefix="message")
    return NoteForm(prefix="note")


def _case_page(
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
    forms = {name: bound.get(name) or _blank_form(name, case)
             for name, where in FORM_PAGE.items() if where == page}  # fmt: skip
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
        "can_allocate": user.has_capability("cases.allocate"),
        "nav": "queue",
        **{f"{name}_form": form for name, form in forms.items()},
    }
    if page == "overview":
        label, tag = _deadline_label(case.contact_deadline, timezone.localdate())
        context.update(
            deadline_label=label,
            deadline_tag=tag,
            moves=lifecycle.allowed_moves(case.status),
            tasks=list(case.tasks.select_related("assigned_to", "done_by")),
            earlier_cases=(
                earlier if earlier is not None else list(selectors.earlier_cases(user, case))
            ),
        )
    elif page == "support":
        needs = list(case.needs_assessments.select_related("taken_by").prefetch_related("answers"))
        context.update(
            assessments=case_assessments(
                case,
                needs=needs,
                risks=list(case.risk_assessments.select_related("taken_by")),
                protections=list(case.protection_assessments.select_related("taken_by")),
            ),
            goals=list(case.goals.select_related("set_by")),
            onward_referrals=list(
                case.onward_referrals.select_related("service__provider", "sent_by")
            ),
        )
    elif page == "timeline":
        context["timeline"] = selectors.case_timeline(case)
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
    access_record(
        user=user,
        route=_page_route(page),
        object_type="cases.case",
        object_ids=[case.pk],
        person_ids=[case.person_id],
        justification=justification,
    )
    template = {"overview": "cases/detail.html", "support": "cases/support.html",
                "timeline": "cases/timeline.html"}.get(page, "cases/case_form.html")  # fmt: skip
    return render(request, template, context)


def _page_route(page: str) -> str:
    """The route name the access log records for a page of the case record."""
    if page in FORM_PAGES:
        return FORM_PAGES[page][1]
    return next(url for name, _, url in CASE_SECTIONS if name == page)


def _case_change(
    request: HttpRequest, case_id: int, form_name: str, form: Any, apply: Callable[..., Any]
) -> HttpResponse:
    """Apply one change to a case from a posted form; on refusal show the page the form is
    on again, with the errors (or, when someone changed the case first, what changed).

    The case is looked up first, so a case the user may not see answers 404 whatever the
    method. A GET shows the form's page."""
    user = request.user
    assert isinstance(user, User)
    case, justification = case_with_reason(request, user, case_id)
    page = FORM_PAGE[form_name]
    if request.method != "POST":
        if page in FORM_PAGES:
            return _case_page(request, user, case, justification, page)
        return redirect(_section_url(case, form_name))
    if form.is_valid():
        try:
            apply(case=case, user=user, data=form.cleaned_data)
        except StaleCase as stale:
            fresh = Case.objects.select_related("referral", "person", "team", "officer").get(
                pk=case.pk
            )
            return _case_page(request, user, fresh, justification, page, stale=str(stale))
        except CaseChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect(_section_url(case, form_name))
    return _case_page(request, user, case, justification, page, bound={form_name: form})


def _section_url(case: Case, form_name: str) -> str:
    """Where the officer lands after a change: the section showing its result."""
    page = FORM_PAGE[form_name]
    if page in FORM_PAGES:
        return reverse("cases:detail", args=[case.pk])
    url = reverse(_page_route(page), args=[case.pk])
    return f"{url}#{SECTION_ANCHOR[form_name]}"


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

    return _case_change(
        request, case_id, "message", MessageForm(request.POST, prefix="message"), send
    )


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
    return redirect(reverse("cases:support", args=[case.pk]) + "#plan")


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
    return _case_page(request, user, case, justification, "overview", bound={"task": form})


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
    return redirect(reverse("cases:support", args=[case.pk]) + "#referrals")


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
            # The outcome and distance travelled show in the assessments section.
            return redirect(reverse("cases:support", args=[case.pk]) + "#assessments")
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
    case, earlier = selectors.case_and_earlier_for_user(user, case_id)
    if case is not None and user.has_perm("cases.view_case", case):
        return _case_page(request, user, case, "", "overview", earlier=earlier)
    case, justification = case_with_reason(request, user, case_id)
    return _case_page(request, user, case, justification, "overview")


@requires_capability("cases.view")
def case_section(request: HttpRequest, case_id: int, page: str) -> HttpResponse:
    """A section of the case record: "support" (assessments, safeguarding, the support plan,
    referrals to services) or "timeline" (everything in order, notes and messages)."""
    user = request.user
    assert isinstance(user, User)
    case, justification = case_with_reason(request, user, case_id)
    return _case_page(request, user, case, justification, page)


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
            return redirect(reverse("cases:support", args=[case.pk]) + "#referrals")
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
            "person": case.victim,
            "form": form,
            "suggested": selectors.suggested_services(case)[:5],
            "nav": "queue",
        },
    )
