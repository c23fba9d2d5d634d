"""The hub's people as the linkage model sees them: the reads that training and batch
deduplication make (contact details decrypted in memory only, never stored or logged)."""

from typing import Any

from victimcare.linkage import splink_model
from victimcare.people.models import Person, VictimKind


def person_record(p: Person) -> dict[str, Any]:
    """One person as the model sees them (contact details decrypted in memory only)."""
    return splink_model.linkage_record(
        unique_id=p.pk,
        given_name=p.given_name,
        family_name=p.family_name,
        date_of_birth=p.date_of_birth,
        postcode=p.postcode,
        address=", ".join(filter(None, (p.address_line_1, p.address_line_2))),
        phone=p.phone,
        email=p.email,
    )


def people_records() -> list[dict[str, Any]]:
    """Every person with a name who has not been merged into another, as the model sees them."""
    people = (
        Person.objects.exclude(kind=VictimKind.BUSINESS)
        .exclude(name_key="")
        .filter(merged_into__isnull=True)
    )
    return [person_record(p) for p in people.iterator(chunk_size=2000)]


def training_records() -> list[dict[str, Any]]:
    """Every record of a person with a name, joined to another or not: what the model learns
    from. A person joined to another keeps the details their referral arrived with, and is
    the repeat the model must learn from. Trained only on the people still apart, a hub
    that has linked its repeats would see almost none: the chance that two records are one
    person would be learned from the few left unlinked, and each retraining would join
    fewer (ADR 61)."""
    people = (
        Person.objects.exclude(kind=VictimKind.BUSINESS)
        .exclude(name_key="")
        .filter(anonymised_at__isnull=True)
    )
    return [person_record(p) for p in people.iterator(chunk_size=2000)]
