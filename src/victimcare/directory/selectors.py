from django.db.models import QuerySet

from victimcare.directory.models import Service


def public_services() -> QuerySet[Service]:
    """Every service in the directory, national helplines first (no personal data)."""
    return Service.objects.select_related("provider").order_by("-is_national", "name")
