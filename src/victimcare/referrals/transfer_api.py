"""Receiving an out-of-area referral from a peer hub: POST /api/v1/transfers."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from victimcare.core.api_auth import ApiKeyAuth, api_actor_label
from victimcare.referrals.api import ErrorOut, FeedReferralIn, FieldErrorOut, RequestInvalidOut
from victimcare.referrals.intake import IntakeContext, feed_receive, feed_text
from victimcare.referrals.models import Channel

router = Router(tags=["transfers"])


class TransferIn(Schema):
    from_hub: str
    transfer_reference: str
    referral: FeedReferralIn


class TransferOut(Schema):
    status: str
    case_reference: str | None = None
    errors: list[FieldErrorOut] = []


@router.post(
    "/transfers",
    auth=ApiKeyAuth("api.transfers.submit"),
    response={
        200: TransferOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: RequestInvalidOut,
    },
    summary="Take a referral for a victim who lives in this hub's area",
)
def transfer_receive(request: HttpRequest, payload: TransferIn) -> dict[str, Any]:
    """The package is the referral as a police feed v1 object. Sending it again (same
    source, crime_reference, victim_reference) changes nothing and never duplicates."""
    values = {k: feed_text(v) for k, v in payload.referral.model_dump().items()}
    context = IntakeContext(actor_label=api_actor_label(request), channel=Channel.TRANSFER)
    result = next(iter(feed_receive([(0, values)], context)))
    return {
        "status": result.status,
        "case_reference": result.case_reference,
        "errors": [{"column": e.column, "reason": e.reason} for e in result.errors],
    }
