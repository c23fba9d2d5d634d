"""Reads for data protection: which sharing agreement is in force with whom."""

import datetime

from django.db.models import Q
from django.utils import timezone

from victimcare.accounts.models import Organisation
from victimcare.dataprotection.models import DataSharingAgreement
from victimcare.referrals.models import PeerHub


def agreement_in_force(
    *,
    organisation: Organisation | None = None,
    peer_hub: PeerHub | None = None,
    on: datetime.date | None = None,
) -> DataSharingAgreement | None:
    """The agreement that allows sharing with this party today, if any (newest first)."""
    if (organisation is None) == (peer_hub is None):
        raise ValueError("name exactly one party: an organisation or a peer hub")
    day = on or timezone.localdate()
    party = Q(organisation=organisation) if organisation is not None else Q(peer_hub=peer_hub)
    return (
        DataSharingAgreement.objects.filter(party, revoked_at__isnull=True, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("-starts_on", "-id")
        .first()
    )


def peer_hubs_with_agreement(on: datetime.date | None = None) -> set[int]:
    day = on or timezone.localdate()
    return set(
        DataSharingAgreement.objects.filter(
            peer_hub__isnull=False, revoked_at__isnull=True, starts_on__lte=day
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .values_list("peer_hub_id", flat=True)
    )
