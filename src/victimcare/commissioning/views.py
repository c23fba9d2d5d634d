"""Commissioners' pages: funding and lots, the cycle, consultations, returns and insight.

Commissioners see aggregates only: no page here names a victim, and counts under 5 are
shown as "fewer than 5" (`justice.selectors.suppress`)."""

import io
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from victimcare.accounts.models import Organisation
from victimcare.commissioning import returns, selectors, services
from victimcare.commissioning.forms import (
    ConsultationForm,
    FundingSourceForm,
    KpiForm,
    LotForm,
    StageDatesForm,
)
from victimcare.commissioning.models import Consultation, Exercise, ExerciseStage, Lot, Stage
from victimcare.config.replica import reads_from_replica
from victimcare.core.access import requires_capability, staff_user
from victimcare.core.spreadsheets import csv_writer
from victimcare.core.suppression import suppress
from victimcare.insights.selectors import (
    PERFORMANCE_ROWS,
    kpi_actual,
    kpi_met,
    last_refresh,
    lot_performance,
)
from victimcare.justice.views import return_choices


def _owner(request: HttpRequest) -> Organisation:
    """The commissioner's office: every record here belongs to one, and is seen by it only."""
    organisation = staff_user(request).organisation
    if organisation is None:
        raise Http404("No commissioning records")
    return organisation


@requires_capability("commissioning.manage")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "commissioning/home.html", {"nav": "commissioning"})


@requires_capability("commissioning.manage")
def funding(request: HttpRequest) -> HttpResponse:
    owner = _owner(request)
    years = selectors.funding_years(owner)
    try:
        year = int(request.GET.get("year") or years[-1])
    except ValueError:
        year = years[-1]
    source_form = FundingSourceForm(prefix="source", initial={"year": year})
    lot_form = LotForm(prefix="lot")
    if request.method == "POST":
        user = staff_user(request)
        if "source-name" in request.POST:
            source_form = FundingSourceForm(request.POST, prefix="source")
            if source_form.is_valid():
                source = services.funding_source_add(actor=user, values=source_form.cleaned_data)
                messages.success(request, f"Funding source added: {source.name}")
                return redirect(f"{reverse('commissioning:funding')}?year={source.year}")
        else:
            lot_form = LotForm(request.POST, prefix="lot")
            if lot_form.is_valid():
                lot = services.lot_add(actor=user, values=lot_form.cleaned_data)
                messages.success(request, f"Contract or grant added: {lot.name}")
                return redirect(f"{reverse('commissioning:funding')}?year={year}#lots")
    return render(
        request,
        "commissioning/funding.html",
        {
            "envelope": selectors.funding_envelope(owner, year),
            "years": years,
            "source_form": source_form,
            "lot_form": lot_form,
            "error_forms": [f for f in (source_form, lot_form) if f.is_bound and f.errors],
            "nav": "commissioning",
        },
    )


STAGE_ORDER = {stage.value: n for n, stage in enumerate(Stage)}


@requires_capability("commissioning.manage")
def cycle(request: HttpRequest) -> HttpResponse:
    """Recommissioning exercises, each through the ten stages with planned and actual dates."""
    error = ""
    if request.method == "POST":
        user = staff_user(request)
        try:
            exercise = services.exercise_start(actor=user, name=request.POST.get("name", ""))
            done = f"Recommissioning exercise started: {exercise.name}"
        except services.CommissioningRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, done)
            return redirect("commissioning:cycle")
    exercises = [
        (exercise, sorted(exercise.stages.all(), key=lambda row: STAGE_ORDER[row.stage]))
        for exercise in Exercise.objects.filter(owner=_owner(request))
        .prefetch_related("stages", "lots")
        .order_by("name")
    ]
    return render(
        request,
        "commissioning/cycle.html",
        {"exercises": exercises, "error": error, "nav": "commissioning"},
    )


@requires_capability("commissioning.manage")
def stage_dates(request: HttpRequest, stage_id: int) -> HttpResponse:
    """A stage's planned and actual dates, each in the GOV.UK date input."""
    row = (
        ExerciseStage.objects.filter(pk=stage_id, exercise__owner=_owner(request))
        .select_related("exercise")
        .first()
    )
    if row is None:
        raise Http404("No such stage")
    form = StageDatesForm(
        request.POST if request.method == "POST" else None,
        initial={"planned_on": row.planned_on, "actual_on": row.actual_on},
    )
    if request.method == "POST" and form.is_valid():
        services.exercise_stage_dates(
            actor=staff_user(request),
            stage_id=row.pk,
            planned_on=form.cleaned_data["planned_on"],
            actual_on=form.cleaned_data["actual_on"],
        )
        messages.success(
            request, f"The dates of {row.get_stage_display()} in {row.exercise.name} are saved"
        )
        return redirect("commissioning:cycle")
    return render(
        request,
        "commissioning/stage_dates.html",
        {"row": row, "form": form, "nav": "commissioning"},
    )


@requires_capability("commissioning.manage")
def consultations(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        published = services.consultation_publish(
            actor=staff_user(request), values=form.cleaned_data
        )
        messages.success(request, f"Consultation saved: {published.title}")
        return redirect("commissioning:consultations")
    items = (
        Consultation.objects.filter(owner=_owner(request))
        .prefetch_related("responses")
        .order_by("-opens_on")
    )
    return render(
        request,
        "commissioning/consultations.html",
        {"consultations": items, "form": form, "nav": "commissioning"},
    )


def _consultation(request: HttpRequest, public_id: Any) -> Consultation:
    consultation = Consultation.objects.filter(public_id=public_id, owner=_owner(request)).first()
    if consultation is None:
        raise Http404("No such consultation")
    return consultation


@requires_capability("commissioning.manage")
def consultation_responses(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    questions = list(consultation.questions.all())
    responses = list(consultation.responses.all())
    if request.method == "POST":
        response = next((r for r in responses if str(r.pk) == request.POST.get("response")), None)
        if response is None:
            raise Http404("No such response")
        services.response_themes_set(
            response=response, themes=request.POST.getlist("themes"), actor=staff_user(request)
        )
        messages.success(request, f"Themes saved for response {response.pk}")
        here = reverse("commissioning:consultation-responses", args=[consultation.public_id])
        return redirect(f"{here}#response-{response.pk}")
    rows = [(r, [(q, r.answers.get(str(q.pk), "")) for q in questions]) for r in responses]
    return render(
        request,
        "commissioning/consultation_responses.html",
        {
            "consultation": consultation,
            "rows": rows,
            "nav": "commissioning",
        },
    )


@requires_capability("commissioning.manage")
def consultation_export(request: HttpRequest, consultation_id: Any) -> HttpResponse:
    consultation = _consultation(request, consultation_id)
    questions = list(consultation.questions.all())
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["response", "submitted_at", "themes", *[q.text for q in questions]])
    for response in consultation.responses.all():
        writer.writerow(
            [
                response.pk,
                response.submitted_at.isoformat(timespec="minutes"),
                "; ".join(response.themes),
                *[response.answers.get(str(q.pk), "") for q in questions],
            ]
        )
    reply = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}.csv"'
    return reply


# --- Contract performance and providers' returns ------------------------------------------


@requires_capability("commissioning.manage")
@reads_from_replica
def performance(request: HttpRequest) -> HttpResponse:
    form, quarter, _ = return_choices(request)
    lots = Lot.objects.filter(owner=_owner(request)).prefetch_related("kpis").order_by("name")
    rows = []
    for lot in lots:
        figures = lot_performance(lot, quarter.start, quarter.end, quarter.code)
        shown = {key: suppress(value) for key, value in figures.values.items()}
        kpis = []
        for kpi in lot.kpis.all():
            actual = kpi_actual(kpi.measure, figures.values)
            kpis.append((kpi, actual, kpi_met(kpi.measure, actual, kpi.target)))
        details = [
            ("Needs improved (closed cases)", [(k, suppress(v)) for k, v in figures.needs]),
            (
                "Outcome areas improved (closed cases)",
                [(k, suppress(v)) for k, v in figures.outcomes],
            ),
            (
                "Satisfied or very satisfied (survey answers)",
                [(k, suppress(v)) for k, v in figures.satisfaction],
            ),
        ]
        rows.append((lot, figures, shown, kpis, [d for d in details if d[1]]))
    return render(
        request,
        "commissioning/performance.html",
        {
            "form": form,
            "quarter": quarter,
            "rows": rows,
            "measures": PERFORMANCE_ROWS,
            "refreshed": last_refresh(),
            "nav": "commissioning",
        },
    )


@requires_capability("commissioning.manage")
def kpi_add(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot = _lot(request, lot_id)
    form = KpiForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        kpi = services.kpi_set(lot=lot, actor=staff_user(request), **form.cleaned_data)
        messages.success(request, f"Target saved: {kpi.get_measure_display()}")
        return redirect("commissioning:lot-returns", lot_id=lot.pk)
    return provider_return(request, lot_id, kpi_form=form)


def _lot(request: HttpRequest, lot_id: int) -> Lot:
    lot = Lot.objects.filter(pk=lot_id, owner=_owner(request)).first()
    if lot is None:
        raise Http404("No such contract")
    return lot


@requires_capability("commissioning.manage")
def provider_return(
    request: HttpRequest, lot_id: int, kpi_form: KpiForm | None = None
) -> HttpResponse:
    lot = _lot(request, lot_id)
    report = None
    if request.method == "POST" and kpi_form is None:
        upload = request.FILES.get("file")
        if upload is None:
            report = returns.ReturnReport(problems=[(0, "file", "Choose a CSV file to upload")])
        else:
            try:
                text = io.StringIO(upload.read().decode("utf-8-sig"), newline="")
                report = returns.provider_return_upload(
                    lot=lot, stream=text, actor=staff_user(request)
                )
                if report.saved and not report.problems:
                    quarters = "quarter" if report.saved == 1 else "quarters"
                    messages.success(request, f"Return uploaded: {report.saved} {quarters} saved")
            except UnicodeDecodeError:
                report = returns.ReturnReport(
                    problems=[(0, "file", "The file is not UTF-8 text: save it as CSV UTF-8")]
                )
    return render(
        request,
        "commissioning/provider_return.html",
        {
            "lot": lot,
            "report": report,
            "returns": lot.returns.order_by("-quarter"),
            "kpi_form": kpi_form or KpiForm(),
            "kpis": lot.kpis.all(),
            "nav": "commissioning",
        },
    )


@requires_capability("commissioning.manage")
def return_template(request: HttpRequest) -> HttpResponse:
    reply = HttpResponse(returns.template_csv(), content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = 'attachment; filename="provider-return-template.csv"'
    return reply
