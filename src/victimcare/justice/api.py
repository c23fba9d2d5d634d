"""Justice updates over the API: the police or witness care unit sends events as they happen."""

from typing import Annotated, Any, TypeAlias

from django.http import HttpRequest
from ninja import Body, Router, Schema, Status
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from victimcare.accounts.models import ApiKey
from victimcare.core.api_auth import ApiKeyAuth, api_actor_label
from victimcare.intake.receive import NOT_AN_OBJECT
from victimcare.justice.feed import JUSTICE_COLUMNS
from victimcare.justice.services.updates import UpdateResult, justice_updates_receive
from victimcare.referrals.api import (
    FeedValue,
    FieldErrorOut,
    batch_answer,
    batch_items,
    errors_out,
    json_post_responses,
    json_schema_of,
    key_out,
)
from victimcare.referrals.cells import readable

router = Router(tags=["justice updates"])


class JusticeUpdateBase(BaseModel):
    model_config = ConfigDict(extra="allow")  # unknown columns are kept and reported


# One justice update as a JSON object: the columns of the justice update feed
# (docs/feed-format.md), as strings as in the CSV form or JSON booleans and numbers.
JusticeUpdateIn = create_model(
    "JusticeUpdateIn",
    __base__=JusticeUpdateBase,
    **{column: (FeedValue, None) for column in JUSTICE_COLUMNS},  # type: ignore[call-overload]
)
# Documented with that model, taken as plain JSON and validated item by item.
UpdateBatchJson: TypeAlias = Annotated[
    Any, WithJsonSchema(json_schema_of(JusticeUpdateIn, batch=True))
]


class UpdateResultOut(Schema):
    index: int = Field(description="Position of the item in the batch, from 0")
    status: str = Field(description="created, updated, unchanged or rejected")
    source: str
    crime_reference: str
    victim_reference: str
    case_references: list[str] = Field(
        default=[], description="The hub's cases the event applies to"
    )
    notes: list[str] = Field(default=[], description="Victims the event was recorded for only")
    errors: list[FieldErrorOut] = []
    unknown_columns: list[str] = []


class UpdateBatchOut(Schema):
    received: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    results: list[UpdateResultOut]


def _out(result: UpdateResult) -> dict[str, Any]:
    return {
        "index": result.index,
        "status": result.status,
        **key_out(result.key),
        "case_references": result.case_references,
        "notes": result.notes,
        "errors": errors_out(result.errors),
        "unknown_columns": [readable(column) for column in result.unknown_columns],
    }


@router.post(
    "/justice-updates",
    auth=ApiKeyAuth("api.justice_updates.submit"),
    response=json_post_responses(UpdateBatchOut),
    summary="Send one justice update or a batch of up to 1,000",
)
def justice_updates_send(
    request: HttpRequest, payload: Body[UpdateBatchJson]
) -> dict[str, Any] | Status[dict[str, Any]]:
    """Each update is validated on its own: a bad one is rejected with its column and reason
    while the good ones beside it land. An update is identified by (source,
    crime_reference, victim_reference, event, event_at): sending it again changes nothing
    and never brings the victim's duties or messages twice. A blank victim_reference
    applies the event to every victim of that crime. A malformed update (a lone surrogate,
    NUL, NaN, a value too long) is rejected with its reason."""
    items = batch_items(payload, "updates")
    if isinstance(items, Status):
        return items
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    # The JSON values go to validation as they are: NaN or a lone surrogate rejects its item.
    objects = [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]
    results = [
        UpdateResult(index=index, errors=[NOT_AN_OBJECT])
        for index, item in enumerate(items)
        if not isinstance(item, dict)
    ]
    results += justice_updates_receive(
        objects, allowed_sources=key.organisation.feed_sources, actor_label=api_actor_label(request)
    )
    results.sort(key=lambda result: result.index)
    return batch_answer(len(items), results, _out)
