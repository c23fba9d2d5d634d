"""What an officer typed in the search box, read as the identifiers it holds (pure).

One box takes a name, a date of birth, a case reference, a crime reference, a phone number
or an email address, or a name with a date of birth ("Sarah Jones 12/3/1985"). Reading it
needs no database: the selector (`cases.search`) turns the terms into lookups.
"""

import datetime
import re
from dataclasses import dataclass

import phonenumbers

CASE_REFERENCE = re.compile(r"^VC-?[0-9A-Z]{5}-?[0-9A-Z]{5}$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDED_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})")
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchTerms:
    """The identifiers found in a query; empty strings and None where it held none."""

    text: str
    case_reference: str = ""
    reference: str = ""  # anything else that could be a crime reference, as typed
    email: str = ""
    phone: str = ""  # E.164
    date_of_birth: datetime.date | None = None
    names: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.case_reference
            or self.reference
            or self.email
            or self.phone
            or self.date_of_birth
            or self.names
        )


def _date(day: str, month: str | int, year: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _phone(text: str) -> str:
    digits = re.sub(r"[\s()-]", "", text)
    if not re.fullmatch(r"\+?\d{7,15}", digits):
        return ""
    try:
        number = phonenumbers.parse(digits, "GB")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def search_terms(query: str) -> SearchTerms:
    """Read a query. Characters that cannot be typed (controls, lone surrogates) are
    dropped; the query is cut at MAX_QUERY_LENGTH."""
    text = "".join(
        ch
        for ch in (query or "")[:MAX_QUERY_LENGTH]
        if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF
    ).strip()
    if not text:
        return SearchTerms(text="")
    compact = text.upper().replace(" ", "")
    if CASE_REFERENCE.match(compact):
        bare = compact.replace("-", "")
        return SearchTerms(text=text, case_reference=f"{bare[:2]}-{bare[2:7]}-{bare[7:]}")
    if "@" in text and " " not in text:
        return SearchTerms(text=text, email=text.casefold())
    phone = "" if _NUMERIC_DATE.match(text) or _ISO_DATE.match(text) else _phone(text)
    if phone:
        return SearchTerms(text=text, phone=phone, reference=text)
    date_of_birth = None
    rest = text
    worded = _WORDED_DATE.search(text)
    if worded and worded.group(2).casefold() in _MONTHS:
        date_of_birth = _date(worded.group(1), _MONTHS[worded.group(2).casefold()], worded.group(3))
        rest = (text[: worded.start()] + " " + text[worded.end() :]).strip()
    words = []
    for word in rest.split():
        numeric, iso = _NUMERIC_DATE.match(word), _ISO_DATE.match(word)
        if date_of_birth is None and numeric:
            date_of_birth = _date(numeric.group(1), numeric.group(2), numeric.group(3))
        elif date_of_birth is None and iso:
            date_of_birth = _date(iso.group(3), iso.group(2), iso.group(1))
        else:
            words.append(word)
    if any(ch.isdigit() for ch in "".join(words)):
        # Digits that are not a date: a crime reference, as typed.
        return SearchTerms(text=text, reference=" ".join(words), date_of_birth=date_of_birth)
    names = tuple(w for w in (re.sub(r"[^\w'-]", "", w) for w in words) if w)
    return SearchTerms(text=text, date_of_birth=date_of_birth, names=names)
