"""Reads of referrals that show a victim's data: each scopes to who asks and writes the
access-log row itself, so no page, API operation or command can forget it."""

from collections.abc import Collection

from victimcare.accounts.models import User
from victimcare.audit.services import access_record, access_record_of
from victimcare.referrals.models import Referral, Transfer
from victimcare.referrals.selectors import referral_by_feed_key, transfers_for_user


def transfer_package_for(user: User, transfer_id: int, *, route: str) -> Transfer | None:
    """A transfer on the manual list, if the user may send it, to download its package."""
    transfer = transfers_for_user(user, manual=True).filter(pk=transfer_id).first()
    if transfer is not None:
        referral = transfer.referral
        access_record_of(user=user, route=route, obj=referral, person_ids=[referral.person_id])
    return transfer


def referral_sent_by(
    *,
    feed_sources: Collection[str] | None,
    source: str,
    crime_reference: str,
    victim_reference: str,
    actor_label: str,
    route: str,
) -> Referral | None:
    """One referral read back by whoever sent it (an API key's organisation or an operator
    at the command line, named by `actor_label`), if its source is among `feed_sources`
    (None: any source)."""
    referral = None
    if feed_sources is None or source.lower() in feed_sources:
        referral = referral_by_feed_key(
            source=source, crime_reference=crime_reference, victim_reference=victim_reference
        )
    if referral is not None:
        access_record(
            user=None,
            actor_label=actor_label,
            route=route,
            object_type="referrals.referral",
            object_ids=[referral.pk],
            person_ids=[referral.person_id],
        )
    return referral
