"""Staff pages for case work: the hub's queue and one case."""

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.audit.services import access_record
from victimcare.cases import selectors
from victimcare.core.access import requires_capability

QUEUE_PAGE_SIZE = 50


def _deadline_label(due: datetime.date, today: datetime.date) -> tuple[str, str]:
    """Words and tag colour for a contact deadline, relative to today."""
    if due < today:
        return "Overdue", "govuk-tag--red"
    if due == today:
        return "Due today", "govuk-tag--orange"
    return "Due", "govuk-tag--grey"


@requires_capability("cases.view_queue")
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    page = Paginator(selectors.case_queue(user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(case, *_deadline_label(case.contact_deadline, today)) for case in page]
    if rows:
        access_record(
            user=user,
            route="cases:queue",
            object_type="cases.case",
            object_ids=[case.pk for case, *_ in rows],
        )
    return render(
        request,
        "cases/queue.html",
        {"page": page, "rows": rows, "team": user.team, "nav": "queue"},
    )


@requires_capability("cases.view")
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    case = selectors.case_for_user(user, case_id)
    if case is None:
        # Another team's or organisation's case answers exactly as a missing one does.
        raise Http404("No such case")
    access_record(user=user, route="cases:detail", object_type="cases.case", object_ids=[case.pk])
    label, tag = _deadline_label(case.contact_deadline, timezone.localdate())
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "referral": case.referral,
            "person": case.person,
            "deadline_label": label,
            "deadline_tag": tag,
            "nav": "queue",
        },
    )
