from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme

from victimcare.accounts import two_factor as second_factor
from victimcare.accounts.api_keys import api_key_issue
from victimcare.accounts.api_keys import api_key_revoke as api_key_revoke_service
from victimcare.accounts.capabilities import ORGANISATION_API_CAPABILITIES
from victimcare.accounts.forms import (
    ApiKeyForm,
    AuthenticatorConfirmForm,
    SignInForm,
    TwoFactorCodeForm,
)
from victimcare.accounts.models import ApiKey
from victimcare.core.access import public_view, requires_capability, signed_in_view, staff_user
from victimcare.core.ratelimits import public_form_rate_limit


@method_decorator(public_view, name="dispatch")
@method_decorator(public_form_rate_limit("sign-in", rate="30/5m"), name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


@method_decorator(signed_in_view, name="dispatch")
class SignOutView(auth_views.LogoutView):
    """POST signs out; GET (a typed or bookmarked address) asks first, with a button."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, "accounts/sign_out.html")


def _next_url(request: HttpRequest) -> str:
    """Where to go after the second factor: the page asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("staff-home")


@signed_in_view
def two_factor(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app or a backup code."""
    user = staff_user(request)
    if second_factor.session_verified(user):
        return redirect(_next_url(request))
    if not second_factor.has_authenticator(user):
        return redirect(f"{reverse('accounts:two-factor-setup')}?{request.GET.urlencode()}")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.two_factor_verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", "The code is not right, or was used already. Try the next code.")
    return render(request, "accounts/two_factor.html", {"form": form, "next": _next_url(request)})


@signed_in_view
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app. With one already set up, only a verified session may replace it."""
    user = staff_user(request)
    if second_factor.has_authenticator(user) and not second_factor.session_verified(user):
        return redirect(f"{reverse('accounts:two-factor')}?{request.GET.urlencode()}")
    device = second_factor.authenticator_pending(user)
    form = AuthenticatorConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.authenticator_confirm(request, device, form.cleaned_data["code"])
        except ValueError as error:
            form.add_error("code", str(error))
        else:
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": True},
            )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": second_factor.authenticator_qr_svg(device),
            "secret": second_factor.authenticator_secret(device),
            "next": _next_url(request),
        },
    )


@signed_in_view
def backup_codes(request: HttpRequest) -> HttpResponse:
    """How many backup codes are left, and a button to replace them all."""
    user = staff_user(request)
    if request.method == "POST":
        codes = second_factor.backup_codes_replace(user)
        return render(
            request,
            "accounts/backup_codes.html",
            {"codes": codes, "next": reverse("staff-home"), "first_time": False},
        )
    return render(
        request,
        "accounts/backup_codes_left.html",
        {"left": second_factor.backup_codes_left(user)},
    )


def _keys_page(request: HttpRequest, form: ApiKeyForm, token: str = "") -> HttpResponse:
    organisation = staff_user(request).organisation
    may_use_api = organisation is not None and bool(
        ORGANISATION_API_CAPABILITIES.get(organisation.kind)
    )
    keys = ApiKey.objects.filter(organisation=organisation).order_by("revoked_at", "-created_at")
    return render(
        request,
        "accounts/api_keys.html",
        {
            "keys": keys if organisation is not None else [],
            "form": form,
            "token": token,
            "organisation": organisation,
            "may_use_api": may_use_api,
            "nav": "api-keys",
        },
    )


@requires_capability("api_keys.manage")
def api_keys(request: HttpRequest) -> HttpResponse:
    """The organisation's API keys; POST issues one, whose token is shown on this page once."""
    user = staff_user(request)
    form = ApiKeyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = user.organisation
        if organisation is None or not ORGANISATION_API_CAPABILITIES.get(organisation.kind):
            form.add_error(None, "Your organisation does not send to the hub through the API")
        else:
            key, token = api_key_issue(
                organisation=organisation, name=form.cleaned_data["name"], actor=user
            )
            messages.success(request, f"API key issued: {key.name}")
            return _keys_page(request, ApiKeyForm(), token=token)
    return _keys_page(request, form)


@requires_capability("api_keys.manage")
def api_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    """POST: revoke one of the organisation's live keys (GET goes back to the list)."""
    user = staff_user(request)
    key = ApiKey.objects.filter(
        pk=key_id, organisation_id=user.organisation_id or 0, revoked_at__isnull=True
    ).first()
    if key is None:
        raise Http404("No such key")
    if request.method == "POST":
        api_key_revoke_service(key=key, actor=user)
        messages.success(request, f"API key revoked: {key.name} ({key.prefix})")
    return redirect("accounts:api-keys")
