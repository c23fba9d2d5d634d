"""What tells two people apart, enforced over the model's score (pure rules, no ORM).

A model's probability is a sum of weights: a shared postcode, address and family name can
outweigh two different given names and dates of birth, and then a mother is joined to her
daughter. So a pair may be joined automatically only with all of (issue 16, ADR 42):

- the given names agree: exactly, by one keying error, or as a known short form (Bob and
  Robert), or the given and family names were keyed the wrong way round;
- the dates of birth agree: exactly, or by one keying error (day and month swapped, one
  digit wrong in the day, the month or the year's last digit);
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

import jellyfish

from victimcare.people.address import Address, parse_address
from victimcare.people.normalise import fold

# Common English short forms and nicknames, to the full names they stand for. Small on
# purpose: a wrong entry would make two people's names agree.
SHORT_FORMS: dict[str, frozenset[str]] = {
    short: frozenset(full.split())
    for short, full in {
        "abbie": "abigail", "abby": "abigail", "alex": "alexander alexandra",
        "alf": "alfred", "andy": "andrew", "annie": "anne ann anna", "bea": "beatrice",
        "becky": "rebecca", "bella": "isabella isabel", "ben": "benjamin",
        "beth": "elizabeth bethany", "betty": "elizabeth", "bill": "william",
        "billy": "william", "bob": "robert", "bobby": "robert", "cathy": "catherine katherine",
        "charlie": "charles charlotte", "chris": "christopher christine christina",
        "dan": "daniel", "danny": "daniel", "dave": "david", "debbie": "deborah",
        "ed": "edward", "eddie": "edward", "ellie": "eleanor", "fred": "frederick",
        "freddie": "frederick", "gill": "gillian", "harry": "henry harold", "jack": "john",
        "jackie": "jacqueline", "jake": "jacob", "jamie": "james", "jen": "jennifer",
        "jenny": "jennifer", "jim": "james", "jimmy": "james", "jo": "joanne joanna josephine",
        "joe": "joseph", "jon": "jonathan", "josh": "joshua", "kate": "katherine catherine kathryn",
        "kath": "katherine catherine kathryn", "kathy": "katherine kathryn",
        "katie": "katherine catherine kathryn", "ken": "kenneth", "larry": "lawrence",
        "len": "leonard", "libby": "elizabeth", "liz": "elizabeth", "lizzie": "elizabeth",
        "maggie": "margaret", "mandy": "amanda", "matt": "matthew", "meg": "margaret",
        "mick": "michael", "mike": "michael", "nat": "nathan natalie nathaniel",
        "nick": "nicholas", "nicky": "nicola nicholas", "pat": "patricia patrick",
        "peggy": "margaret", "pete": "peter", "phil": "philip phillip", "rob": "robert",
        "robbie": "robert", "ron": "ronald", "sam": "samuel samantha", "sandy": "sandra",
        "steph": "stephanie", "steve": "stephen steven", "sue": "susan suzanne",
        "susie": "susan", "ted": "edward", "terry": "terence", "tim": "timothy",
        "tom": "thomas", "tommy": "thomas", "tony": "anthony", "vicky": "victoria",
        "will": "william", "zach": "zachary",
    }.items()
}  # fmt: skip


# Short forms that are only ever what someone is called, seldom the name they were given:
# nobody names twins Robert and Bob. The others in the table (Jamie, Sam, Chris, Alex,
# Charlie, Jack, Katie...) are given names in their own right, and twins are named James
# and Jamie; those, on the very same birthday, still need a phone or email of their own.
INFORMAL_ONLY = frozenset((
    "alf", "andy", "becky", "ben", "bill", "bob", "cathy", "dan", "dave", "debbie", "ed", "fred",
    "gill", "jen", "jim", "jon", "joe", "josh", "kath", "kathy", "ken", "len", "liz", "maggie",
    "mandy", "matt", "meg", "mick", "mike", "nick", "pat", "peggy", "pete", "phil", "rob", "ron",
    "steph", "steve", "sue", "susie", "ted", "tim", "tom", "tony", "vicky", "will", "zach",
))  # fmt: skip
assert SHORT_FORMS.keys() >= INFORMAL_ONLY

# Letters next to each other on a UK keyboard: a slip of the finger lands on a neighbour.
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, frozenset[str]] = {}
for _row_number, _row in enumerate(_KEY_ROWS):
    for _column, _letter in enumerate(_row):
        _near = {_row[c] for c in (_column - 1, _column + 1) if 0 <= c < len(_row)}
        for _other_row in (_row_number - 1, _row_number + 1):
            if 0 <= _other_row < len(_KEY_ROWS):
                _near |= {_KEY_ROWS[_other_row][c] for c in (_column - 1, _column, _column + 1)
                          if 0 <= c < len(_KEY_ROWS[_other_row])}  # fmt: skip
        _NEIGHBOURS[_letter] = frozenset(_near)


def keying_slip(a: str, b: str) -> bool:
    """Whether two spellings one edit apart differ the way fingers slip, not the way names
    do: two letters swapped, a neighbouring key, a letter doubled or a double letter keyed
    once, never in the first letter. Diane and Diana, Dean and Sean, Ella and Bella are
    names; Jmaes, Jamrs and Jammes are James keyed badly."""
    if not a or not b or a[0] != b[0] or a == b:
        return False
    if len(a) == len(b):
        differ = [n for n in range(len(a)) if a[n] != b[n]]
        if len(differ) == 1:
            n = differ[0]
            return b[n] in _NEIGHBOURS.get(a[n], frozenset())
        return (
            len(differ) == 2 and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]]
        )  # fmt: skip
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1:
        return False
    for n in range(1, len(long)):
        if long[:n] + long[n + 1 :] == short:
            # A letter doubled (Jammes) or a double keyed once (Mathew for Matthew).
            return long[n] == long[n - 1] or (n + 1 < len(long) and long[n] == long[n + 1])
    return False


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
            given_name=text("given_name"), family_name=text("family_name"),
            date_of_birth=getattr(person, "date_of_birth", None),
            address_lines=(text("address_line_1"), text("address_line_2")),
            postcode=text("postcode"),
            phone=text("phone") if phone is None else phone,
            email=text("email") if email is None else email, sex=text("sex"),
            phone_mobile=is_mobile(text("phone")),
        )  # fmt: skip


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


def _words(name: str) -> list[str]:
    return fold(name).split()


def _one_keying_error(a: str, b: str) -> bool:
    return jellyfish.damerau_levenshtein_distance(a, b) == 1


def _gendered_pair(a: str, b: str) -> bool:
    """Paul and Paula, Louis and Louise: one letter apart, usually two people."""
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and long.startswith(short) and long[-1] in "ae"


def given_names_compared(a: str, b: str) -> tuple[bool | None, str]:
    """Whether two given names are the same person's (None: one is missing), and why."""
    agrees, reason, _alike_only = _given_names(a, b)
    return agrees, reason


def _given_names(a: str, b: str) -> tuple[bool | None, str, bool]:
    """(agree, why, only alike): `only alike` when they agree only as a short form or by
    one letter, which twins' names often do (James and Jamie, Chris and Christine)."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return None, "Given name missing for one of them", False
    first_l, first_r = left[0], right[0]
    if "".join(left) == "".join(right):
        return True, "Same given name", False
    if first_l == first_r:
        if len(left) > 1 and len(right) > 1:
            # Anne-Marie and Anne-Louise, Mary Ann and Mary Jane: two names, two people.
            return False, f"Different given names: {a.strip()} and {b.strip()}", False
        return True, "Same given name", False
    both = f"{a.strip()} and {b.strip()}"
    if first_r in SHORT_FORMS.get(first_l, ()) or first_l in SHORT_FORMS.get(first_r, ()):
        informal = first_l in INFORMAL_ONLY or first_r in INFORMAL_ONLY
        return True, f"Given names match as a short form: {both}", not informal
    if SHORT_FORMS.get(first_l, frozenset()) & SHORT_FORMS.get(first_r, frozenset()):
        informal = first_l in INFORMAL_ONLY and first_r in INFORMAL_ONLY
        return True, f"Given names are short forms of one name: {both}", not informal
    if (
        min(len(first_l), len(first_r)) >= 4
        and _one_keying_error(first_l, first_r)
        and not _gendered_pair(first_l, first_r)
    ):
        slip = keying_slip(first_l, first_r)
        return True, f"Given names one letter apart: {both}", not slip
    return False, f"Different given names: {both}", False


def family_names_compared(a: str, b: str) -> tuple[bool | None, str]:
    left, right = "".join(_words(a)), "".join(_words(b))
    if not left or not right:
        return None, "Family name missing for one of them"
    if left == right:
        return True, "Same family name"
    if min(len(left), len(right)) >= 4 and _one_keying_error(left, right):
        return True, f"Family names one letter apart: {a.strip()} and {b.strip()}"
    if set(_words(a)) & set(_words(b)):
        return True, f"Family names share a part: {a.strip()} and {b.strip()}"
    return False, f"Different family names: {a.strip()} and {b.strip()}"


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
    # One digit wrong, but not the year's first three: a decade apart on the same day is
    # a parent and child as often as a slip of the finger.
    if len(differ) == 1 and differ[0] >= 3:
        return True, f"Dates of birth one digit apart: {both}"
    transposed = len(differ) == 2 and differ[1] == differ[0] + 1 and differ[0] >= 4
    if (
        transposed
        and digits_a[differ[0]] == digits_b[differ[1]]
        and (digits_a[differ[1]] == digits_b[differ[0]])
    ):
        return True, f"Dates of birth with two digits swapped: {both}"
    return False, f"Different date of birth: {both}"


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


def _sex_differs(a: str, b: str) -> bool:
    known = {"female", "male"}
    return a in known and b in known and a != b


def pair_evidence(a: Identity, b: Identity) -> PairEvidence:
    """The evidence for and against two records being one person, and the most the pair may
    get: an automatic join, or at most review."""
    reasons: list[str] = []
    given, given_reason, given_alike_only = _given_names(a.given_name, b.given_name)
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

    identifiers = (("family name", family), ("address", address), ("phone", phone),
                   ("email", email))  # fmt: skip
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
        given_alike_only and dates and a.date_of_birth == b.date_of_birth
        and not (own_contact and not contact_differs)
    )  # fmt: skip
    # The same name and birthday but another home and other contact details: two people
    # who share a common name (Mohammed Khan at Flat 3 and at Flat 11), until an officer
    # says otherwise.
    elsewhere = address is False and contact_differs and not personal
    join = bool(given and dates and also and not sex_differs and not possible_twins
                and not elsewhere)  # fmt: skip
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
        reasons.insert(0, "Possibly a relative: they share " + _listed(
            [w for w, ok in (("an address", address), ("a phone number", phone),
                             ("a family name", family and not swapped)) if ok]
        ) + " but are told apart by " + _listed(
            [w for w, ok in (("given name", given is False), ("date of birth", dates is False))
             if ok]
        ))  # fmt: skip
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
    elif not join:
        reasons.insert(0, "Not enough to join without an officer: " + _missing(given, dates, also))
    cap = DecisionCap.JOIN if join else DecisionCap.REVIEW
    if given is False and dates is False:
        cap = DecisionCap.APART
    return PairEvidence(
        decision_cap=cap, household=household,
        reasons=reasons, names_agree=bool(given), dates_agree=bool(dates), also_agree=also,
    )  # fmt: skip


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
