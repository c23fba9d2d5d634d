from typing import Any

from django.conf import settings
from django.http import HttpRequest

from victimcare.accounts.capabilities import ROLE_CAPABILITIES
from victimcare.accounts.two_factor import session_verified, two_factor_required


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name for every layout, and the signed-in user's capabilities for menus.

    Until the second factor is passed the menus stay empty: the user can only finish
    signing in or sign out.
    """
    user = getattr(request, "user", None)
    role = ""
    if (
        user is not None
        and user.is_authenticated
        and (session_verified(user) or not two_factor_required(user))
    ):
        role = getattr(user, "role", "")
    return {
        "service_name": settings.VCH_SERVICE_NAME,
        "user_capabilities": ROLE_CAPABILITIES.get(role, frozenset()),
        "two_factor_done": bool(role),
    }
