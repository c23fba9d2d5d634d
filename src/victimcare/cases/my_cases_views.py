"""Staff page: the officer's own caseload, the most urgent first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from victimcare.cases.reads import caseload_for
from victimcare.core.access import requires_capability, staff_user

MY_CASES_SHOWN = 200


@requires_capability("cases.work")
def my_cases(request: HttpRequest) -> HttpResponse:
    """The open cases the signed-in officer is the named officer for, with each one's
    contact deadline, and their tasks due by today."""
    user = staff_user(request)
    today = timezone.localdate()
    cases, tasks_due = caseload_for(user, today=today, shown=MY_CASES_SHOWN, route="cases:mine")
    return render(
        request,
        "cases/my_cases.html",
        {
            "cases": cases,
            "tasks_due": tasks_due,
            "today": today,
            "nav": "mine",
            "shown_all": len(cases) < MY_CASES_SHOWN,
        },
    )
