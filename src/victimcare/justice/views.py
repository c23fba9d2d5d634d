"""Staff pages of the justice journey: a case's events, duties and decisions, and the
quarterly Code compliance return with its CSV and XLSX exports."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from victimcare.accounts.models import OrganisationKind, Team, User
from victimcare.cases import reads
from victimcare.cases.models import Case
from victimcare.cases.services.versions import CaseChangeRefused
from victimcare.cases.views.record import case_with_reason
from victimcare.core.access import requires_capability, staff_user
from victimcare.core.suppression import SUPPRESSED, suppress
from victimcare.insights import exports
from victimcare.insights.selectors import Table
from victimcare.justice import selectors
from victimcare.justice.forms import (
    ComplianceForm,
    CourtSupportForm,
    MessageDecisionForm,
    RestorativeRequestForm,
    RestorativeStepForm,
    ReviewDecisionForm,
    ReviewRequestForm,
)
from victimcare.justice.models import RESTORATIVE_STATES, RestorativeStatus
from victimcare.justice.reads import justice_section
from victimcare.justice.selectors import AreaCounts, Quarter, compliance_return
from victimcare.justice.services.court import court_support_update
from victimcare.justice.services.messages import (
    justice_message_approve,
    justice_message_preview,
    justice_message_withhold,
)
from victimcare.justice.services.restorative import restorative_advance, restorative_request
from victimcare.justice.services.review import review_decision_record, review_request_record
from victimcare.notifications.models import OutboxStatus


def _justice_page(
    request: HttpRequest, case: Case, justification: str, **bound: Any
) -> HttpResponse:
    user = staff_user(request)
    section = justice_section(user, case, route="justice:case", justification=justification)
    court_form = bound.get("court_form") or CourtSupportForm(
        prefix="court",
        initial={
            name: getattr(section.court_support, name) for name in CourtSupportForm.base_fields
        },
    )
    forms_with_errors = [f for f in bound.values() if getattr(f, "errors", None)]
    return render(
        request,
        "justice/case.html",
        {
            "case": case,
            "person": case.person,
            "events": section.events,
            "duties": section.duties,
            "update_messages": section.update_messages,
            "awaiting": OutboxStatus.AWAITING_APPROVAL,
            "court_form": court_form,
            "reviews": section.reviews,
            "review_request_form": bound.get("review_request_form")
            or ReviewRequestForm(prefix="review"),
            "review_decision_form": bound.get("review_decision_form")
            or ReviewDecisionForm(prefix="decision"),
            "restorative": [(r, _step_form(r, bound)) for r in section.restorative],
            "restorative_request_form": bound.get("restorative_request_form")
            or RestorativeRequestForm(prefix="rj"),
            "error_forms": forms_with_errors,
            "can_work": user.has_capability("cases.work"),
            "justification": justification,
            "today": timezone.localdate(),
            "nav": "queue",
        },
    )


def _step_form(restorative: Any, bound: dict[str, Any]) -> RestorativeStepForm:
    if bound.get("restorative_id") == restorative.pk:
        form: RestorativeStepForm = bound["restorative_step_form"]
        return form
    moves = RESTORATIVE_STATES.targets(restorative.status)
    return RestorativeStepForm(prefix=f"rj{restorative.pk}", moves=moves)


@requires_capability("cases.view")
def case_justice(request: HttpRequest, case_id: int) -> HttpResponse:
    case, justification = case_with_reason(request, staff_user(request), case_id)
    return _justice_page(request, case, justification)


def _change(
    request: HttpRequest,
    case_id: int,
    form_name: str,
    form: Any,
    apply: Callable[[Case, User, dict[str, Any]], Any],
    anchor: str,
    done: Callable[[dict[str, Any]], str] | None = None,
    **extra: Any,
) -> HttpResponse:
    """Apply one posted change; show the page again with the reason when it is refused.
    `done` words the success banner from the form's data."""
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    if request.method != "POST":
        return redirect("justice:case", case_id=case.pk)
    if form.is_valid():
        try:
            apply(case, user, form.cleaned_data)
        except CaseChangeRefused as refusal:
            refusal.shown_on(form)
        else:
            if done is not None:
                messages.success(request, done(form.cleaned_data))
            return redirect(reverse("justice:case", args=[case.pk]) + f"#{anchor}")
    return _justice_page(request, case, justification, **{form_name: form}, **extra)


@requires_capability("cases.work")
def message_decide(request: HttpRequest, case_id: int, message_id: int) -> HttpResponse:
    """The approval page of a sensitive message: the exact words, in the language they go
    in, editable before sending; or keep the message back with a reason."""
    user = staff_user(request)
    case, justification = case_with_reason(request, user, case_id)
    message = selectors.case_update_message(case, message_id)
    if message is None:
        raise Http404("No such message")
    preview = justice_message_preview(case=case, message=message)
    posted = request.method == "POST"
    form = MessageDecisionForm(
        request.POST if posted else None, prefix="decide", initial={"text": preview.text}
    )
    form.fields["text"].widget.attrs["lang"] = "cy" if preview.welsh else "en"
    form.fields["text"].label = f"The message, in {preview.language}"
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                text = data["text"] if form.add_prefix("text") in request.POST else None
                justice_message_approve(case=case, message_id=message.pk, actor=user, text=text)
                how = f" by {preview.channel_words}" if preview.channel else ""
                done = f"Message approved: it will be sent to the victim{how}"
            else:
                justice_message_withhold(
                    case=case, message_id=message.pk, reason=data["reason"], actor=user
                )
                done = "Message withheld: your reason is a note on the case"
        except CaseChangeRefused as refusal:
            refusal.shown_on(form)
        else:
            messages.success(request, done)
            return redirect(reverse("justice:case", args=[case.pk]) + "#messages")
    reads.case_shown(user, case, route="justice:message-decide", justification=justification)
    return render(
        request,
        "justice/message_decide.html",
        {
            "case": case,
            "person": case.victim,
            "message": message,
            "preview": preview,
            "form": form,
            "awaiting": message.status == OutboxStatus.AWAITING_APPROVAL,
            "justification": justification,
            "nav": "queue",
        },
    )


@requires_capability("cases.work")
def court_support(request: HttpRequest, case_id: int) -> HttpResponse:
    form = CourtSupportForm(request.POST if request.method == "POST" else None, prefix="court")
    return _change(
        request,
        case_id,
        "court_form",
        form,
        lambda case, user, data: court_support_update(case=case, changes=data, actor=user),
        "court",
        done=lambda data: "Court support updated",
    )


def _review(case: Case, review_id: int) -> Any:
    review = case.reviews.filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review")
    return review


@requires_capability("cases.work")
def review_request(request: HttpRequest, case_id: int, review_id: int) -> HttpResponse:
    form = ReviewRequestForm(request.POST if request.method == "POST" else None, prefix="review")
    return _change(
        request,
        case_id,
        "review_request_form",
        form,
        lambda case, user, data: review_request_record(
            case=case,
            review=_review(case, review_id),
            requested_on=data["requested_on"],
            actor=user,
        ),
        "reviews",
        done=lambda data: "Right to Review request recorded",
    )


@requires_capability("cases.work")
def review_decision(request: HttpRequest, case_id: int, review_id: int) -> HttpResponse:
    form = ReviewDecisionForm(request.POST if request.method == "POST" else None, prefix="decision")
    return _change(
        request,
        case_id,
        "review_decision_form",
        form,
        lambda case, user, data: review_decision_record(
            case=case, review=_review(case, review_id), decision=data["decision"], actor=user
        ),
        "reviews",
        done=lambda data: "Right to Review decision recorded",
    )


@requires_capability("cases.work")
def restorative_new(request: HttpRequest, case_id: int) -> HttpResponse:
    form = RestorativeRequestForm(request.POST if request.method == "POST" else None, prefix="rj")
    return _change(
        request,
        case_id,
        "restorative_request_form",
        form,
        lambda case, user, data: restorative_request(
            case=case, requested_on=data["requested_on"], actor=user
        ),
        "restorative",
        done=lambda data: "Restorative justice request recorded",
    )


@requires_capability("cases.work")
def restorative_step(request: HttpRequest, case_id: int, restorative_id: int) -> HttpResponse:
    case, _ = case_with_reason(request, staff_user(request), case_id)
    restorative = case.restorative.filter(pk=restorative_id).first()
    if restorative is None:
        raise Http404("No such restorative justice referral")
    form = RestorativeStepForm(
        request.POST if request.method == "POST" else None,
        prefix=f"rj{restorative.pk}",
        moves=RESTORATIVE_STATES.targets(restorative.status),
    )

    def apply(case: Case, user: User, data: dict[str, Any]) -> None:
        restorative_advance(
            case=case,
            restorative=restorative,
            to_status=data["to_status"],
            actor=user,
            suitable={"yes": True, "no": False}.get(data.get("suitable") or ""),
            assessment_notes=data.get("assessment_notes", ""),
            offender_consent=True if data.get("offender_consent") else None,
            facilitator=data.get("facilitator", ""),
            outcome=data.get("outcome", ""),
        )

    return _change(
        request,
        case_id,
        "restorative_step_form",
        form,
        apply,
        "restorative",
        done=lambda data: (
            "Restorative justice: " + RestorativeStatus(data["to_status"]).label.lower()
        ),
        restorative_id=restorative.pk,
    )


# --- The compliance return --------------------------------------------------------------


def _hubs_for(user: User) -> list[Team]:
    """Team leaders see their hub; commissioners every hub of the deployment."""
    if user.has_capability("cases.view"):
        return [user.team] if user.team is not None else []
    return list(
        Team.objects.filter(organisation__kind=OrganisationKind.VICTIM_CARE_HUB).order_by("name")
    )


def return_choices(request: HttpRequest) -> tuple[ComplianceForm, Quarter, list[Team]]:
    """The quarter and hubs a return is for, from the page's form (shared by reports)."""
    user = staff_user(request)
    hubs = _hubs_for(user)
    current = Quarter.containing(timezone.localdate())
    quarters = [current]
    for _ in range(7):
        quarters.append(quarters[-1].previous())
    form = ComplianceForm(
        request.GET or None,
        quarters=[(q.code, q.label) for q in quarters],
        hubs=[(str(h.pk), h.name) for h in hubs],
        initial={"quarter": current.code},
    )
    quarter, chosen = current, hubs
    if form.is_bound and form.is_valid():
        quarter = Quarter.parse(form.cleaned_data["quarter"]) or current
        if form.cleaned_data["hub"]:
            chosen = [h for h in hubs if str(h.pk) == form.cleaned_data["hub"]]
    return form, quarter, chosen


def _shown(user: User, rows: list[AreaCounts]) -> list[dict[str, Any]]:
    """Rows as shown: counts under 5 suppressed for those who see aggregates only."""
    aggregate_only = not user.has_capability("cases.view")
    shown = []
    for row in rows:
        values: dict[str, Any] = {
            "area": row.area,
            "label": row.label,
            "due": row.due,
            "met_on_time": row.met_on_time,
            "met_late": row.met_late,
            "overdue": row.overdue,
            "not_yet_due": row.not_yet_due,
            "on_time_percent": row.on_time_percent,
        }
        if aggregate_only:
            for name in ("due", "met_on_time", "met_late", "overdue", "not_yet_due"):
                values[name] = suppress(values[name])
            if any(values[n] == SUPPRESSED for n in ("due", "met_on_time")):
                values["on_time_percent"] = None
        shown.append(values)
    return shown


EXPORT_COLUMNS = (
    ("label", "Area"),
    ("due", "Duties due"),
    ("met_on_time", "Met on time"),
    ("met_late", "Met late"),
    ("overdue", "Overdue"),
    ("not_yet_due", "Not yet due"),
    ("on_time_percent", "Met on time (%)"),
)


@requires_capability("compliance.view")
def compliance(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form, quarter, hubs = return_choices(request)
    rows = _shown(user, compliance_return(hubs, quarter))
    return render(
        request,
        "justice/compliance.html",
        {
            "form": form,
            "quarter": quarter,
            "hubs": hubs,
            "rows": rows,
            "columns": EXPORT_COLUMNS,
            "query": request.GET.urlencode(),
            "nav": "compliance",
        },
    )


@requires_capability("compliance.view")
def compliance_export(request: HttpRequest, file_format: str) -> HttpResponse:
    user = staff_user(request)
    _, quarter, hubs = return_choices(request)
    rows = _shown(user, compliance_return(hubs, quarter))
    hub_names = ", ".join(h.name for h in hubs) or "no hub"
    title = f"Victims' Code compliance return, {quarter.label}, {hub_names}"
    name = f"code-compliance-{quarter.code}"
    table = Table(
        "compliance",
        "Victims' Code duties by area of the return",
        [label for _, label in EXPORT_COLUMNS],
        [["" if row[key] is None else row[key] for key, _ in EXPORT_COLUMNS] for row in rows],
    )
    if file_format == "csv":
        return exports.tables_csv(title, [table], name)
    if file_format == "xlsx":
        return exports.tables_xlsx(title, [table], name)
    if file_format == "pdf":
        note = 'Counts from 1 to 4 are shown as "fewer than 5" to commissioners.'
        return exports.tables_pdf(title, [table], name, note)
    raise Http404("No such format")
