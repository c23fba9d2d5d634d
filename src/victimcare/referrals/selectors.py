"""Reads of referrals."""

from django.db.models import Q, QuerySet

from victimcare.accounts.models import User
from victimcare.referrals.models import ImportRun, Referral


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


def import_runs_for_user(user: User) -> QuerySet[ImportRun]:
    """Imports the user started, or that staff of their organisation started."""
    if user.organisation_id is None:
        return ImportRun.objects.filter(actor=user)
    return ImportRun.objects.filter(Q(actor=user) | Q(organisation_id=user.organisation_id))


def import_run_for_user(user: User, run_id: int) -> ImportRun | None:
    return import_runs_for_user(user).filter(pk=run_id).first()
