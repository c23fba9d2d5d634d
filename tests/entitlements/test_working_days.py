import datetime

from hypothesis import given
from hypothesis import strategies as st

from victimcare.entitlements.rules import contact_deadline
from victimcare.entitlements.working_days import (
    add_working_days,
    is_working_day,
    working_days_between,
)

LONDON = datetime.timezone(datetime.timedelta(0))


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert not is_working_day(datetime.date(2026, 12, 25))  # Christmas, Friday
    assert not is_working_day(datetime.date(2026, 12, 28))  # Boxing Day substitute, Monday
    assert not is_working_day(datetime.date(2026, 12, 26))  # Saturday
    assert is_working_day(datetime.date(2026, 12, 29))


def test_christmas_pushes_the_deadline_over_the_holidays() -> None:
    # Reported Thursday 24 Dec 2026: Fri 25 and Mon 28 are bank holidays.
    assert add_working_days(datetime.date(2026, 12, 24), 2) == datetime.date(2026, 12, 30)


def test_a_weekend_report_counts_from_monday() -> None:
    assert add_working_days(datetime.date(2026, 3, 14), 2) == datetime.date(2026, 3, 17)


def test_contact_deadline_uses_the_london_date_and_explains_itself() -> None:
    # 23:30 UTC on Sunday 29 March 2026 is 00:30 BST on Monday 30 March.
    due, reason = contact_deadline(datetime.datetime(2026, 3, 29, 23, 30, tzinfo=datetime.UTC))
    assert due == datetime.date(2026, 4, 1)
    assert "2 working days" in reason and "30 March 2026" in reason


@given(
    start=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31)),
    days=st.integers(min_value=0, max_value=40),
)
def test_adding_working_days_lands_on_a_working_day_that_many_days_on(
    start: datetime.date, days: int
) -> None:
    due = add_working_days(start, days)
    assert working_days_between(start, due) == days
    if days:
        assert is_working_day(due)
        assert due > start
