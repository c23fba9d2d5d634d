"""Reads about organisations and teams."""

from victimcare.accounts.models import Organisation, OrganisationKind, PostcodeDistrict, Team


def hub_routing_table() -> dict[str, Team]:
    """Postcode district -> the hub that covers it, as each hub configured."""
    return {
        row.district: row.team
        for row in PostcodeDistrict.objects.select_related("team__organisation")
    }


def organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


def runs_area_hubs(organisation: Organisation | None) -> bool:
    """True for the organisation that runs this area's hubs (one covering postcode districts).

    Records that belong to no hub (out-of-area transfers, rights requests, the logs)
    belong to it: only its staff with the capability see them.
    """
    return (
        organisation is not None
        and organisation.kind == OrganisationKind.VICTIM_CARE_HUB
        and organisation.teams.filter(postcode_districts__isnull=False).exists()
    )
