from typing import Any

from django.conf import settings
from django.http import HttpRequest

from victimcare.accounts.capabilities import ROLE_CAPABILITIES


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name for every layout, and the signed-in user's capabilities for menus."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {
        "service_name": settings.VCH_SERVICE_NAME,
        "user_capabilities": ROLE_CAPABILITIES.get(role, frozenset()),
    }
