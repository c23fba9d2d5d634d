"""Whether a later copy of a referral still names the victim it was sent for (ADR 67).

A referral is keyed by (source, crime reference, victim reference), and sending it again
updates it (referral-feed.md). A force that keys another victim's crime or victim
reference would then put a stranger's name over a victim's record without anyone being
told. A later copy may correct a victim's details (a misspelt name, a married name, a
date of birth keyed again, names the wrong way round, an initial written out); it may not
replace the victim. The copy is compared with the victim as first received and as held
now, so a stranger cannot be brought in one correction at a time. Pure: names compared as
linkage compares two records (`names.py`, `evidence.dates_compared`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from victimcare.linkage.evidence import dates_compared
from victimcare.linkage.names import (
    PARTICLES,
    _one_keying_error,
    family_names_compared,
    given_names_compared,
)
from victimcare.people.normalise import fold

# Words that say what a business is, not which one (Hart Ltd and Mensah Ltd are two).
_BUSINESS_WORDS = PARTICLES | frozenset(
    [
        "and",
        "co",
        "company",
        "group",
        "holdings",
        "inc",
        "limited",
        "llp",
        "ltd",
        "plc",
        "services",
        "the",
        "trading",
        "uk",
    ]
)


@dataclass(frozen=True)
class Named:
    """Who a referral is for: its victim's kind, names and date of birth."""

    kind: str
    given_name: str = ""
    family_name: str = ""
    business_name: str = ""
    date_of_birth: datetime.date | None = None

    @property
    def is_business(self) -> bool:
        return self.kind == "business"


def _compared(
    rule: Callable[[str, str], tuple[bool | None, str]], held: str, sent: str
) -> bool | None:
    """A name compared by `rule`. None: nothing held to compare with. A held name against
    one that has no letters (".", "-", a formula) is a name taken away: it differs."""
    if not fold(held):
        return None
    if not fold(sent):
        return False
    return rule(held, sent)[0]


def _given(held: str, sent: str) -> bool | None:
    """Given names that may be one person's as a sender corrects them: as linkage allows,
    or the same first name (a middle name spelt again), an initial written out, or one of
    the names held used on its own (a middle name as the given name)."""
    agrees = _compared(given_names_compared, held, sent)
    if agrees is not False or not fold(sent):
        return agrees
    held_words, sent_words = fold(held).split(), fold(sent).split()
    first_h, first_s = held_words[0], sent_words[0]
    initial = (len(first_h) == 1 and first_s.startswith(first_h)) or (
        len(first_s) == 1 and first_h.startswith(first_s)
    )
    return first_h == first_s or initial or bool(set(held_words) & set(sent_words))


def _business(held: str, sent: str) -> bool | None:
    """Business names that may be one business's: a word in common that names it (not
    "Ltd" or "The"), or one keying error."""
    if not fold(held):
        return None
    if not fold(sent):
        return False
    left, right = set(fold(held).split()), set(fold(sent).split())
    if (left & right) - _BUSINESS_WORDS:
        return True
    return _one_keying_error(fold(held).replace(" ", ""), fold(sent).replace(" ", ""))


def _another(held: Named, sent: Named) -> tuple[str, ...]:
    if held.is_business != sent.is_business:
        return ("victim_kind",)
    if held.is_business:
        return (
            ("business_name",) if _business(held.business_name, sent.business_name) is False else ()
        )
    given = _given(held.given_name, sent.given_name)
    family = _compared(family_names_compared, held.family_name, sent.family_name)
    born, _ = dates_compared(held.date_of_birth, sent.date_of_birth)
    if given is False and family is False:
        swapped = _given(held.given_name, sent.family_name) and _compared(
            family_names_compared, held.family_name, sent.given_name
        )
        if swapped:
            return ()
        return (
            ("given_name", "family_name", "date_of_birth")
            if born is False
            else (
                "given_name",
                "family_name",
            )
        )
    if born is False and (given is False or family is False):
        return ("given_name" if given is False else "family_name", "date_of_birth")
    return ()


def another_victim(sent: Named, *held: Named) -> tuple[str, ...]:
    """The fields of `sent` that show it names someone other than the victim `held` (as
    first received, and as held now); empty while it may be the same person.

    Someone else: another kind of victim (a business for a person, or the other way), a
    business's name that shares nothing, both names differing (not the same names the
    wrong way round), or one name and the date of birth (beyond one keying slip). A name
    taken away counts as a name that differs; a value not held tells nothing."""
    for victim in held:
        fields = _another(victim, sent)
        if fields:
            return fields
    return ()


def refusal_reason(fields: tuple[str, ...], key_column: str = "victim_reference") -> str:
    """What the sender is told: which fields, and what to do. Nothing of the held victim."""
    named = " and ".join((", ".join(fields[:-1]), fields[-1])) if len(fields) > 1 else fields[0]
    return (
        f"names another victim: the {named} sent {'differ' if len(fields) > 1 else 'differs'}"
        " from the victim this referral was "
        "sent for. A later copy may correct a victim's details but not replace the victim, "
        f"so nothing was changed. Send this victim under a {key_column} of their own; if "
        "the first victim was sent in error, tell the hub."
    )
