"""Staff pages for feed imports: upload a file, watch it import, read and download the report."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from victimcare.audit.services import disclosure_record
from victimcare.core.access import requires_capability, staff_user
from victimcare.core.spreadsheets import csv_dict_writer, csv_writer
from victimcare.intake.transfers import LAWFUL_BASIS, TransferRefused, transfer_sent_by_hand
from victimcare.intake.uploads import allowed_sources_for, referral_upload_accept
from victimcare.referrals.documents import referral_feed_row
from victimcare.referrals.forms import FeedUploadForm
from victimcare.referrals.reads import transfer_package_for
from victimcare.referrals.selectors import (
    import_run_for_user,
    import_runs_for_user,
    transfers_for_user,
)

REJECTIONS_SHOWN = 200


@requires_capability("referrals.import")
def imports(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    form = (
        FeedUploadForm(request.POST, request.FILES)
        if request.method == "POST"
        else FeedUploadForm()
    )
    if form.is_bound and form.is_valid():
        run = referral_upload_accept(uploaded=form.cleaned_data["file"], actor=user)
        messages.success(request, f"{run.filename} uploaded: it is being imported")
        return redirect("referrals:import", run_id=run.pk)
    return render(
        request,
        "referrals/imports.html",
        {
            "form": form,
            "runs": import_runs_for_user(user)[:20],
            "nav": "imports",
            "sources": sorted(allowed_sources_for(user)),
        },
    )


@requires_capability("referrals.import")
def import_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = import_run_for_user(staff_user(request), run_id)
    if run is None:
        raise Http404("No such import")
    return render(
        request,
        "referrals/import_detail.html",
        {
            "run": run,
            "rejections": run.rejections.all()[:REJECTIONS_SHOWN],
            "more_rejections": max(run.rejections.count() - REJECTIONS_SHOWN, 0),
            "stall_minutes": settings.VCH_IMPORT_STALL_MINUTES,
            "nav": "imports",
        },
    )


@requires_capability("referrals.import")
def import_progress(request: HttpRequest, run_id: int) -> JsonResponse:
    """How far an import has got, for the page to show without reloading."""
    run = import_run_for_user(staff_user(request), run_id)
    if run is None:
        raise Http404("No such import")
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            # A stalled import is no longer followed: the page reloads and says so.
            "active": run.is_active and not run.is_stalled,
            "stalled": run.is_stalled,
            "rows_read": run.rows_read,
            "rows_expected": run.rows_expected,
            "percent": run.percent_done,
        }
    )


@requires_capability("referrals.import")
def import_report(request: HttpRequest, run_id: int) -> HttpResponse:
    """Every rejected row of the import as CSV: line, record, column, reason."""
    run = import_run_for_user(staff_user(request), run_id)
    if run is None:
        raise Http404("No such import")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-report.csv"'
    writer = csv_writer(response)
    writer.writerow(["line", "source/crime_reference/victim_reference", "column", "reason"])
    for rejection in run.rejections.all().iterator():
        writer.writerow([rejection.line, rejection.record_key, rejection.column, rejection.reason])
    for column in run.unknown_columns:
        writer.writerow(["", "", column, "unknown column: kept with each referral, not used"])
    return response


@requires_capability("referrals.transfer")
def transfers(request: HttpRequest) -> HttpResponse:
    """Out-of-area referrals: those waiting to be sent by hand, and recent automatic ones."""
    return render(
        request,
        "referrals/transfers.html",
        {
            "manual": transfers_for_user(staff_user(request), manual=True),
            "automatic": transfers_for_user(staff_user(request), manual=False)[:50],
            "nav": "transfers",
        },
    )


@requires_capability("referrals.transfer")
def transfer_package_download(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """The referral as a feed v1 CSV row, to send to the home area by a secure route."""
    user = staff_user(request)
    transfer = transfer_package_for(user, transfer_id, route="referrals:transfer-package")
    if transfer is None:
        raise Http404("No such transfer")
    row = referral_feed_row(transfer.referral)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="transfer-{transfer.referral.case.reference}.csv"'
    )
    writer = csv_dict_writer(response, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    disclosure_record(
        recipient=f"home area for postcode area {transfer.postcode_area or 'unknown'} (by hand)",
        route="manual transfer package",
        object_type="referrals.referral",
        object_ids=[transfer.referral_id],
        person_ids=[transfer.referral.person_id],
        lawful_basis=LAWFUL_BASIS,
        actor=user,
    )
    return response


@requires_capability("referrals.transfer")
def transfer_sent(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """Mark a referral on the manual list as sent to the home area (with their reference)."""
    user = staff_user(request)
    transfer = transfers_for_user(user, manual=True).filter(pk=transfer_id).first()
    if transfer is None:
        raise Http404("No such transfer")
    error = ""
    if request.method == "POST":
        try:
            transfer_sent_by_hand(
                transfer=transfer,
                receiver_reference=request.POST.get("reference", ""),
                actor=user,
            )
        except TransferRefused as refusal:
            error = str(refusal)
        else:
            messages.success(request, "Referral marked as sent to its home area")
            return redirect("referrals:transfers")
    return render(
        request,
        "referrals/transfers.html",
        {
            "manual": transfers_for_user(user, manual=True),
            "automatic": transfers_for_user(user, manual=False)[:50],
            "error": error,
            "error_transfer": transfer.pk,
            "nav": "transfers",
        },
    )
