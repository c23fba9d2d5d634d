"""Officers take assessments from the case page; each page is a case page for access."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from victimcare.accounts.models import User
from victimcare.assessments import rules, services
from victimcare.assessments.forms import (
    NeedsAssessmentForm,
    ProtectionNeedsForm,
    RiskChecklistForm,
)
from victimcare.assessments.models import NeedsStage, QuestionnaireKind
from victimcare.cases.models import Case
from victimcare.cases.reads import case_for_reading
from victimcare.cases.services.versions import CaseChangeRefused, CaseEnded
from victimcare.cases.views.record import JUSTIFIED_CASES
from victimcare.core.access import requires_capability, staff_user


def _case(request: HttpRequest, case_id: int, route: str) -> tuple[User, Case]:
    user = staff_user(request)
    reasons = request.session.get(JUSTIFIED_CASES, {})
    case = case_for_reading(user, case_id, reasons=reasons, route=route)
    if case is None:
        raise Http404("No such case")
    return user, case


@requires_capability("cases.work")
def needs_assessment(request: HttpRequest, case_id: int, stage: str) -> HttpResponse:
    if stage not in NeedsStage.values:
        raise Http404("No such assessment")
    user, case = _case(request, case_id, "assessments:needs")
    existing = case.needs_assessments.filter(stage=stage).prefetch_related("answers").first()
    questionnaire = (
        existing.questionnaire
        if existing
        else services.current_questionnaire(QuestionnaireKind.NEEDS)
    )
    initial: dict[str, object] = {"version": existing.version if existing else None}
    if existing:
        for answer in existing.answers.all():
            initial[f"{answer.category}_level"] = answer.level
            initial[f"{answer.category}_notes"] = answer.notes
    form = NeedsAssessmentForm(request.POST or None, initial=initial, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_assessment_save(
                case=case,
                stage=stage,
                answers=form.answers(),
                actor=user,
                expected_version=form.cleaned_data["version"] if existing else None,
            )
        except CaseChangeRefused as refusal:
            refusal.shown_on(form)
        else:
            messages.success(request, f"{NeedsStage(stage).label} of needs saved")
            return redirect(reverse("cases:support", args=[case.pk]) + "#assessments")
    return render(
        request,
        "assessments/needs.html",
        {"case": case, "form": form, "stage": NeedsStage(stage), "nav": "queue"},
    )


@requires_capability("cases.work")
def risk_checklist(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _case(request, case_id, "assessments:risk")
    questionnaire = services.current_questionnaire(QuestionnaireKind.RISK)
    form = RiskChecklistForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_assessment_record(
                case=case,
                answers=form.answers(),
                judgement_level=form.cleaned_data["judgement_level"],
                judgement_reason=form.cleaned_data["judgement_reason"],
                actor=user,
            )
        except CaseEnded as ended:
            form.add_error(None, str(ended))
        except CaseChangeRefused as refusal:
            form.add_error("judgement_level", str(refusal))
        else:
            messages.success(request, "Domestic abuse risk checklist recorded")
            return redirect(reverse("cases:support", args=[case.pk]) + "#assessments")
    return render(
        request,
        "assessments/risk.html",
        {
            "case": case,
            "form": form,
            "bands": (rules.MEDIUM_RISK_YES, rules.HIGH_RISK_YES),
            "nav": "queue",
        },
    )


@requires_capability("cases.work")
def protection_needs(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _case(request, case_id, "assessments:protection")
    form = ProtectionNeedsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.protection_assessment_record(
                case=case,
                yes_to=form.cleaned_data["yes_to"],
                notes=form.cleaned_data["notes"],
                actor=user,
            )
        except CaseEnded as ended:
            form.add_error(None, str(ended))
        else:
            messages.success(request, "Protection needs recorded")
            return redirect(reverse("cases:support", args=[case.pk]) + "#assessments")
    return render(
        request, "assessments/protection.html", {"case": case, "form": form, "nav": "queue"}
    )
