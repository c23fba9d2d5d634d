from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from victimcare.accounts.forms import SignInForm
from victimcare.core.access import public_view, signed_in_view


@method_decorator(public_view, name="dispatch")
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
