from django.urls import path

from victimcare.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("sign-in/two-factor/", views.two_factor, name="two-factor"),
    path("sign-in/two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("account/backup-codes/", views.backup_codes, name="backup-codes"),
    path("api-keys/", views.api_keys, name="api-keys"),
    path("api-keys/<int:key_id>/revoke/", views.api_key_revoke, name="api-key-revoke"),
]
