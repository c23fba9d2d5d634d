"""No staff page opens until the signed-in user has passed the second factor."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from victimcare.accounts.two_factor import (
    has_authenticator,
    session_verified,
    two_factor_required,
)

PROTECTED_PREFIXES = ("/staff/", "/admin/")


class TwoFactorRequiredMiddleware:
    """Send a signed-in but unverified user to set up or enter their second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.open_paths: frozenset[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path.startswith(PROTECTED_PREFIXES)
            and not session_verified(user)
            and two_factor_required(user)
            and request.path not in self._open_paths()
        ):
            step = "two-factor" if has_authenticator(user) else "two-factor-setup"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(f'accounts:{step}')}?{query}")
        return self.get_response(request)

    def _open_paths(self) -> frozenset[str]:
        # The pages a half-signed-in user needs: the second factor itself, and signing out.
        if self.open_paths is None:
            self.open_paths = frozenset(
                reverse(f"accounts:{name}")
                for name in ("sign-in", "sign-out", "two-factor", "two-factor-setup")
            )
        return self.open_paths
