"""The intake of feed v1 items, one at a time, for every route in (file, API).

A bad item never stops the good ones beside it: each item is validated on its own and
saved in its own transaction, and a failure is returned as the item's errors.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError

from victimcare.accounts.models import Team, User
from victimcare.accounts.selectors import hub_routing_table
from victimcare.entitlements.rules import RuleValues
from victimcare.entitlements.selectors import current_rule_values
from victimcare.referrals.feed import KEY_COLUMNS, FieldError, RowInvalid, parse_row
from victimcare.referrals.services import referral_receive_from_feed

logger = logging.getLogger(__name__)


@dataclass
class FeedItemResult:
    index: int
    status: str  # created, updated, unchanged or rejected
    key: tuple[str, str, str]
    case_reference: str | None = None
    errors: list[FieldError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)


@dataclass
class IntakeContext:
    """What every item of one delivery shares: routing, rule values, who sent it."""

    actor: User | None = None
    actor_label: str = ""
    allowed_sources: frozenset[str] | None = None  # None: any source (a local file import)
    import_run_id: int | None = None
    routing: dict[str, Team] = field(default_factory=hub_routing_table)
    rule_values: RuleValues = field(default_factory=current_rule_values)


def feed_text(value: Any) -> str:
    """A JSON value as the feed's text form (booleans as true/false, null as blank)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _key(values: Mapping[str, Any]) -> tuple[str, str, str]:
    source, crime, victim = (str(values.get(c) or "").strip() for c in KEY_COLUMNS)
    return source.lower(), crime, victim


def feed_receive_one(
    index: int, values: Mapping[str, Any], context: IntakeContext
) -> FeedItemResult:
    """Validate and save one feed item; never raises for bad data."""
    result = FeedItemResult(index=index, status="rejected", key=_key(values))
    try:
        record = parse_row(dict(values))
        result.unknown_columns = sorted(record.unknown_columns)
        if context.allowed_sources is not None and record.source not in context.allowed_sources:
            result.errors = [
                FieldError("source", f"'{record.source}' is not a source this sender may send for")
            ]
            return result
        referral, outcome = referral_receive_from_feed(
            record=record,
            actor=context.actor,
            actor_label=context.actor_label,
            routing=context.routing,
            rule_values=context.rule_values,
            import_run_id=context.import_run_id,
        )
    except RowInvalid as invalid:
        result.errors = invalid.errors
        return result
    except DatabaseError:
        # Logged by position only: the item's values are personal data.
        logger.exception("intake: item %s could not be saved", index)
        result.errors = [FieldError("(row)", "could not be saved; the hub's log has the details")]
        return result
    result.status = outcome.value
    result.case_reference = referral.case.reference
    return result


def feed_receive_items(
    *,
    items: Iterable[Mapping[str, Any]],
    allowed_sources: frozenset[str] | None,
    actor_label: str,
    actor: User | None = None,
) -> list[FeedItemResult]:
    """Receive a batch of JSON feed items (API)."""
    context = IntakeContext(actor=actor, actor_label=actor_label, allowed_sources=allowed_sources)
    return [
        feed_receive_one(index, {k: feed_text(v) for k, v in item.items()}, context)
        for index, item in enumerate(items)
    ]
