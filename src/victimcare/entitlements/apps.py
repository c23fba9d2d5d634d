from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "victimcare.entitlements"
    label = "entitlements"
