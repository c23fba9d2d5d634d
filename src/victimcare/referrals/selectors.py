"""Reads of referrals."""

from victimcare.referrals.models import Referral


def referral_by_feed_key(
    *, source: str, crime_reference: str, victim_reference: str
) -> Referral | None:
    return (
        Referral.objects.select_related("person", "team", "case")
        .filter(
            source=source.lower(),
            crime_reference=crime_reference,
            victim_reference=victim_reference,
        )
        .first()
    )
