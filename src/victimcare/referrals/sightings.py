"""Reads of the person index."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from victimcare.people.normalise import same_person_exactly
from victimcare.referrals.models import Referral


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` earlier (clamped to the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


@dataclass(frozen=True)
class Sighting:
    """One report of a person: who (as far as we can match them) and which crime, when."""

    name_key: str
    date_of_birth: datetime.date | None
    postcode: str
    reported_at: datetime.datetime
    source: str
    crime_reference: str
    referral_id: int | None = None  # the referral itself, when it is already stored

    @property
    def matchable(self) -> bool:
        return bool(self.name_key and self.date_of_birth)

    def same_person(self, other: "Sighting") -> bool:
        return same_person_exactly(
            self.name_key, self.date_of_birth, other.name_key, other.date_of_birth
        )


def incidents_in_window(sightings: Sequence[Sighting], months: int) -> list[int]:
    """For each sighting, the crimes or ASB incidents of that person reported in the `months`
    before it, itself included.

    Only earlier reports count, so a referral's answer does not change when later ones
    arrive; the sightings are taken in order, each seeing the ones before it as stored.
    Outside linkage, a person is the same exact normalised given and family name and the
    same date of birth (a shared postcode is not enough: a father and son with one name
    live at one address). One query for the whole batch.
    """
    matchable = [s for s in sightings if s.matchable]
    stored: dict[str, list[Sighting]] = defaultdict(list)
    if matchable:
        # Each stored report as its own referral gave the victim's details, so a count does
        # not change when referrals are joined to one person (or unjoined).
        rows = Referral.objects.filter(
            victim__name_key__in={s.name_key for s in matchable},
            reported_at__gte=min(months_before(s.reported_at, months) for s in matchable),
        ).values_list(
            "pk",
            "victim__name_key",
            "victim__date_of_birth",
            "victim__postcode",
            "reported_at",
            "source",
            "crime_reference",
        )
        for pk, key, dob, postcode, reported_at, source, crime in rows:
            stored[key].append(Sighting(key, dob, postcode, reported_at, source, crime, pk))

    counts = []
    for sighting in sightings:
        if not sighting.matchable:
            counts.append(1)
        else:
            start = months_before(sighting.reported_at, months)
            crimes = {
                (other.source, other.crime_reference)
                for other in stored[sighting.name_key]
                if other.referral_id is None or other.referral_id != sighting.referral_id
                if start <= other.reported_at < sighting.reported_at and sighting.same_person(other)
            }
            counts.append(len(crimes) + 1)
        stored[sighting.name_key].append(sighting)  # the next sightings see this one
    return counts


def reports_of_people(person_ids: Iterable[int]) -> dict[int, list[datetime.datetime]]:
    """When each of these people's referrals was reported (one query): the reports that
    repeat-victim linkage has joined to one person."""
    reports: dict[int, list[datetime.datetime]] = defaultdict(list)
    rows = Referral.objects.filter(person_id__in=set(person_ids)).values_list(
        "person_id", "reported_at"
    )
    for person_id, reported_at in rows:
        reports[person_id].append(reported_at)
    return reports


def linked_incidents(
    reports: Iterable[datetime.datetime], reported_at: datetime.datetime, months: int
) -> int:
    """How many of one person's reports fall in the `months` up to this one, itself included."""
    start = months_before(reported_at, months)
    return sum(1 for when in reports if start < when <= reported_at)
