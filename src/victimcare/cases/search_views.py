"""Staff page: find a victim or a case from one search box."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from victimcare.cases.reads import search_for
from victimcare.cases.search_terms import MAX_QUERY_LENGTH
from victimcare.cases.views.search_rows import search_results_html
from victimcare.core.access import requires_capability, staff_user


@requires_capability("cases.view")
def search(request: HttpRequest) -> HttpResponse:
    """Results for the query in `q`. Every search that finds anything records the cases and
    people it listed in the access log (never the words typed: they are personal data)."""
    user = staff_user(request)
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    results = search_for(user, query, route="cases:search")
    return render(
        request,
        "cases/search.html",
        {
            "query": results.terms.text,
            "results": results,
            "results_html": search_results_html(results.people),
            "searched": bool(query.strip()),
            "nav": "search",
        },
    )
