"""Pure groupings for reports: crime group, age band, ethnic group; a simple forecast."""

import datetime

from victimcare.entitlements.rules import age_on


def crime_group(*, domestic_abuse: bool | None, sexual_offence: bool | None) -> str:
    """The MoJ return's crime groups: domestic abuse first, then sexual violence, else other."""
    if domestic_abuse:
        return "domestic_abuse"
    if sexual_offence:
        return "sexual_violence"
    return "other"


AGE_LIMITS = ((18, "under_18"), (25, "18_24"), (35, "25_34"), (50, "35_49"), (65, "50_64"))


def age_band(date_of_birth: datetime.date | None, on: datetime.date) -> str:
    if date_of_birth is None:
        return "unknown"
    age = age_on(date_of_birth, on)
    for limit, band in AGE_LIMITS:
        if age < limit:
            return band
    return "65_plus"


_ETHNIC = {"W": "white", "M": "mixed", "A": "asian", "B": "black", "O": "other"}


def ethnic_group(code: str) -> str:
    """ONS 2011 18+1 codes (W1…O2, NS) into the five groups and "not stated"."""
    return _ETHNIC.get(code[:1].upper(), "not_stated") if code and code != "NS" else "not_stated"


def linear_forecast(values: list[int], ahead: int) -> list[int]:
    """A least-squares straight line through the values, carried `ahead` steps (never < 0)."""
    n = len(values)
    if n == 0:
        return [0] * ahead
    if n == 1:
        return [values[0]] * ahead
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    spread = sum((x - mean_x) ** 2 for x in range(n))
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / spread
    return [max(0, round(mean_y + slope * (n - 1 + step - mean_x))) for step in range(1, ahead + 1)]
