"""The stored Splink model's comparison levels as Python tests: each level's SQL condition,
as the hub's model writes it, is matched against the forms the scorer understands (null,
exact, Jaro-Winkler, Levenshtein, Damerau-Levenshtein, date difference, another field's
values more than so many keying errors apart) and compiled to a function of the pair's two
values. Any other condition is refused (`UnsupportedModel`), so a changed model can never be
scored wrongly in silence (linkage/scorer.py)."""

import datetime
import functools
import re
from collections.abc import Callable
from typing import Any

import jellyfish

# jellyfish's Jaro-Winkler, Levenshtein and Damerau-Levenshtein agree with DuckDB's on
# names, addresses, postcodes and dates (checked on 150,000 pairs, and by the test above).
_FIELD = r'"(?P<field>\w+)_l"'
_SAME = r'"(?P=field)_r"'
_DATE_L = r"try_strptime\(" + _FIELD + r", '(?P<format>[^']+)'\)"
_DATE_R = r"try_strptime\(" + _SAME + r", '(?P=format)'\)"
_PATTERNS = {
    "null": re.compile(rf"^{_FIELD} IS NULL OR {_SAME} IS NULL$"),
    "date_null": re.compile(rf"^{_DATE_L} IS NULL OR {_DATE_R} IS NULL$"),
    "exact": re.compile(rf"^{_FIELD} = {_SAME}$"),
    # Another field's values more than so many keying errors apart (both known): the
    # address comparison's level for a different address in another postcode, where the
    # postcode is at its own "different" level (splink_model.address_comparison).
    "differs": re.compile(rf"^damerau_levenshtein\({_FIELD}, {_SAME}\) > (?P<value>[0-9]+)$"),
    "jaro_winkler": re.compile(
        rf"^jaro_winkler_similarity\({_FIELD}, {_SAME}\) >= (?P<value>[0-9.]+)$"
    ),
    "levenshtein": re.compile(rf"^levenshtein\({_FIELD}, {_SAME}\) <= (?P<value>[0-9]+)$"),
    "damerau_levenshtein": re.compile(
        rf"^damerau_levenshtein\({_FIELD}, {_SAME}\) <= (?P<value>[0-9]+)$"
    ),
    "date_difference": re.compile(
        rf"^ABS\(EPOCH\({_DATE_L}\) - EPOCH\({_DATE_R}\)\) <= (?P<value>[0-9.]+)$"
    ),
}
_MAX_FORMAT = "%Y-%m-%d"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class UnsupportedModel(Exception):
    """The stored model has a comparison level this scorer cannot evaluate."""


@functools.lru_cache(maxsize=65_536)
def _date(value: Any) -> datetime.date | None:
    try:
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            # What the hub writes (date.isoformat()): read fifty times faster than strptime,
            # which a hundred candidates' dates of birth each needed in a real-time match.
            return datetime.date.fromisoformat(value)
        return datetime.datetime.strptime(value, _MAX_FORMAT).date()
    except (TypeError, ValueError):
        return None


def _test(condition: str) -> tuple[str, Callable[[Any, Any], bool]]:
    """The field a level's SQL condition reads, and the condition as a Python test."""
    return _compile(condition)[1:]


def level_kind(condition: str) -> str:
    """What sort of comparison a level's SQL condition makes ("exact", "jaro_winkler", ...)."""
    return "else" if condition.strip() == "ELSE" else _compile(condition)[0]


def _compile(condition: str) -> tuple[str, str, Callable[[Any, Any], bool]]:
    for kind, pattern in _PATTERNS.items():
        found = pattern.match(condition.strip())
        if not found:
            continue
        if "format" in found.groupdict() and found["format"] != _MAX_FORMAT:
            raise UnsupportedModel(f"date format {found['format']!r} in {condition!r}")
        value = found.groupdict().get("value")
        if kind == "null":
            return kind, found["field"], lambda a, b: a is None or b is None
        if kind == "date_null":
            return kind, found["field"], lambda a, b: _date(a) is None or _date(b) is None
        if kind == "exact":
            return kind, found["field"], lambda a, b: bool(a == b)
        if kind == "differs":  # SQL: a distance to NULL is NULL, and NULL > x is not true
            edits = int(value or 0)
            return (
                kind,
                found["field"],
                lambda a, b, edits=edits: (
                    a is not None
                    and b is not None
                    and jellyfish.damerau_levenshtein_distance(a, b) > edits
                ),
            )
        if kind == "jaro_winkler":
            limit = float(value or 0)
            return (
                kind,
                found["field"],
                lambda a, b, limit=limit: jellyfish.jaro_winkler_similarity(a, b) >= limit,
            )
        if kind == "levenshtein":
            edits = int(value or 0)
            return (
                kind,
                found["field"],
                lambda a, b, edits=edits: jellyfish.levenshtein_distance(a, b) <= edits,
            )
        if kind == "damerau_levenshtein":
            edits = int(value or 0)
            return (
                kind,
                found["field"],
                (lambda a, b, edits=edits: jellyfish.damerau_levenshtein_distance(a, b) <= edits),
            )
        seconds = float(value or 0)

        def within(a: Any, b: Any, seconds: float = seconds) -> bool:
            left, right = _date(a), _date(b)
            if left is None or right is None:  # SQL: NULL <= x is not true
                return False
            return abs((left - right).days) * 86_400 <= seconds

        return kind, found["field"], within
    raise UnsupportedModel(f"comparison level {condition!r} is not one the scorer evaluates")
