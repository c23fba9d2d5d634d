"""The hub's corrections of a referral's victim (ADR 71): which details an officer changed,
and a later copy of the referral read with them.

An officer changes a victim's details on the case (a new phone number the victim gave, an
address after a move, a name the force keyed wrong). The referral's own copy of the victim
(`VictimDetails`, ADR 38) then holds the hub's value, and `VictimDetails.hub_corrected`
marks each such field with two keyed digests, never the values: of what the sender had
sent for it, and of what the hub put there. A later copy of the referral that sends the
same value as before is not new information: the hub's value stands (`with_corrections`),
so the force's next ordinary resend neither undoes the correction nor is compared as
another victim. A copy that sends a new value for the field is newer than the correction,
and applies as any change would (audited, the old value in the change history).
"""

import dataclasses
import datetime
from typing import Any

from django.utils.crypto import salted_hmac

from victimcare.referrals.feed import FeedReferral

# The details an officer may change on the case page, in the order the page shows them.
CORRECTABLE = (
    "given_name",
    "family_name",
    "business_name",
    "date_of_birth",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
)
IDENTITY = ("given_name", "family_name", "business_name", "date_of_birth")
# Fields a feed record holds in `text`; the others are attributes of the record.
_TEXT = frozenset(
    ("given_name", "family_name", "business_name", "address_line_1", "address_line_2", "town")
)
# The change history's reason for an officer's change starts with this.
HUB_CORRECTION = "Changed by the hub: "


def value_digest(value: Any) -> str:
    """A keyed digest of a detail (SECRET_KEY-keyed HMAC), so the hub can tell whether a
    sender sends a value again without keeping the value itself anywhere new."""
    if value is None:
        text = ""
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    return salted_hmac("victimcare.referrals.corrections", text, algorithm="sha256").hexdigest()[
        :32
    ]


def record_value(record: FeedReferral, name: str) -> Any:
    """The value a feed record sends for one correctable detail."""
    return record.text[name] if name in _TEXT else getattr(record, name)


def marks_after_change(
    marks: dict[str, list[str]], held: dict[str, Any], changed: dict[str, Any]
) -> dict[str, list[str]]:
    """The `hub_corrected` marks once an officer changes `changed` (field -> new value) over
    the values `held`. A field still holding the hub's earlier value keeps the sender's
    digest it had; a field holding the sender's value takes that value's digest. A field
    changed back to what the sender sent is the sender's again: no mark."""
    after = {name: list(pair) for name, pair in marks.items()}
    for name, value in changed.items():
        previous = after.get(name)
        hub_value_held = previous is not None and previous[1] == value_digest(held[name])
        sent_digest = previous[0] if previous is not None and hub_value_held else None
        if sent_digest is None:
            sent_digest = value_digest(held[name])
        if value_digest(value) == sent_digest:
            after.pop(name, None)
        else:
            after[name] = [sent_digest, value_digest(value)]
    return after


def with_corrections(record: FeedReferral, held: Any) -> FeedReferral:
    """A later copy of a referral as the hub reads it: each detail the hub corrected and
    the sender sends again unchanged takes the hub's value (`held`, the referral's victim
    details); every other detail is the copy's. The record itself is not changed."""
    marks: dict[str, list[str]] = getattr(held, "hub_corrected", None) or {}
    kept: dict[str, Any] = {}
    text = dict(record.text)
    for name, (sent_digest, hub_digest) in marks.items():
        hub_value = getattr(held, name)
        if value_digest(record_value(record, name)) != sent_digest:
            continue  # the sender sends something new: newer than the correction
        if value_digest(hub_value) != hub_digest:
            continue  # the held value is no longer the hub's (a newer copy replaced it)
        if name in _TEXT:
            text[name] = hub_value
        else:
            kept[name] = hub_value
    if not kept and text == record.text:
        return record
    return dataclasses.replace(record, text=text, **kept)
