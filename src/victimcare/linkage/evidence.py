"""What tells two people apart, enforced over the model's score (pure rules, no ORM).

A model's probability is a sum of weights: a shared postcode, address and family name can
outweigh two different given names and dates of birth, and then a mother is joined to her
daughter. So a pair may be joined automatically only with all of (issue 16, ADR 42):

- the given names agree: exactly, by one keying error, or as a known short form (Bob and
  Robert), or the given and family names were keyed the wrong way round;
- the dates of birth agree: exactly, or by one keying error (day and month swapped, one
  digit wrong in the day, the month or the year's last two digits; the decade's digit
  only where the given names are the very same, the two share a home, phone or email, and
  no phone or email differs: ADR 64);
- one more identifier agrees: the family name, the address with its house or flat number,
  the phone or the email.

Any other pair is at most a review pair, whatever its probability; one whose given names and
dates of birth both differ beyond a keying error is two people, kept apart without review.
A pair that shares an
address, a phone or a family name but whose given names or dates of birth differ beyond a
keying error is a household pair (twins, parent and child, siblings, partners): never
joined automatically, and shown as "possibly a relative". Each result carries its reasons
in the words an officer reads.
"""

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from victimcare.linkage.names import (
    NameSpellings,
    _given_names,
    _words,
    family_names_compared,
)
from victimcare.people.address import Address, parse_address


class DecisionCap(enum.StrEnum):
    """The most a pair may get, whatever the model's probability."""

    JOIN = "join"  # an automatic join is allowed (if the model reaches its threshold)
    REVIEW = "review"  # at most an officer's review
    APART = "apart"  # given names and dates of birth both differ: two people, not reviewed


@dataclass(frozen=True)
class Identity:
    """What linkage knows of a person. Phone and email may be their blind-index digests:
    they are only tested for equality. Blanks are missing, never a value."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: datetime.date | None = None
    address_lines: tuple[str, ...] = ()
    postcode: str = ""
    phone: str = ""
    email: str = ""
    sex: str = ""  # "female", "male", "other"; "" or "unknown" when not known
    # Whether the phone is a UK mobile (one person's) rather than a landline a household
    # shares; None when not known (no phone, or only its digest was at hand).
    phone_mobile: bool | None = None

    @classmethod
    def of(cls, person: Any, *, phone: str | None = None, email: str | None = None) -> "Identity":
        """From anything with a Person's attributes (a Person, a feed row's values)."""

        def text(name: str) -> str:
            return str(getattr(person, name, "") or "")

        return cls(
            given_name=text("given_name"),
            family_name=text("family_name"),
            date_of_birth=getattr(person, "date_of_birth", None),
            address_lines=(text("address_line_1"), text("address_line_2")),
            postcode=text("postcode"),
            phone=text("phone") if phone is None else phone,
            email=text("email") if email is None else email,
            sex=text("sex"),
            phone_mobile=is_mobile(text("phone")),
        )


def is_mobile(phone: str) -> bool | None:
    """Whether a phone number (E.164, as the feed stores it) is a UK mobile: +447 but not
    +4470 (personal numbers) or +4476 (pagers). None for no number."""
    number = phone.strip().replace(" ", "")
    if not number:
        return None
    if number.startswith("07"):
        number = "+44" + number[1:]
    return number.startswith("+447") and number[4:5] not in ("0", "6")


@dataclass(frozen=True)
class PairEvidence:
    decision_cap: DecisionCap
    household: bool  # shares an address, phone or family name but is someone else
    reasons: list[str] = field(default_factory=list)
    names_agree: bool = False
    dates_agree: bool = False
    also_agree: tuple[str, ...] = ()  # which further identifiers agree


def _spoken(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def dates_compared(a: datetime.date | None, b: datetime.date | None) -> tuple[bool | None, str]:
    """Whether two dates of birth are one person's, allowing one keying error."""
    if a is None or b is None:
        return None, "Date of birth missing for one of them"
    if a == b:
        return True, "Same date of birth"
    both = f"{_spoken(a)} and {_spoken(b)}"
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return True, f"Dates of birth with day and month swapped: {both}"
    digits_a, digits_b = f"{a:%Y%m%d}", f"{b:%Y%m%d}"
    differ = [n for n in range(8) if digits_a[n] != digits_b[n]]
    # One digit wrong, but not in the century: 1879 for 1979 is no date of birth a victim
    # has. The decade's digit (1989 for 1979) is a slip too; pair_evidence allows it only
    # where `_one_slip_at_home` says so (`decade_slip`).
    if len(differ) == 1 and differ[0] >= 3:
        return True, f"Dates of birth one digit apart: {both}"
    if differ == [2]:
        return True, f"Dates of birth one digit apart, in the decade: {both}"
    transposed = len(differ) == 2 and differ[1] == differ[0] + 1 and differ[0] >= 4
    if (
        transposed
        and digits_a[differ[0]] == digits_b[differ[1]]
        and (digits_a[differ[1]] == digits_b[differ[0]])
    ):
        return True, f"Dates of birth with two digits swapped: {both}"
    return False, f"Different date of birth: {both}"


def decade_slip(a: datetime.date | None, b: datetime.date | None) -> bool:
    """Whether two dates of birth differ only in the year's decade digit (14 March 1979 and
    14 March 1989): a keying slip, or a parent and child born on the same day of the year
    with the years one digit apart, about one same-named parent and child in 3,650."""
    if a is None or b is None:
        return False
    digits_a, digits_b = f"{a:%Y%m%d}", f"{b:%Y%m%d}"
    return [n for n in range(8) if digits_a[n] != digits_b[n]] == [2]


def _one_slip_at_home(
    a: Identity,
    b: Identity,
    swapped: bool,
    address: bool | None,
    phone: bool | None,
    email: bool | None,
) -> bool:
    """Whether a decade's digit keyed wrongly may be taken for a slip (ADR 64): the given
    names the very same words (not a short form, a letter slipped, a second name on one
    side or the names the wrong way round: one slip, not two); the same home, phone or
    email (a namesake elsewhere born twenty years on is someone else); and no phone or
    email that differs (a father and son named alike at one address each have their own)."""
    very_same = (
        not swapped
        and bool(_words(a.given_name))
        and (_words(a.given_name) == _words(b.given_name))
    )
    differs = phone is False or email is False
    return very_same and bool(address or phone or email) and not differs


def addresses_compared(a: Address, b: Address) -> tuple[bool | None, str]:
    if not a.known or not b.known:
        return None, "Address missing for one of them"
    if a.key == b.key:
        return True, "Same address"
    if a.street and a.street == b.street:
        if a.number != b.number:
            if not a.number or not b.number:
                return False, "Same street, house number missing for one of them"
            return False, "Same street, different house number"
        if a.flat != b.flat:
            return False, "Same building, different flat number"
        return False, "Same street and number, different house name"
    return False, "Different address"


def _outward(postcode: str) -> str:
    return postcode.strip().upper().split(" ")[0] if postcode.strip() else ""


def _same(a: str, b: str) -> bool | None:
    a, b = a.strip().casefold(), b.strip().casefold()
    return None if not a or not b else a == b


def _both_differ(a: str, b: str) -> bool:
    return bool(a and b and a != b)


def _sex_differs(a: str, b: str) -> bool:
    known = {"female", "male"}
    return a in known and b in known and a != b


def pair_evidence(
    a: Identity, b: Identity, *, spellings: NameSpellings | None = None
) -> PairEvidence:
    """The evidence for and against two records being one person, and the most the pair may
    get: an automatic join, or at most review. `spellings` (from the index's given-name
    frequencies, `names.names_in_own_right`) says when two given names one letter apart are
    both names people hold (Jaime and Jamie: only alike, as twins' names are, even if the
    letters could have slipped) or a common name and a misspelling of it (Jmes and James)."""
    reasons: list[str] = []
    given, given_reason, given_alike_only = _given_names(a.given_name, b.given_name, spellings)
    family, family_reason = family_names_compared(a.family_name, b.family_name)
    swapped = (
        not given
        and bool(_words(a.given_name) and _words(b.family_name))
        and "".join(_words(a.given_name)) == "".join(_words(b.family_name))
        and "".join(_words(a.family_name)) == "".join(_words(b.given_name))
    )
    if swapped:
        given, given_reason, family = True, "Given and family names the wrong way round", None
        family_reason, given_alike_only = "", False
    dates, dates_reason = dates_compared(a.date_of_birth, b.date_of_birth)
    decade = bool(dates) and decade_slip(a.date_of_birth, b.date_of_birth)
    reasons += [given_reason, dates_reason] + ([family_reason] if family_reason else [])

    address_a, address_b = parse_address(*a.address_lines), parse_address(*b.address_lines)
    address, address_reason = addresses_compared(address_a, address_b)
    postcode = _same(a.postcode, b.postcode)
    if address and postcode is False and _outward(a.postcode) != _outward(b.postcode):
        address, address_reason = False, "Same street and number in different postcode areas"
    reasons.append(address_reason)
    if postcode is not None:
        reasons.append("Same postcode" if postcode else "Different postcode")
    phone, email = _same(a.phone, b.phone), _same(a.email, b.email)
    if phone is not None:
        reasons.append("Same phone number" if phone else "Different phone numbers")
    if email is not None:
        reasons.append("Same email address" if email else "Different email addresses")

    identifiers = (
        ("family name", family),
        ("address", address),
        ("phone", phone),
        ("email", email),
    )
    if decade and not _one_slip_at_home(a, b, swapped, address, phone, email):
        both = dates_reason.split(": ", 1)[1]
        where = reasons.index(dates_reason)
        dates, dates_reason = False, f"Dates of birth a decade apart on the same day: {both}"
        reasons[where] = dates_reason
    also = tuple(name for name, agrees in identifiers if agrees)
    shares = bool(address or phone or (family and not swapped))
    household = shares and (given is False or dates is False)
    sex_differs = _sex_differs(a.sex.casefold(), b.sex.casefold())
    if sex_differs:
        reasons.append("Recorded as different sexes")
    # Contact details of their own that both records hold and that differ.
    contact_differs = phone is False or email is False
    personal = bool(phone or email)
    # A shared landline is the household's, not one person's: it does not tell twins apart.
    landline = bool(phone) and (a.phone_mobile is False or b.phone_mobile is False)
    own_contact = bool(email or (phone and not landline))
    # Twins: names only alike (James and Jamie), the very same birthday. Only a phone or an
    # email of their own, and none that differs, says it is one person keyed two ways.
    possible_twins = bool(
        given_alike_only
        and dates
        and a.date_of_birth == b.date_of_birth
        and not (own_contact and not contact_differs)
    )
    # The same name and birthday but another home and other contact details: two people
    # who share a common name (Mohammed Khan at Flat 3 and at Flat 11), until an officer
    # says otherwise.
    elsewhere = address is False and contact_differs and not personal
    # Another house or flat in the same street: a neighbour who shares a name and birthday,
    # or a number keyed wrongly. Only a mobile or an email of their own in common tells.
    # Both numbers (or both flats) known and different, in one postcode area: a number
    # missing on one side, a house name added or the same street name in another town are
    # left to the other rules.
    numbers_differ = _both_differ(address_a.number, address_b.number) or _both_differ(
        address_a.flat, address_b.flat
    )
    next_door = bool(
        address is False
        and address_a.street
        and address_a.street == address_b.street
        and numbers_differ
        and (postcode is not False or _outward(a.postcode) == _outward(b.postcode))
        and not own_contact
    )
    join = bool(
        given
        and dates
        and also
        and not sex_differs
        and not possible_twins
        and not elsewhere
        and not next_door
    )
    if possible_twins and (address or phone):
        household = True
        reasons.insert(
            0,
            "Possibly a relative (twins?): they share a date of birth and "
            + _listed(
                [
                    w
                    for w, ok in (
                        ("an address", address),
                        ("a phone number", phone),
                        ("a family name", family),
                    )
                    if ok
                ]
            )
            + f" and their given names are only alike: {given_reason}",
        )
    elif household:
        reasons.insert(
            0,
            "Possibly a relative: they share "
            + _listed(
                [
                    w
                    for w, ok in (
                        ("an address", address),
                        ("a phone number", phone),
                        ("a family name", family and not swapped),
                    )
                    if ok
                ]
            )
            + " but are told apart by "
            + _listed(
                [
                    w
                    for w, ok in (("given name", given is False), ("date of birth", dates is False))
                    if ok
                ]
            ),
        )
    elif possible_twins:
        reasons.insert(
            0,
            "Not enough to join without an officer: the given names are only "
            "alike and the birthday is the same, as twins' are",
        )
    elif elsewhere:
        reasons.insert(
            0, "Not enough to join without an officer: another address and other contact details"
        )
    elif next_door and given and dates:
        reasons.insert(
            0,
            "Not enough to join without an officer: another house or flat in the same street, "
            "and no mobile or email of their own in common",
        )
    elif not join:
        reasons.insert(0, "Not enough to join without an officer: " + _missing(given, dates, also))
    cap = DecisionCap.JOIN if join else DecisionCap.REVIEW
    if given is False and dates is False:
        cap = DecisionCap.APART
    return PairEvidence(
        decision_cap=cap,
        household=household,
        reasons=reasons,
        names_agree=bool(given),
        dates_agree=bool(dates),
        also_agree=also,
    )


def _listed(items: Iterable[str]) -> str:
    words = list(items)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _missing(given: bool | None, dates: bool | None, also: tuple[str, ...]) -> str:
    needs = []
    if not given:
        needs.append("given names that agree")
    if not dates:
        needs.append("dates of birth that agree")
    if not also:
        needs.append("a family name, address, phone or email that agrees")
    return "needs " + _listed(needs) if needs else "recorded as different sexes"
