"""Victims' Code rules as pure functions. No ORM here.

For now: the deadline to pass a victim's details to support services and make first
contact (2 working days after the crime is reported, DOMAIN.md §4, the same for standard
and enhanced victims). The full entitlement table arrives with the entitlements issue.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from victimcare.entitlements.working_days import add_working_days

LONDON = ZoneInfo("Europe/London")
FIRST_CONTACT_WORKING_DAYS = 2


@dataclass(frozen=True)
class Deadline:
    due: datetime.date
    reason: str


def contact_deadline(reported_at: datetime.datetime) -> Deadline:
    """When the victim's details must reach support services, counted from the report."""
    reported_day = reported_at.astimezone(LONDON).date()
    due = add_working_days(reported_day, FIRST_CONTACT_WORKING_DAYS)
    return Deadline(
        due=due,
        reason=(
            f"Victims' Code: details pass to support services within "
            f"{FIRST_CONTACT_WORKING_DAYS} working days of the report on "
            f"{reported_day:%-d %B %Y}"
        ),
    )
