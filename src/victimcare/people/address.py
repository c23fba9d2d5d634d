"""Addresses as linkage compares them (pure): flat and house numbers and the street apart.

"Flat 3, 94 Roundhay View" and "Flat 11, 77 Roundhay View" share a street, not an address:
folding an address to its letters (as the first model did) made neighbours one address.
Here the numbers are kept and compared on their own, and street words are written one way
("Rd" is "road", "St" at the end is "street").
"""

import re
import unicodedata
from dataclasses import dataclass

# Words that introduce a flat (or unit) number: "Flat 3", "Apartment 12b", "Unit 4".
_FLAT_WORDS = frozenset(
    {"flat", "flats", "apartment", "apt", "unit", "room", "maisonette", "suite", "no"}
)
# Street words written one way. "st" is "street" only at the end of a street ("St Johns
# Road" is Saint); it is handled in `_street`.
_STREET_WORDS = {
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "cres": "crescent",
    "cresc": "crescent",
    "dr": "drive",
    "gdns": "gardens",
    "gdn": "garden",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "ct": "court",
    "gr": "grove",
    "gro": "grove",
    "pk": "park",
    "hse": "house",
    "ctg": "cottage",
    "cotts": "cottages",
    "mt": "mount",
    "wy": "way",
    "bldgs": "buildings",
    "est": "estate",
    "nth": "north",
    "sth": "south",
    "upr": "upper",
    "lwr": "lower",
}
_NUMBER = re.compile(r"^\d+[a-z]?$")
_RANGE = re.compile(r"^\d+[a-z]?-\d+[a-z]?$")


@dataclass(frozen=True)
class Address:
    """An address's parts, normalised: "" for a part it does not have."""

    flat: str
    number: str
    street: str
    building: str = ""

    @property
    def known(self) -> bool:
        return bool(self.street or self.number or self.flat or self.building)

    @property
    def key(self) -> str:
        """One string that is equal only for the same flat, number and street."""
        if not self.known:
            return ""
        return f"{self.flat}|{self.building}|{self.number}|{self.street}"


def _fold(text: str) -> str:
    """Lower case, accents removed; letters, digits and hyphens between digits kept; commas
    kept as line breaks; every other mark a space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"(?<=\d)\s*[-/]\s*(?=\d)", "-", plain)  # "94 - 96" is a range
    plain = re.sub(r"(?<=\d)\s+(?=[a-z]\b)", "", plain)  # "94 A" is "94a"
    plain = re.sub(r"[^\w,\-]|_", " ", plain)
    return re.sub(r"\s+", " ", plain).strip()


def _street(words: list[str]) -> str:
    out = []
    for n, word in enumerate(words):
        if word == "st":
            word = "street" if n == len(words) - 1 else "saint"
        out.append(_STREET_WORDS.get(word, word))
    return " ".join(out)


def parse_address(*lines: str) -> Address:
    """The flat, house number, house name and street of an address given as its lines (the
    town is not one of them). A line or comma-separated part without a number that comes
    before one starting with a number is a house name ("Rose Cottage, 4 Mill Lane")."""
    parts = [part.split() for line in lines for part in _fold(line).split(",")]
    parts = [words for words in parts if words]
    flat = number = building = ""
    for index, words in enumerate(parts):
        n = 0
        while n < len(words):
            word = words[n]
            if word in _FLAT_WORDS and n + 1 < len(words) and _NUMBER.match(words[n + 1]):
                flat = words[n + 1]
                n += 2
            elif _NUMBER.match(word) or _RANGE.match(word):
                if number and not flat:
                    flat = number  # "3, 94 Roundhay View": the first number is the flat
                number = word
                n += 1
            elif word in _FLAT_WORDS and n + 1 < len(words):
                flat = words[n + 1]  # "Flat A": the letter is the flat
                n += 2
            else:
                break
        rest = [w for w in words[n:] if not _NUMBER.match(w)]
        if not rest:
            continue
        following = parts[index + 1] if index + 1 < len(parts) else []
        if n == 0 and not number and following and _NUMBER.match(following[0]):
            building = " ".join(rest)
            continue
        return Address(flat=flat, number=number, street=_street(rest), building=building)
    return Address(flat=flat, number=number, street="", building=building)


def address_key(*lines: str) -> str:
    """The address as the model compares it: flat, number and street ("" for none)."""
    return parse_address(*lines).key
