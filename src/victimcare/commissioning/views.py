"""Commissioners' pages: funding and lots, the cycle, consultations, returns and insight.

Commissioners see aggregates only: no page here names a victim, and counts under 5 are
shown as "fewer than 5" (`justice.selectors.suppress`)."""

import csv
import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from victimcare.accounts.models import User
from victimcare.commissioning import selectors, services
from victimcare.commissioning.forms import FundingSourceForm, LotForm, ResponseThemesForm
from victimcare.commissioning.models import Consultation, Exercise
from victimcare.core.access import requires_capability


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@requires_capability("commissioning.manage")
def funding(request: HttpRequest) -> HttpResponse:
    years = selectors.funding_years()
    try:
        year = int(request.GET.get("year") or years[-1])
    except ValueError:
        year = years[-1]
    source_form = FundingSourceForm(prefix="source", initial={"year": year})
    lot_form = LotForm(prefix="lot")
    if request.method == "POST":
        user = _user(request)
        if "source-name" in request.POST:
            source_form = FundingSourceForm(request.POST, prefix="source")
            if source_form.is_valid():
                source = services.funding_source_add(actor=user, values=source_form.cleaned_data)
                return redirect(f"{reverse('commissioning:funding')}?year={source.year}")
        else:
            lot_form = LotForm(request.POST, prefix="lot")
            if lot_form.is_valid():
                services.lot_add(actor=user, values=lot_form.cleaned_data)
                return redirect(f"{reverse('commissioning:funding')}?year={year}#lots")
    return render(
        request,
        "commissioning/funding.html",
        {
            "envelope": selectors.funding_envelope(year),
            "years": years,
            "source_form": source_form,
            "lot_form": lot_form,
            "error_forms": [f for f in (source_form, lot_form) if f.is_bound and f.errors],
            "nav": "commissioning",
        },
    )


@requires_capability("commissioning.manage")
def cycle(request: HttpRequest) -> HttpResponse:
    exercises = Exercise.objects.prefetch_related("stages", "lots").order_by("name")
    return render(request, "commissioning/cycle.html",
                  {"exercises": exercises, "nav": "commissioning"})  # fmt: skip


@requires_capability("commissioning.manage")
def consultations(request: HttpRequest) -> HttpResponse:
    items = Consultation.objects.prefetch_related("responses").order_by("-opens_on")
    return render(request, "commissioning/consultations.html",
                  {"consultations": items, "nav": "commissioning"})  # fmt: skip


def _consultation(public_id: Any) -> Consultation:
    consultation = Consultation.objects.filter(public_id=public_id).first()
    if consultation is None:
        raise Http404("No such consultation")
    return consultation


@requires_capability("commissioning.manage")
def consultation_responses(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation = _consultation(consultation_id)
    questions = list(consultation.questions.all())
    responses = list(consultation.responses.all())
    if request.method == "POST":
        response = next((r for r in responses if str(r.pk) == request.POST.get("response")), None)
        if response is None:
            raise Http404("No such response")
        form = ResponseThemesForm(request.POST, instance=response, consultation=consultation)
        if form.is_valid():
            services.response_themes_set(
                response=response, themes=form.cleaned_data["themes"], actor=_user(request)
            )
        here = reverse("commissioning:consultation-responses", args=[consultation.public_id])
        return redirect(f"{here}#response-{response.pk}")
    rows = [
        (r, [r.answers.get(str(q.pk), "") for q in questions],
         ResponseThemesForm(instance=r, consultation=consultation, prefix=f"r{r.pk}"))
        for r in responses
    ]  # fmt: skip
    return render(request, "commissioning/consultation_responses.html", {
        "consultation": consultation, "questions": questions, "rows": rows,
        "nav": "commissioning",
    })  # fmt: skip


@requires_capability("commissioning.manage")
def consultation_export(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation = _consultation(consultation_id)
    questions = list(consultation.questions.all())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["response", "submitted_at", "themes", *[q.text for q in questions]])
    for response in consultation.responses.all():
        writer.writerow([
            response.pk, response.submitted_at.isoformat(timespec="minutes"),
            "; ".join(response.themes), *[response.answers.get(str(q.pk), "") for q in questions],
        ])  # fmt: skip
    reply = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}.csv"'
    return reply
