"""Receiving an out-of-area referral from a peer hub: POST /api/v1/transfers."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from victimcare.accounts.models import ApiKey
from victimcare.core.api_auth import ApiKeyAuth, api_actor_label
from victimcare.intake.transfers_in import transfer_receive
from victimcare.referrals.api import (
    FeedItemJson,
    FieldErrorOut,
    errors_out,
    json_post_responses,
)

router = Router(tags=["transfers"])


class TransferIn(Schema):
    from_hub: str
    transfer_reference: str
    referral: FeedItemJson


class TransferOut(Schema):
    status: str
    case_reference: str | None = None
    errors: list[FieldErrorOut] = []


@router.post(
    "/transfers",
    auth=ApiKeyAuth("api.transfers.submit"),
    response=json_post_responses(TransferOut),
    summary="Take a referral for a victim who lives in this hub's area",
)
def transfer_receive_view(request: HttpRequest, payload: TransferIn) -> dict[str, Any]:
    """The package is the referral as a police feed v1 object. It lands under the sending
    hub's own source (its organisation code), keyed by the crime_reference and the
    transfer_reference, whatever `source` the package names: a hub can create and update
    only the transfers it sent. Sending it again never duplicates, and a column the resend
    leaves out, null or blank keeps the value held."""
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    result = transfer_receive(
        sender=key.organisation,
        from_hub=payload.from_hub,
        transfer_reference=payload.transfer_reference,
        package=payload.referral,
        actor_label=api_actor_label(request),
    )
    return {
        "status": result.status,
        "case_reference": result.case_reference,
        "errors": errors_out(result.errors),
    }
