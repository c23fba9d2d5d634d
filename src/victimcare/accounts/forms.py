from django import forms
from django.contrib.auth.forms import AuthenticationForm

from victimcare.core.typed_text import TypedTextForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording for labels and errors."""

    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={"required": "Enter your username"},
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Ask your administrator.",
    }


class TwoFactorCodeForm(TypedTextForm):
    """A 6-digit code from the authenticator app, or one backup code."""

    code = forms.CharField(
        label="Security code",
        max_length=12,
        help_text="The 6-digit code your authenticator app shows, or one of your backup codes",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autofocus": True}
        ),
        error_messages={"required": "Enter the security code"},
    )


class AuthenticatorConfirmForm(TypedTextForm):
    code = forms.CharField(
        label="Code from your app",
        max_length=8,
        help_text="Enter the 6-digit code the app shows after you add the hub",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class ApiKeyForm(TypedTextForm):
    """Name a new API key for the organisation's system that will use it."""

    name = forms.CharField(
        label="What is the key for?",
        max_length=120,
        help_text="For example: nightly referral feed from the records system",
        error_messages={
            "required": "Enter what the key is for",
            "max_length": "What the key is for must be 120 characters or fewer "
            "(it has %(show_value)d)",
        },
    )

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError("Enter what the key is for")
        return name
