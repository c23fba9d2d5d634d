"""Police referral feed v1 over the API: send referrals, read one back."""

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeAlias

from django.http import HttpRequest
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from victimcare.accounts.models import ApiKey, OrganisationKind
from victimcare.core.api_auth import ApiKeyAuth, api_actor_label
from victimcare.intake.receive import feed_receive_items
from victimcare.referrals.cells import readable
from victimcare.referrals.documents import referral_document
from victimcare.referrals.feed_columns import FEED_COLUMNS
from victimcare.referrals.feed_values import FieldError
from victimcare.referrals.import_runs import FeedItemResult
from victimcare.referrals.models import Channel
from victimcare.referrals.reads import referral_sent_by

router = Router(tags=["referrals"])
MAX_BATCH = 1000
FeedValue = str | bool | int | float | None


class FeedReferralBase(BaseModel):
    # A plain pydantic model: ninja's Schema reads declared fields only and would drop the
    # unknown columns the feed must keep and report.
    model_config = ConfigDict(extra="allow")


# One row of the police referral feed v1 as a JSON object (docs/feed-format.md): every
# column of the feed, as a string as in the CSV form or a JSON boolean or number. Columns
# the feed does not define are accepted, kept aside and reported.
FeedReferralIn = create_model(
    "FeedReferralIn",
    __base__=FeedReferralBase,
    **{column: (FeedValue, None) for column in FEED_COLUMNS},  # type: ignore[call-overload]
)


# The body is documented with that model but taken as plain JSON, and each item is
# validated on its own (feed.parse_row): an item that breaks the model (a lone surrogate in
# a column name, a list for a value) is rejected with its reason, not the whole batch.
def json_schema_of(model: type[BaseModel], *, batch: bool) -> dict[str, Any]:
    """The JSON schema of one `model` object (or, for a batch, of one or an array)."""
    item = model.model_json_schema()
    return {"anyOf": [item, {"type": "array", "items": item}]} if batch else item


FeedItemJson: TypeAlias = Annotated[
    Any, WithJsonSchema(json_schema_of(FeedReferralIn, batch=False))
]
FeedBatchJson: TypeAlias = Annotated[
    Any, WithJsonSchema(json_schema_of(FeedReferralIn, batch=True))
]


class FieldErrorOut(Schema):
    column: str
    reason: str


class ItemResultOut(Schema):
    index: int = Field(description="Position of the item in the batch, from 0")
    status: str = Field(description="created, updated, unchanged or rejected")
    source: str
    crime_reference: str
    victim_reference: str
    case_reference: str | None = None
    errors: list[FieldErrorOut] = []
    unknown_columns: list[str] = []


class BatchResultOut(Schema):
    received: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    results: list[ItemResultOut]


class ErrorOut(Schema):
    detail: str


class RequestInvalidOut(Schema):
    """The request body is not JSON of the documented shape."""

    detail: list[dict[str, Any]]


def body_not_a_batch(what: str) -> Status[dict[str, Any]]:
    """422 for a body that is neither one object nor an array (the shape ninja answers in)."""
    detail = [{"type": "model_type", "loc": ["body", "payload"], "msg": f"must be {what}"}]
    return Status(422, {"detail": detail})


def batch_items(payload: Any, noun: str) -> list[Any] | Status[dict[str, Any]]:
    """The items of a body that holds one object or an array of them; an error to return
    for any other body, and 413 (raised) for a batch over MAX_BATCH."""
    if isinstance(payload, dict):
        return [payload]
    if not isinstance(payload, list):
        return body_not_a_batch("one JSON object or an array of objects")
    if len(payload) > MAX_BATCH:
        raise HttpError(
            413, f"A batch holds at most {MAX_BATCH} {noun}; this one has {len(payload)}"
        )
    return payload


def json_post_responses(answer: type[Schema]) -> dict[int, Any]:
    """The answers of an endpoint taking JSON from a partner: `answer`, or why not."""
    return {
        200: answer,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: RequestInvalidOut,
    }


BATCH_STATUSES = ("created", "updated", "unchanged", "rejected")


def batch_answer(
    received: int, results: Sequence[Any], out: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """How many items came, how many of each outcome, and each item's result in order."""
    counts = {status: sum(r.status == status for r in results) for status in BATCH_STATUSES}
    return {"received": received, **counts, "results": [out(r) for r in results]}


def key_out(key: tuple[str, ...]) -> dict[str, str]:
    """An item's feed key as safe text."""
    return {
        "source": readable(key[0]),
        "crime_reference": readable(key[1]),
        "victim_reference": readable(key[2]),
    }


def errors_out(errors: list[FieldError]) -> list[dict[str, str]]:
    """Field errors for a JSON answer; what the sender sent is echoed only as safe text."""
    return [{"column": readable(e.column), "reason": readable(e.reason)} for e in errors]


def _result_out(result: FeedItemResult) -> dict[str, Any]:
    return {
        "index": result.index,
        "status": result.status,
        **key_out(result.key),
        "case_reference": result.case_reference,
        "errors": errors_out(result.errors),
        "unknown_columns": [readable(column) for column in result.unknown_columns],
    }


@router.post(
    "/referrals",
    auth=ApiKeyAuth("api.referrals.submit"),
    response=json_post_responses(BatchResultOut),
    summary="Send one referral or a batch of up to 1,000",
)
def referrals_send(
    request: HttpRequest, payload: Body[FeedBatchJson]
) -> dict[str, Any] | Status[dict[str, Any]]:
    """Each item is validated on its own: a bad item (a value that is not valid text, NUL,
    NaN, an impossible or future date, a value too long) is rejected with its column and
    reason while the good items beside it land. A key writes only under its
    organisation's own sources. Sending an item again (same source,
    crime_reference, victim_reference) updates that referral and never duplicates it."""
    items = batch_items(payload, "referrals")
    if isinstance(items, Status):
        return items
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    results = feed_receive_items(
        items=items,
        allowed_sources=key.organisation.feed_sources,
        actor_label=api_actor_label(request),
        channel=Channel.POLICE_FEED
        if key.organisation.kind == OrganisationKind.POLICE_FORCE
        else Channel.PARTNER,
    )
    return batch_answer(len(items), results, _result_out)


@router.get(
    "/referrals/{source}/{path:crime_reference}/{victim_reference}",
    auth=ApiKeyAuth("api.referrals.view_sent"),
    response={200: dict[str, Any], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Read back one referral the organisation sent",
)
def referral_get(
    request: HttpRequest, source: str, crime_reference: str, victim_reference: str
) -> dict[str, Any]:
    """The referral document, as `manage.py show_referral` prints it. A referral from a
    source this key may not send for answers 404, exactly as a missing one does."""
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    referral = referral_sent_by(
        feed_sources=key.organisation.feed_sources,
        source=source,
        crime_reference=crime_reference,
        victim_reference=victim_reference,
        actor_label=api_actor_label(request),
        route="api:referral_get",
    )
    if referral is None:
        raise HttpError(404, "No such referral")
    return referral_document(referral)
