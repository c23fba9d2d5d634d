"""Writes to the person index."""

from victimcare.people.models import Person
from victimcare.people.normalise import matching_keys


def people_matching_keys_rebuild() -> int:
    """Recompute every person's blocking keys (the phone and email digests are keyed with
    SECRET_KEY, so a key rotation needs this). Returns how many changed."""
    changed = 0
    for person in Person.objects.iterator(chunk_size=1000):
        keys = matching_keys(
            given_name=person.given_name,
            family_name=person.family_name,
            phone=str(person.phone or ""),
            email=str(person.email or ""),
        )
        if any(getattr(person, field) != value for field, value in keys.items()):
            Person.objects.filter(pk=person.pk).update(**keys)
            changed += 1
    return changed
