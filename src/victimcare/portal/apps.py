from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "victimcare.portal"
    label = "portal"
