"""Reads of referrals."""

from django.db.models import Q, QuerySet

from victimcare.accounts.models import User
from victimcare.accounts.selectors import runs_area_hubs
from victimcare.referrals.models import ImportRun, Referral, Transfer, TransferStatus


def referral_by_feed_key(
    *, source: str, crime_reference: str, victim_reference: str
) -> Referral | None:
    return (
        Referral.objects.select_related("person", "victim", "team", "case")
        .filter(
            source=source.lower(),
            crime_reference=crime_reference,
            victim_reference=victim_reference,
        )
        .first()
    )


def import_runs_for_user(user: User) -> QuerySet[ImportRun]:
    """Imports the user started, or that staff of their organisation started."""
    if user.organisation_id is None:
        return ImportRun.objects.filter(actor=user)
    return ImportRun.objects.filter(Q(actor=user) | Q(organisation_id=user.organisation_id))


def import_run_for_user(user: User, run_id: int) -> ImportRun | None:
    return import_runs_for_user(user).filter(pk=run_id).first()


def transfers_for_user(user: User, *, manual: bool) -> QuerySet[Transfer]:
    """Out-of-area transfers of referrals that reached the user's organisation's hubs' intake.

    Out-of-area referrals belong to no hub, so they belong to the organisation that runs
    this area's hubs (one that covers postcode districts): its staff with the capability
    see them; staff of any other organisation see none.
    """
    if not runs_area_hubs(user.organisation):
        return Transfer.objects.none()
    automatic = [TransferStatus.QUEUED, TransferStatus.SENT, TransferStatus.FAILED]
    statuses = [TransferStatus.MANUAL] if manual else [*automatic, TransferStatus.SENT_MANUALLY]
    return (
        Transfer.objects.filter(status__in=statuses)
        .select_related("referral__case", "referral__person", "referral__victim", "peer_hub")
        .order_by("referral__contact_due_by", "pk")
    )
