"""The hub's queue of cases to contact and the officer's tasks."""

import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from victimcare.cases import reads, selectors
from victimcare.cases.views.queue_rows import QUEUE_ROW_FIELDS, queue_rows_html
from victimcare.core.access import requires_capability, staff_user

QUEUE_PAGE_SIZE = 50


def deadline_label(due: datetime.date, today: datetime.date) -> tuple[str, str]:
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
    user = staff_user(request)
    cases = selectors.case_queue(user, queue_list).only(*QUEUE_ROW_FIELDS)
    counts = selectors.case_queue_counts(user)
    paginator = Paginator(cases, QUEUE_PAGE_SIZE)
    paginator.count = counts[queue_list]  # already counted with the tabs: no second COUNT
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(case, *deadline_label(case.contact_deadline, today)) for case in page]
    reads.cases_listed(user, [case for case, *_ in rows], route="cases:queue")
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
            "rows_html": queue_rows_html(rows, user_id=user.pk, queue_list=queue_list),
            "team": user.team,
            "nav": "queue",
            "tabs": tabs,
            "queue_list": queue_list,
            "list_title": QUEUE_LIST_TITLES[queue_list],
            "list_help": QUEUE_LIST_HELP[queue_list],
        },
    )


@requires_capability("cases.work")
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The officer's open tasks across their cases, the most urgent first."""
    user = staff_user(request)
    tasks = list(selectors.open_tasks_for(user))
    reads.tasks_listed(user, tasks, route="cases:tasks")
    return render(
        request,
        "cases/tasks.html",
        {"tasks": tasks, "today": timezone.localdate(), "nav": "tasks"},
    )
