"""Who may use each view: every staff view declares a capability, public views say so.

Deny is the default twice over: Django's LoginRequiredMiddleware refuses anonymous users
everywhere except views marked `public_view`, and `requires_capability` refuses signed-in
users who lack the named capability (403). The route test in tests/core walks every URL
pattern and fails for a view that declares neither.
"""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from victimcare.accounts.capabilities import CAPABILITIES

if TYPE_CHECKING:
    from victimcare.accounts.models import User

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])

PUBLIC = "public"
ACCESS_ATTRIBUTE = "vch_access"


def requires_capability(capability: str) -> Callable[[ViewFunc], ViewFunc]:
    """Refuse the view unless the signed-in user holds `capability`.

    A page about one record (its address names it, e.g. /staff/cases/12/) answers 404, as
    a record the user may not see does: refusing with 403 would confirm the record exists.
    Other pages answer 403.
    """
    if capability not in CAPABILITIES:
        raise ValueError(f"Unknown capability {capability!r}; add it to accounts.capabilities")

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or not user.has_capability(capability):
                if kwargs:
                    raise Http404("No such record")
                raise PermissionDenied(f"This page needs the {capability} capability.")
            return view(request, *args, **kwargs)

        setattr(wrapped, ACCESS_ATTRIBUTE, capability)
        return wrapped  # type: ignore[return-value]

    return decorator


def public_view(view: ViewFunc) -> ViewFunc:
    """Mark a view as open to anyone, signed in or not (portal pages, sign-in)."""
    view = login_not_required(view)
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def signed_in_view(view: ViewFunc) -> ViewFunc:
    """Mark a view as open to any signed-in user, whatever their role (e.g. sign out)."""
    setattr(view, ACCESS_ATTRIBUTE, "signed-in")
    return view


def declared_access(view: Callable[..., Any]) -> str | None:
    """The access a view declared, looking through class-based view wrappers."""
    for candidate in (view, getattr(view, "view_class", None)):
        if candidate is not None and hasattr(candidate, ACCESS_ATTRIBUTE):
            return str(getattr(candidate, ACCESS_ATTRIBUTE))
    return None


def staff_user(request: HttpRequest) -> "User":
    """The signed-in member of staff (views behind `requires_capability` always have one)."""
    # Not at the top: core sits below accounts, and accounts' pages import this module.
    from victimcare.accounts.models import User

    user = request.user
    assert isinstance(user, User)
    return user
