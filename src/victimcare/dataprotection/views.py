"""The auditor's pages: search the access and disclosure logs; answer rights requests."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from victimcare.accounts.models import User
from victimcare.accounts.selectors import runs_area_hubs
from victimcare.audit.models import AccessLogEntry, DisclosureEntry
from victimcare.core.access import requires_capability, staff_user
from victimcare.dataprotection import reads, selectors, services
from victimcare.dataprotection.forms import (
    AccessLogSearchForm,
    DisposalLogFilterForm,
    RightsRequestForm,
)
from victimcare.dataprotection.models import (
    RightsRequest,
    RightsRequestKind,
    RightsRequestStatus,
)


def _user(request: HttpRequest) -> User:
    """The auditor, who must work for the organisation that runs the area's hubs."""
    user = staff_user(request)
    if not runs_area_hubs(user.organisation):
        raise Http404("Not found")
    return user


@requires_capability("audit.view_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    """Search who read or disclosed what, by person, member of staff and date."""
    user = _user(request)
    form = AccessLogSearchForm(request.GET or None)
    rows = AccessLogEntry.objects.select_related("user")
    disclosures = DisclosureEntry.objects.select_related("actor")
    searched = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        person_id = data["person"]
        if data["case_reference"]:
            case = reads.case_for_reference(user, data["case_reference"])
            person_id = case.person_id if case else None
            if person_id is None:
                form.add_error("case_reference", "No case has this reference")
        if person_id:
            rows = rows.filter(people__contains=f",{person_id},")
            disclosures = disclosures.filter(people__contains=f",{person_id},")
        if data["username"]:
            users = get_user_model().objects.filter(username=data["username"].strip())
            rows = rows.filter(user__in=users)
            disclosures = disclosures.filter(actor__in=users)
        if data["date_from"]:
            rows = rows.filter(occurred_at__date__gte=data["date_from"])
            disclosures = disclosures.filter(occurred_at__date__gte=data["date_from"])
        if data["date_to"]:
            rows = rows.filter(occurred_at__date__lte=data["date_to"])
            disclosures = disclosures.filter(occurred_at__date__lte=data["date_to"])
        searched = not form.errors
    if not searched:
        rows, disclosures = rows.none(), disclosures.none()
    page = Paginator(rows.order_by("-occurred_at", "-id"), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "dataprotection/access_log.html",
        {
            "form": form,
            "searched": searched,
            "page": page,
            "disclosures": disclosures.order_by("-occurred_at", "-id")[:200],
            "query": request.GET.urlencode(),
            "nav": "audit",
        },
    )


@requires_capability("audit.subject_access")
def rights_requests(request: HttpRequest) -> HttpResponse:
    requests = reads.rights_requests_for(_user(request))
    return render(
        request,
        "dataprotection/requests.html",
        {"requests": requests, "today": timezone.localdate(), "nav": "requests"},
    )


@requires_capability("audit.subject_access")
def rights_request_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = RightsRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = reads.case_for_reference(user, data["case_reference"])
        if case is None:
            form.add_error("case_reference", "No case has this reference")
        else:
            created = services.rights_request_record(
                kind=data["kind"],
                person=case.person,
                received_on=data["received_on"],
                identity_checked=data["identity_checked"],
                notes=data["notes"],
                actor=user,
            )
            messages.success(request, f"{created.get_kind_display()} request recorded")
            return redirect("dataprotection:request", request_id=created.pk)
    return render(request, "dataprotection/request_new.html", {"form": form, "nav": "requests"})


def _open_request(user: User, request_id: int) -> RightsRequest:
    """The request, for a change the page then redirects from (unlogged); 404 if none."""
    found = reads.rights_request_for(user, request_id)
    if found is None:
        raise Http404("No such request")
    return found


@requires_capability("audit.subject_access")
def rights_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    user = _user(request)
    error = ""
    if request.method == "POST" and request.POST.get("action") == "identity":
        rights = _open_request(user, request_id)
        try:
            services.rights_request_identity_confirm(request=rights, actor=user)
        except services.RequestRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, "The requester's identity is recorded as checked.")
            return redirect("dataprotection:request", request_id=rights.pk)
    shown = reads.rights_request_shown(
        user=user, request_id=request_id, route="dataprotection:request"
    )
    if shown is None:
        raise Http404("No such request")
    return render(
        request,
        "dataprotection/request.html",
        {
            "rights": shown.rights,
            "person": shown.person,
            "cases": shown.cases,
            "error": error,
            "today": timezone.localdate(),
            "nav": "requests",
        },
    )


@requires_capability("audit.subject_access")
def rights_request_erase(request: HttpRequest, request_id: int) -> HttpResponse:
    """Erasure, in two steps: this page lists what will be erased; confirming erases it."""
    user = _user(request)
    rights = _open_request(user, request_id)
    if (
        rights.kind != RightsRequestKind.ERASURE
        or rights.status != RightsRequestStatus.OPEN
        or not rights.identity_checked
    ):
        return redirect("dataprotection:request", request_id=rights.pk)
    error = ""
    if request.method == "POST":
        try:
            services.person_erase(request=rights, actor=user)
        except services.RequestRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, f"The person's details were erased (request {rights.pk}).")
            return redirect("dataprotection:request", request_id=rights.pk)
    shown = reads.erasure_shown(
        user=user, request_id=request_id, route="dataprotection:request-erase"
    )
    if shown is None:
        raise Http404("No such request")
    return render(
        request,
        "dataprotection/erase_confirm.html",
        {
            "rights": shown.rights,
            "person": shown.person,
            "cases": shown.cases,
            "erased": shown.erased,
            "on_hold": shown.on_hold,
            "error": error,
            "nav": "requests",
        },
        status=409 if error else 200,
    )


@requires_capability("audit.subject_access")
def rights_request_export(request: HttpRequest, request_id: int) -> HttpResponse:
    """Download the subject access ZIP (POST: it completes the request and logs it)."""
    user = _user(request)
    rights = _open_request(user, request_id)
    if request.method != "POST":
        return redirect("dataprotection:request", request_id=rights.pk)
    try:
        archive = services.subject_access_export(request=rights, actor=user)
    except services.RequestRefused as refusal:
        # The refusal shows the request page again, naming the person: a logged read.
        shown = reads.rights_request_shown(
            user=user, request_id=request_id, route="dataprotection:request-export"
        )
        if shown is None:
            raise Http404("No such request") from refusal
        return render(
            request,
            "dataprotection/request.html",
            {
                "rights": shown.rights,
                "person": shown.person,
                "error": str(refusal),
                "nav": "requests",
                "cases": shown.cases,
                "today": timezone.localdate(),
            },
            status=409,
        )
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{rights.pk}.zip"'
    return response


# --- The data protection officer's registers (read-only; administrators edit them) --------


@requires_capability("dataprotection.oversee")
def retention(request: HttpRequest) -> HttpResponse:
    """The retention schedule, and the legal holds that keep a person's records past it."""
    holds = reads.legal_holds_shown(user=_user(request), route="dataprotection:retention")
    return render(
        request,
        "dataprotection/retention.html",
        {
            "rules": selectors.retention_rules(),
            "holds": holds,
            "nav": "dataprotection",
            "section": "retention",
        },
    )


@requires_capability("dataprotection.oversee")
def sharing_agreements(request: HttpRequest) -> HttpResponse:
    """Who the hub may share victims' details with, on what basis, and until when."""
    _user(request)
    return render(
        request,
        "dataprotection/sharing_agreements.html",
        {
            "agreements": selectors.sharing_agreements(),
            "today": timezone.localdate(),
            "nav": "dataprotection",
            "section": "sharing",
        },
    )


@requires_capability("dataprotection.oversee")
def disposal_log(request: HttpRequest) -> HttpResponse:
    """Records disposed of under the retention rules, by type and number only."""
    _user(request)
    form = DisposalLogFilterForm(request.GET or None)
    record_type = form.cleaned_data["record_type"] if form.is_bound and form.is_valid() else ""
    entries = selectors.disposal_log(record_type)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = f"record_type={record_type}&" if record_type else ""
    return render(
        request,
        "dataprotection/disposal_log.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "nav": "dataprotection",
            "section": "disposal",
        },
    )
