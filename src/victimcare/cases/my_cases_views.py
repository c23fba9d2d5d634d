"""Staff page: the officer's own caseload, the most urgent first."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from victimcare.audit.services import access_record
from victimcare.cases import selectors
from victimcare.core.access import requires_capability, staff_user

MY_CASES_SHOWN = 200


@requires_capability("cases.work")
def my_cases(request: HttpRequest) -> HttpResponse:
    """The open cases the signed-in officer is the named officer for, with each one's
    contact deadline, and their tasks due by today."""
    user = staff_user(request)
    cases = list(selectors.my_open_cases(user)[:MY_CASES_SHOWN])
    today = timezone.localdate()
    tasks_due = list(selectors.open_tasks_for(user).filter(due_on__lte=today)[:50])
    if cases or tasks_due:
        access_record(
            user=user,
            route="cases:mine",
            object_type="cases.case",
            object_ids=sorted({c.pk for c in cases} | {t.case_id for t in tasks_due}),
            person_ids={c.person_id for c in cases} | {t.case.person_id for t in tasks_due},
        )
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
