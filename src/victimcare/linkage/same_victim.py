"""Whether a later copy of a referral still names the victim it was first sent for (ADR 67).

A referral is keyed by (source, crime reference, victim reference), and sending it again
updates it (referral-feed.md). A force that keys another victim's crime or victim
reference would then put a stranger's name over a victim's record without anyone being
told. A later copy may correct a victim's details (a misspelt name, a married name, a
date of birth keyed wrongly, names the wrong way round); it may not replace the victim.
Pure: compared as linkage compares two records (`names.py`, `evidence.dates_compared`).
"""

import datetime

from victimcare.linkage.evidence import dates_compared
from victimcare.linkage.names import family_names_compared, given_names_compared

NAMES = ("given_name", "family_name")


def another_victim(
    held: tuple[str, str, datetime.date | None],
    sent: tuple[str, str, datetime.date | None],
) -> tuple[str, ...]:
    """The fields of `sent` (given name, family name, date of birth) that show it names
    someone other than the `held` victim; empty while it may be the same person.

    Someone else: both names differ (and are not the same names the wrong way round), or
    one name differs and so does the date of birth (beyond one keying slip). One part alone
    is a correction: a new family name, a given name fixed, a date of birth keyed again. A
    missing value on either side tells nothing either way."""
    held_given, held_family, held_born = held
    sent_given, sent_family, sent_born = sent
    given, _ = given_names_compared(held_given, sent_given)
    family, _ = family_names_compared(held_family, sent_family)
    born, _ = dates_compared(held_born, sent_born)
    if given is False and family is False:
        swapped = (
            given_names_compared(held_given, sent_family)[0]
            and family_names_compared(held_family, sent_given)[0]
        )
        if swapped:
            return ()
        return (*NAMES, "date_of_birth") if born is False else NAMES
    if born is False and (given is False or family is False):
        return ("given_name" if given is False else "family_name", "date_of_birth")
    return ()


def refusal_reason(fields: tuple[str, ...]) -> str:
    """What the sender is told: which fields, and what to do. Nothing of the held victim."""
    named = " and ".join((", ".join(fields[:-1]), fields[-1])) if len(fields) > 1 else fields[0]
    return (
        f"names another victim: the {named} sent differ from the victim this referral was "
        "first sent for. A later copy may correct a victim's details but not replace the "
        "victim, so nothing was changed. Send this victim under a victim_reference of their "
        "own; if the first victim was sent in error, ask the hub to correct the referral."
    )
