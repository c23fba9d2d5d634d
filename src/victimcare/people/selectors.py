"""Reads of the person index."""

import datetime

from django.db.models import Q

from victimcare.people.normalise import name_key
from victimcare.referrals.models import Referral


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` earlier (clamped to the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def incidents_in_window(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    postcode: str,
    reported_at: datetime.datetime,
    months: int,
    exclude_referral_id: int | None = None,
) -> int:
    """Crimes or ASB incidents of this person reported in the `months` before `reported_at`,
    this one included. Only earlier reports count, so the answer for a referral does not
    change when later ones arrive. Until linkage lands, a person is the same exact
    normalised name plus the same date of birth or the same postcode.
    """
    key = name_key(given_name, family_name)
    if not key or not (date_of_birth or postcode):
        return 1
    same_identity = Q()
    if date_of_birth:
        same_identity |= Q(person__date_of_birth=date_of_birth)
    if postcode:
        same_identity |= Q(person__postcode=postcode)
    earlier = Referral.objects.filter(same_identity, person__name_key=key).filter(
        reported_at__gte=months_before(reported_at, months), reported_at__lt=reported_at
    )
    if exclude_referral_id is not None:
        earlier = earlier.exclude(pk=exclude_referral_id)
    return earlier.values("source", "crime_reference").distinct().count() + 1
