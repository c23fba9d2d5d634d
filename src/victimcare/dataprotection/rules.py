"""Pure rules of data protection operations (no database)."""

import calendar
import datetime

from django.utils import timezone


def one_calendar_month_after(day: datetime.date) -> datetime.date:
    """The due date of a subject access request received on `day` (ICO guidance: the
    corresponding day of the next month, or its last day if that month is shorter)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (clamped to the month's end)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The ONS 2011 census ethnicity codes the referral feed carries (referrals/feed.py), in words.
ETHNICITY_LABELS = {
    "W1": "White: English, Welsh, Scottish, Northern Irish or British",
    "W2": "White: Irish",
    "W3": "White: Gypsy or Irish Traveller",
    "W4": "White: any other White background",
    "M1": "Mixed: White and Black Caribbean",
    "M2": "Mixed: White and Black African",
    "M3": "Mixed: White and Asian",
    "M4": "Mixed: any other mixed or multiple ethnic background",
    "A1": "Asian or Asian British: Indian",
    "A2": "Asian or Asian British: Pakistani",
    "A3": "Asian or Asian British: Bangladeshi",
    "A4": "Asian or Asian British: Chinese",
    "A5": "Asian or Asian British: any other Asian background",
    "B1": "Black, African, Caribbean or Black British: African",
    "B2": "Black, African, Caribbean or Black British: Caribbean",
    "B3": "Black, African, Caribbean or Black British: any other background",
    "O1": "Other ethnic group: Arab",
    "O2": "Other ethnic group: any other ethnic group",
    "NS": "Not stated",
}


def ethnicity_label(code: str) -> str:
    """The words for an ethnicity code; an unknown code as it is, nothing as nothing."""
    return ETHNICITY_LABELS.get(code.strip().upper(), code) if code else ""


def yes_no_not_known(value: bool | None) -> str:
    return "Not known" if value is None else "Yes" if value else "No"


def long_date(value: str) -> str:
    """ "2026-11-24" or "2026-11-24T09:30:00+00:00" as "24 November 2026" (UK time)."""
    if not value:
        return ""
    try:
        if len(value) > 10:
            moment = datetime.datetime.fromisoformat(value)
            day = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
        else:
            day = datetime.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def agreement_state(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    revoked: bool,
    day: datetime.date,
) -> str:
    """A data sharing agreement's state on `day`, in words: exactly one of four."""
    if revoked:
        return "Revoked"
    if day < starts_on:
        return "Not started"
    if ends_on is not None and ends_on < day:
        return "Ended"
    return "In force"


# The record types the disposal log names (retention.py), in words.
RECORD_NAMES = {
    "cases.case": "Case",
    "cases.onwardreferral": "Referral to another service",
    "referrals.referral": "Referral",
    "referrals.importrun": "Import report",
    "referrals.transfer": "Out-of-area transfer",
    "people.person": "Person",
}


def record_name(object_type: str, object_id: str) -> str:
    """ "Case 12", "Import report 3": a disposed record by its kind and number."""
    return f"{RECORD_NAMES.get(object_type, 'Record')} {object_id}"
