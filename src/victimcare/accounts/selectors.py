"""Reads about organisations and teams."""

from victimcare.accounts.models import Organisation, PostcodeDistrict, Team


def hub_routing_table() -> dict[str, Team]:
    """Postcode district -> the hub that covers it, as each hub configured."""
    return {
        row.district: row.team
        for row in PostcodeDistrict.objects.select_related("team__organisation")
    }


def organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()
