"""Given and family names compared as an officer would: the same name, a keying slip, a
known short form, or two people's names that are only alike (ADR 42 and its addenda).
Pure: no ORM. `evidence.py` weighs these with the other identifiers."""

from collections.abc import Callable, Mapping

import jellyfish

from victimcare.people.normalise import canonical_given_name, fold

# Common English short forms and nicknames, to the full names they stand for. Small on
# purpose: a wrong entry would make two people's names agree.
SHORT_FORMS: dict[str, frozenset[str]] = {
    short: frozenset(full.split())
    for short, full in {
        "abbie": "abigail",
        "abby": "abigail",
        "alex": "alexander alexandra",
        "alf": "alfred",
        "andy": "andrew",
        "annie": "anne ann anna",
        "bea": "beatrice",
        "becky": "rebecca",
        "bella": "isabella isabel",
        "ben": "benjamin",
        "beth": "elizabeth bethany",
        "betty": "elizabeth",
        "bill": "william",
        "billy": "william",
        "bob": "robert",
        "bobby": "robert",
        "cathy": "catherine katherine",
        "charlie": "charles charlotte",
        "chris": "christopher christine christina",
        "dan": "daniel",
        "danny": "daniel",
        "dave": "david",
        "debbie": "deborah",
        "ed": "edward",
        "eddie": "edward",
        "ellie": "eleanor",
        "fred": "frederick",
        "freddie": "frederick",
        "gill": "gillian",
        "harry": "henry harold",
        "jack": "john",
        "jackie": "jacqueline",
        "jake": "jacob",
        "jamie": "james",
        "jen": "jennifer",
        "jess": "jessica",
        "jenny": "jennifer",
        "jim": "james",
        "jimmy": "james",
        "jo": "joanne joanna josephine",
        "joe": "joseph",
        "jon": "jonathan",
        "josh": "joshua",
        "kate": "katherine catherine kathryn",
        "kath": "katherine catherine kathryn",
        "kathy": "katherine kathryn",
        "katie": "katherine catherine kathryn",
        "ken": "kenneth",
        "larry": "lawrence",
        "len": "leonard",
        "libby": "elizabeth",
        "liz": "elizabeth",
        "lizzie": "elizabeth",
        "maggie": "margaret",
        "mandy": "amanda",
        "matt": "matthew",
        "meg": "margaret",
        "mick": "michael",
        "mike": "michael",
        "nat": "nathan natalie nathaniel",
        "nick": "nicholas",
        "nicky": "nicola nicholas",
        "pat": "patricia patrick",
        "peggy": "margaret",
        "pete": "peter",
        "phil": "philip phillip",
        "rob": "robert",
        "robbie": "robert",
        "ron": "ronald",
        "sam": "samuel samantha",
        "sandy": "sandra",
        "steph": "stephanie",
        "steve": "stephen steven",
        "sue": "susan suzanne",
        "susie": "susan",
        "ted": "edward",
        "terry": "terence",
        "tim": "timothy",
        "tom": "thomas",
        "tommy": "thomas",
        "tony": "anthony",
        "tricia": "patricia",
        "trish": "patricia",
        "vicky": "victoria",
        "will": "william",
        "zach": "zachary",
    }.items()
}


# Short forms that are only ever what someone is called, seldom the name they were given:
# nobody names twins Robert and Bob. The others in the table (Jamie, Sam, Chris, Alex,
# Charlie, Jack, Katie...) are given names in their own right, and twins are named James
# and Jamie; those, on the very same birthday, still need a phone or email of their own.
INFORMAL_ONLY = frozenset(
    (
        "alf",
        "andy",
        "becky",
        "ben",
        "bill",
        "bob",
        "cathy",
        "dan",
        "dave",
        "debbie",
        "ed",
        "fred",
        "gill",
        "jen",
        "jim",
        "jon",
        "joe",
        "josh",
        "kath",
        "kathy",
        "ken",
        "len",
        "liz",
        "maggie",
        "mandy",
        "matt",
        "meg",
        "mick",
        "mike",
        "nick",
        "pat",
        "peggy",
        "pete",
        "phil",
        "rob",
        "ron",
        "steph",
        "steve",
        "sue",
        "susie",
        "ted",
        "tim",
        "tom",
        "tony",
        "vicky",
        "will",
        "zach",
    )
)
assert SHORT_FORMS.keys() >= INFORMAL_ONLY

# Words that begin many families' names (Al-Hassan and Al-Rashid, van der Berg and van Dijk,
# ap Rhys and ap Gwilym): sharing one is not sharing a family name.
PARTICLES = frozenset(
    [
        "a",
        "ab",
        "abu",
        "al",
        "ap",
        "bat",
        "ben",
        "bin",
        "bint",
        "binti",
        "d",
        "da",
        "das",
        "de",
        "degli",
        "dei",
        "del",
        "della",
        "den",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "ibn",
        "la",
        "las",
        "le",
        "les",
        "lo",
        "mac",
        "mc",
        "mhic",
        "nic",
        "ni",
        "o",
        "san",
        "santa",
        "st",
        "ste",
        "ter",
        "ui",
        "van",
        "vander",
        "vd",
        "von",
        "y",
        "zu",
    ]
)

# Letters next to each other on a UK keyboard: a slip of the finger lands on a neighbour.
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, frozenset[str]] = {}
for _row_number, _row in enumerate(_KEY_ROWS):
    for _column, _letter in enumerate(_row):
        _near = {_row[c] for c in (_column - 1, _column + 1) if 0 <= c < len(_row)}
        for _other_row in (_row_number - 1, _row_number + 1):
            if 0 <= _other_row < len(_KEY_ROWS):
                _near |= {
                    _KEY_ROWS[_other_row][c]
                    for c in (_column - 1, _column, _column + 1)
                    if 0 <= c < len(_KEY_ROWS[_other_row])
                }
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
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]]
            and a[differ[1]] == b[differ[0]]
        )
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1:
        return False
    for n in range(1, len(long)):
        if long[:n] + long[n + 1 :] == short:
            # A letter doubled (Jammes) or a double keyed once (Mathew for Matthew).
            return long[n] == long[n - 1] or (n + 1 < len(long) and long[n] == long[n + 1])
    return False


# Two spellings one letter apart are both names in their own right (Jaime and Jamie) when
# each is held by at least this many people in the index, the rarer by at least this share
# of the commoner's number. One is a misspelling of the other (Jmaes, Jmes) when the commoner
# is held by at least MISSPELLED_NAME_PEOPLE people and the rarer by fewer than that: a
# keying error is a rare spelling of a common name. Between the two, the index cannot tell.
REAL_NAME_PEOPLE = 3
REAL_NAME_SHARE = 0.01
MISSPELLED_NAME_PEOPLE = 50

# Two given names (folded first words) one letter apart: True when both are names in their
# own right, False when one is a misspelling of the other, None when the index cannot tell.
NameSpellings = Callable[[str, str], bool | None]


def names_in_own_right(shares: Mapping[str, float]) -> NameSpellings:
    """From the index's given-name frequencies (the trained model's term frequencies: each
    canonical given name's share of the people who have one), whether two spellings are both
    names people in the index hold, or a common name and a misspelling of it."""
    smallest = min(shares.values(), default=0.0)

    def people(name: str) -> float:
        share = shares.get(canonical_given_name(name), 0.0)
        return share / smallest if smallest else 0.0  # the rarest name is held by one person

    def told(a: str, b: str) -> bool | None:
        fewer, more = sorted((people(a), people(b)))
        if fewer >= REAL_NAME_PEOPLE and fewer >= REAL_NAME_SHARE * more:
            return True
        if more >= MISSPELLED_NAME_PEOPLE:
            return False
        return None

    return told


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


def _given_names(
    a: str, b: str, spellings: NameSpellings | None = None
) -> tuple[bool | None, str, bool]:
    """(agree, why, only alike): `only alike` when they agree only as a short form or by
    one letter, which twins' names often do (James and Jamie, Chris and Christine). One
    letter apart is not only alike when it is a keying slip (`keying_slip`) or, by the
    index's frequencies (`spellings`), a misspelling of a common name; and it is, slip or
    not, when both spellings are names people hold (Jaime and Jamie, twins' names)."""
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
        told = spellings(first_l, first_r) if spellings else None
        slip = told is False or (told is None and keying_slip(first_l, first_r))
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
    if (set(_words(a)) & set(_words(b))) - PARTICLES:
        return True, f"Family names share a part: {a.strip()} and {b.strip()}"
    return False, f"Different family names: {a.strip()} and {b.strip()}"
