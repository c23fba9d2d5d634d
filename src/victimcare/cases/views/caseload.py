"""The team leader's caseload: each officer's open work and overdue Victims' Code duties,
and moving several of an officer's cases to another officer at once, with a handover note."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.cases import reads, selectors
from victimcare.cases.forms import MoveCasesForm
from victimcare.cases.services import record
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.core.access import requires_capability, staff_user

CASES_SHOWN = 200


def _officer_chosen(user: User, value: str | None) -> User | None:
    """The officer of the leader's hub named by `?officer=` (any text: only an id of one of
    the hub's officers counts)."""
    if not value or not value.isdigit() or len(value) > 12:
        return None
    return selectors.team_officers(user, active_only=False).filter(pk=int(value)).first()


@requires_capability("cases.allocate")
def caseload(request: HttpRequest) -> HttpResponse:
    """GET: the hub's officers with their open work; `?officer=<id>` lists one officer's
    open cases to move. POST: move the cases chosen to another officer of the hub."""
    user = staff_user(request)
    source = request.POST.get("from_officer") if request.method == "POST" else None
    chosen = _officer_chosen(user, source or request.GET.get("officer"))
    asked = request.method == "POST" or bool(request.GET.get("officer"))
    form = None
    if chosen is not None:
        form = MoveCasesForm(
            request.POST if request.method == "POST" else None,
            cases=selectors.officer_open_cases(user, chosen),
            officers=selectors.team_officers(user).exclude(pk=chosen.pk),
        )
        if form.is_bound and form.is_valid():
            moved = _move(request, user, form)
            if moved is not None:
                return moved
    return _caseload_page(request, user, chosen, form, unknown_officer=asked and not chosen)


def _move(request: HttpRequest, user: User, form: MoveCasesForm) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        moved = record.cases_reallocate(
            cases=list(data["cases"]),
            officer=data["officer"],
            handover=data["handover"],
            actor=user,
        )
    except CaseChangeRefused as refusal:
        refusal.shown_on(form)
        return None
    count = len(moved)
    messages.success(
        request,
        f"{count} case{'' if count == 1 else 's'} moved to {data['officer'].display_name}, "
        "with your handover note",
    )
    return redirect(f"{reverse('cases:caseload')}?officer={request.POST.get('from_officer')}")


def _caseload_page(
    request: HttpRequest,
    user: User,
    chosen: User | None,
    form: MoveCasesForm | None,
    unknown_officer: bool,
) -> HttpResponse:
    rows = selectors.team_caseload(user)
    cases: list[Any] = []
    if chosen is not None:
        cases = reads.officer_cases_to_move(user, chosen, shown=CASES_SHOWN, route="cases:caseload")
    ticked = {str(v) for v in form["cases"].value() or []} if form and form.is_bound else set()
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
                "overdue_duties": sum(r.overdue_duties for r in rows),
                "open_tasks": sum(r.open_tasks for r in rows),
            },
            "unallocated": selectors.unallocated_count(user),
            "chosen": chosen,
            "cases": cases,
            "shown_all": len(cases) < CASES_SHOWN,
            "ticked": ticked,
            "form": form,
            "unknown_officer": unknown_officer,
            "today": timezone.localdate(),
            "nav": "caseload",
        },
    )
