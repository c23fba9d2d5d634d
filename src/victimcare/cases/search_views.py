"""Staff page: find a victim or a case from one search box."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from victimcare.audit.services import access_record
from victimcare.cases.search import case_search
from victimcare.cases.search_terms import MAX_QUERY_LENGTH
from victimcare.core.access import requires_capability, staff_user


@requires_capability("cases.view")
def search(request: HttpRequest) -> HttpResponse:
    """Results for the query in `q`. Every search that finds anything records the cases and
    people it listed in the access log (never the words typed: they are personal data)."""
    user = staff_user(request)
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    results = case_search(user, query)
    if not results.terms.is_empty:
        access_record(
            user=user,
            route="cases:search",
            object_type="cases.case",
            object_ids=results.case_ids,
            person_ids=results.person_ids,
        )
    return render(
        request,
        "cases/search.html",
        {
            "query": results.terms.text,
            "results": results,
            "searched": bool(query.strip()),
            "nav": "search",
        },
    )
