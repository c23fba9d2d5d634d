"""Receiving an out-of-area referral from a peer hub (POST /api/v1/transfers).

A transfer lands under the sending hub's own source, its organisation code, keyed by the
police crime reference and the sender's transfer reference (its case reference there):
(`<peer code>`, crime_reference, transfer_reference). So a peer hub can create and update
only the transfers it sent itself, never a police force's referral nor another hub's,
whatever `source` its package names. The package's own source and victim reference are
kept with the referral as `police_source` and `police_victim_reference`, with `from_hub`.

On a resend, a column the package leaves out, null or blank keeps the value the hub holds:
a transfer never blanks a flag (domestic abuse, intimidated...) or a contact detail.
"""

from collections.abc import Mapping
from typing import Any

from victimcare.accounts.models import Organisation
from victimcare.intake.receive import FeedItemResult, IntakeContext, feed_receive
from victimcare.referrals.cells import cell_text, text_problem
from victimcare.referrals.documents import referral_feed_row
from victimcare.referrals.feed_columns import MAX_LENGTHS
from victimcare.referrals.feed_values import FieldError
from victimcare.referrals.models import Channel
from victimcare.referrals.selectors import referral_by_feed_key

# What the package said that the key replaces, kept beside the referral.
KEPT_AS = {"source": "police_source", "victim_reference": "police_victim_reference"}


def _rejected(column: str, reason: str) -> FeedItemResult:
    return FeedItemResult(index=0, errors=[FieldError(column, reason)])


def _text(value: Any) -> str:
    """A key cell as text, or blank when it is not text the feed takes (parsing says why)."""
    try:
        return cell_text(value).strip()
    except ValueError:
        return ""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def transfer_receive(
    *,
    sender: Organisation,
    from_hub: str,
    transfer_reference: str,
    package: Any,
    actor_label: str,
) -> FeedItemResult:
    """Create or update the referral a peer hub passed to this hub; never raises for bad data."""
    reference = transfer_reference.strip()
    limit = MAX_LENGTHS["victim_reference"]
    problem = (
        text_problem(reference)
        or ("is required but blank" if not reference else None)
        or (f"is longer than {limit} characters" if len(reference) > limit else None)
    )
    if problem:
        return _rejected("transfer_reference", problem)
    if not isinstance(package, Mapping):
        return _rejected("referral", "is not a JSON object of feed columns")

    crime_reference = _text(package.get("crime_reference"))
    stored = (
        referral_by_feed_key(
            source=sender.code, crime_reference=crime_reference, victim_reference=reference
        )
        if crime_reference
        else None
    )
    row: dict[str, Any] = {}
    if stored is not None:
        row = {**stored.unknown_columns, **referral_feed_row(stored)}
    for column, value in package.items():
        if stored is None or not _blank(value):
            row[KEPT_AS.get(str(column), str(column))] = value
    row.update(source=sender.code, victim_reference=reference, from_hub=from_hub)
    context = IntakeContext(
        actor_label=actor_label,
        channel=Channel.TRANSFER,
        allowed_sources=frozenset({sender.code}),
        key_column="transfer_reference",
    )
    return next(iter(feed_receive([(0, row)], context)))
