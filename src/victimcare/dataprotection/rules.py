"""Pure rules of data protection operations (no database)."""

import calendar
import datetime


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
