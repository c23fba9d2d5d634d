"""What one cell of a feed row may hold, whichever way it came: pure checks, no ORM.

A cell arrives as text (a CSV file) or as a JSON value (the API). It becomes text, or is
refused with a reason a sender can act on. Refused: text that is not valid Unicode (a
lone surrogate such as "\\udc00", which no database or encoder can store), NUL and the
other control characters (tab and line breaks are kept), numbers JSON does not define
(NaN, Infinity), lists and objects, and any cell longer than the hub will hold.
"""

import math
import re
import unicodedata
from typing import Any

# A cell the feed gives no shorter limit to (free text, unknown columns) holds this much.
MAX_CELL_LENGTH = 4000
MAX_COLUMN_NAME_LENGTH = 100
# Unknown columns are kept aside with the referral; a row may bring only so many.
MAX_UNKNOWN_COLUMNS = 50

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def readable(text: str) -> str:
    """Text safe to echo back in a message or a JSON answer: characters that cannot be
    stored or shown (lone surrogates, control characters) written as escapes."""
    escaped = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group(0)):02x}", escaped)


def text_problem(text: str) -> str | None:
    """Why this text cannot be stored, or None when it can."""
    if _SURROGATE.search(text):
        return (
            "contains a broken character (half of an emoji, or a character saved in another "
            "encoding): retype the value"
        )
    if "\x00" in text:
        return "contains a NUL character"
    control = _CONTROL.search(text)
    if control:
        return f"contains the control character U+{ord(control.group(0)):04X}"
    return None


def invisible_character(text: str) -> str | None:
    """Why a reference cannot hold this text: a character no one can see (a zero-width
    space, a direction mark), which would make two references that look the same two
    different ones. Names may hold joiners (some scripts need them); references may not."""
    for character in text:
        if unicodedata.category(character) == "Cf":
            return (
                f"contains an invisible character (U+{ord(character):04X}): retype the "
                "reference without it"
            )
    return None


def cell_text(value: Any) -> str:
    """A cell as feed text: null is blank, true/false as words, numbers as written.
    Raises ValueError with the reason when the cell cannot be feed text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("is not a number (NaN and Infinity are not accepted)")
        return str(value)
    if not isinstance(value, str):
        raise ValueError("must be text, a number, true, false or null")
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value
