"""Reads of the service directory (no personal data)."""

from django.db.models import QuerySet

from victimcare.directory.models import Service
from victimcare.directory.rules import Match, Seeker, ServiceFacts, rank_services


def public_services() -> QuerySet[Service]:
    """Every service in the directory, national helplines first (no personal data)."""
    return Service.objects.select_related("provider").order_by("-is_national", "name")


def public_service(service_id: int) -> Service | None:
    """One service for its public page (no personal data), or None."""
    return public_services().filter(pk=service_id).first()


def service_facts(service: Service) -> ServiceFacts:
    return ServiceFacts(
        service_id=service.pk,
        name=service.name,
        crime_types=frozenset(service.crime_types),
        need_categories=frozenset(service.need_categories),
        postcode_districts=frozenset(str(d).upper() for d in service.postcode_districts),
        national=service.is_national,
        min_age=service.min_age,
        max_age=service.max_age,
        sex=service.sex,
        requires_police_report=service.requires_police_report,
        commissioned=service.commissioned,
        self_referral=service.accepts_self_referral,
    )


def matched_services(seeker: Seeker) -> list[tuple[Service, Match]]:
    """The services this person can use, best fit first, with the reasons for each."""
    services = {s.pk: s for s in public_services()}
    ranked = rank_services((service_facts(s) for s in services.values()), seeker)
    return [(services[m.service_id], m) for m in ranked]
