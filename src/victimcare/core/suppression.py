"""Small-number suppression: aggregate figures never show a count from 1 to 4, so that no
victim can be picked out of a table (commissioners, exports; ADR 23)."""

from typing import Any

SUPPRESSED = "fewer than 5"


def suppress(value: Any) -> Any:
    """A count from 1 to 4 as "fewer than 5"; anything else as it is."""
    small = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 5
    return SUPPRESSED if small else value
