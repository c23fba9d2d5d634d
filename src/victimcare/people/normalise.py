"""Normalised identity for matching people (pure): names, nicknames, phonetic keys, emails.

Postcodes and phone numbers are normalised by the feed (`referrals.feed`: UK postcode with
one space, E.164) before they reach a person.
"""

import re
import unicodedata

import jellyfish

# Common English nicknames and short forms, to the name they come from (both ways round a
# victim may be recorded). Deliberately small: a wrong entry would join two people.
NICKNAMES = {
    "abbie": "abigail",
    "abby": "abigail",
    "alex": "alexander",
    "andy": "andrew",
    "beth": "elizabeth",
    "betty": "elizabeth",
    "bill": "william",
    "billy": "william",
    "bob": "robert",
    "bobby": "robert",
    "cathy": "catherine",
    "charlie": "charles",
    "chris": "christopher",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "debbie": "deborah",
    "ed": "edward",
    "eddie": "edward",
    "gill": "gillian",
    "jack": "john",
    "jim": "james",
    "jimmy": "james",
    "jo": "joanne",
    "joe": "joseph",
    "jon": "jonathan",
    "kate": "katherine",
    "katie": "katherine",
    "liz": "elizabeth",
    "lizzie": "elizabeth",
    "maggie": "margaret",
    "matt": "matthew",
    "meg": "margaret",
    "mike": "michael",
    "nick": "nicholas",
    "pat": "patricia",
    "peggy": "margaret",
    "rob": "robert",
    "sam": "samuel",
    "steve": "stephen",
    "sue": "susan",
    "tom": "thomas",
    "tommy": "thomas",
    "tony": "anthony",
    "vicky": "victoria",
    "will": "william",
}


# Letters that Unicode does not decompose into a base letter and an accent.
_NOT_DECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Lower case, accents removed, hyphens and apostrophes as spaces, one space between."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_NOT_DECOMPOSED))
    letters = "".join(
        ch if ch.isalpha() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return re.sub(r"\s+", " ", letters).strip().casefold()


def name_key(given_name: str, family_name: str) -> str:
    """Case-, accent-, space-, hyphen- and apostrophe-blind 'given|family' key; '' if no name."""
    given, family = fold(given_name).replace(" ", ""), fold(family_name).replace(" ", "")
    return f"{given}|{family}" if given and family else ""


def same_person_exactly(
    name_key_a: str, date_of_birth_a: object, name_key_b: str, date_of_birth_b: object
) -> bool:
    """The exact rule (before a model is trained, and for counting persistent targeting):
    the given name, family name and date of birth all agree after normalisation. A shared
    postcode is not enough: a father and son with one name at one address are two people."""
    return bool(name_key_a and date_of_birth_a is not None) and (
        name_key_a == name_key_b and date_of_birth_a == date_of_birth_b
    )


def canonical_given_name(given_name: str) -> str:
    """The folded first given name, with a common nickname taken back to its full form."""
    first = fold(given_name).split(" ")[0]
    return NICKNAMES.get(first, first)


def family_name_match_key(family_name: str) -> str:
    """The folded family name without spaces ("Smith-Jones" and "Smith Jones" agree)."""
    return fold(family_name).replace(" ", "")


def phonetic_key(family_name: str) -> str:
    """A Metaphone key of the family name, for blocking ("Smith" and "Smyth" share one)."""
    key = family_name_match_key(family_name)
    return jellyfish.metaphone(key) if key else ""


def normalise_email(email: str) -> str:
    return (email or "").strip().casefold()


def blind_index(value: str) -> str:
    """A keyed digest of a contact detail, so encrypted phones and emails can still be
    looked up for matching ("" for none). Keyed with SECRET_KEY: rebuild after rotating it."""
    from django.utils.crypto import salted_hmac

    text = (value or "").strip().casefold()
    if not text:
        return ""
    return salted_hmac("victimcare.people.blind_index", text, algorithm="sha256").hexdigest()


def name_block(given_name: str, family_name: str) -> str:
    """The name blocking key: Metaphone keys of the family name and of the given name (a
    nickname taken back to its full form), "SM0:JN". The family name alone would pair every
    Smith with every Smyth in a large index, and even with the given name's initial a
    common name brings back thousands (BENCHMARKS.md); with both names, a lookup stays
    small. A misspelled given name is still found through the other keys (date of birth,
    postcode, phone, email)."""
    family, given = phonetic_key(family_name)[:20], canonical_given_name(given_name)
    given_key = jellyfish.metaphone(given)[:20] if given else ""
    return f"{family}:{given_key}" if family and given_key else ""


def matching_keys(
    *, family_name: str, phone: str, email: str, given_name: str = ""
) -> dict[str, str]:
    """The blocking keys a person is stored with (phonetic family name, the name block,
    phone, email)."""
    return {
        "family_phonetic": phonetic_key(family_name)[:20],
        "name_block": name_block(given_name, family_name),
        "phone_index": blind_index(phone),
        "email_index": blind_index(normalise_email(email)),
    }


def person_keys(*, given_name: str, family_name: str, phone: str, email: str) -> dict[str, str]:
    """Every key a person is stored with: the exact name key and the blocking keys. The
    person index and intake both take them from here."""
    return {
        "name_key": name_key(given_name, family_name),
        **matching_keys(given_name=given_name, family_name=family_name, phone=phone, email=email),
    }
