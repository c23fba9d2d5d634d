from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "victimcare.referrals"
    label = "referrals"
