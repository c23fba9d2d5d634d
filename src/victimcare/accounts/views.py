from django.contrib.auth import views as auth_views
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
    pass
