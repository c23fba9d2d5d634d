"""Matching services to a victim (pure): who is eligible, in what order, and why.

A service is left out when the victim is outside its area, age range or sex, or when it
needs a police report the victim has not made. The rest are ordered by how well they fit
(what happened, what would help, local before national, commissioned here) and each
carries the reasons an officer or a victim reads."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from victimcare.referrals.feed_values import normalise_postcode
from victimcare.referrals.feed_values import postcode_district as feed_district

# What happened, in the words a victim would choose, and the crime types it stands for.
WHAT_HAPPENED: tuple[tuple[str, Any], ...] = (
    (
        "domestic_abuse",
        gettext_lazy("I feel unsafe at home, or someone close to me hurts or controls me"),
    ),
    ("sexual_offence", gettext_lazy("Sexual violence or abuse")),
    ("violence", gettext_lazy("I was attacked, hurt or threatened")),
    ("hate_crime", gettext_lazy("I was targeted because of who I am")),
    ("harassment", gettext_lazy("Someone keeps harassing, following or frightening me")),
    ("property", gettext_lazy("Someone stole, broke into or damaged my home, car or things")),
    ("modern_slavery", gettext_lazy("I am forced to work or cannot leave")),
    ("bereaved", gettext_lazy("Someone close to me died because of a crime")),
    ("other", gettext_lazy("Something else")),
)
WHAT_HAPPENED_LABELS = dict(WHAT_HAPPENED)
# The same crime types as a service's specialism, in words that follow "Specialist support
# for" (a victim's own first-person words do not: "support for i feel unsafe at home").
SPECIALISMS: dict[str, Any] = {
    "domestic_abuse": gettext_lazy("domestic abuse"),
    "sexual_offence": gettext_lazy("sexual violence or abuse"),
    "violence": gettext_lazy("violence or threats"),
    "hate_crime": gettext_lazy("hate crime"),
    "harassment": gettext_lazy("harassment or stalking"),
    "property": gettext_lazy("theft, burglary or damage"),
    "modern_slavery": gettext_lazy("modern slavery"),
    "bereaved": gettext_lazy("people bereaved by crime"),
    "other": gettext_lazy("other crimes"),
}


@dataclass(frozen=True)
class ServiceFacts:
    service_id: int
    name: str
    crime_types: frozenset[str]  # empty: any crime or ASB
    need_categories: frozenset[str]  # empty: general support
    postcode_districts: frozenset[str]  # empty with national=True: everywhere
    national: bool
    min_age: int | None
    max_age: int | None
    sex: str  # "" any, "female", "male"
    requires_police_report: bool
    commissioned: bool
    self_referral: bool


@dataclass(frozen=True)
class Seeker:
    postcode_district: str
    what_happened: frozenset[str]
    needs: frozenset[str]
    age: int | None = None
    sex: str = ""
    reported: bool | None = None  # None: not said
    # Who reads the reasons: the victim ("you") on the portal, an officer on a case page
    # (staff pages are in English; "the things you asked for" would be the officer's).
    for_staff: bool = False


@dataclass(frozen=True)
class Match:
    service_id: int
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _excluded(service: ServiceFacts, seeker: Seeker) -> bool:
    if not service.national and seeker.postcode_district not in service.postcode_districts:
        return True
    if seeker.age is not None and (
        (service.min_age is not None and seeker.age < service.min_age)
        or (service.max_age is not None and seeker.age > service.max_age)
    ):
        return True
    if service.sex and seeker.sex and service.sex != seeker.sex:
        return True
    return service.requires_police_report and seeker.reported is False


def rank_services(services: Iterable[ServiceFacts], seeker: Seeker) -> list[Match]:
    """The services this person can use, best fit first, each with why it is shown."""
    matches = []
    for service in services:
        if _excluded(service, seeker):
            continue
        score, reasons = 0, []
        crimes = service.crime_types & seeker.what_happened
        if crimes:
            score += 6
            what = ", ".join(str(SPECIALISMS.get(c, c)) for c in sorted(crimes))
            reasons.append(_("Specialist support for %(what)s") % {"what": what})
        elif service.crime_types:
            continue  # a specialist service for other crimes
        else:
            reasons.append(_("Helps anyone affected by crime or anti-social behaviour"))
        needs = service.need_categories & seeker.needs
        if needs:
            score += 2 * len(needs)
            reasons.append(
                f"Helps with {len(needs)} of the victim's needs"
                if seeker.for_staff
                else _("Helps with %(count)d of the things you asked for") % {"count": len(needs)}
            )
        if not service.national:
            score += 2
            reasons.append(
                "Works in the victim's area" if seeker.for_staff else _("Works in your area")
            )
        else:
            reasons.append(_("National service"))
        if service.commissioned:
            score += 1
        if seeker.reported is False and not service.requires_police_report:
            reasons.append(
                "The victim does not need to have told the police"
                if seeker.for_staff
                else _("You do not need to have told the police")
            )
        matches.append(Match(service.service_id, score, tuple(reasons)))
    return sorted(matches, key=lambda m: (-m.score, m.service_id))


def postcode_district(postcode: str) -> str:
    """The outward code of a UK postcode ("bs1 4dj" -> "BS1"); "" if it is not one."""
    try:
        return feed_district(normalise_postcode(postcode))
    except ValueError:
        return ""


def best_first(matches: Sequence[Match]) -> list[int]:
    return [m.service_id for m in matches]
