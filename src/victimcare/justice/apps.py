from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "victimcare.justice"
    label = "justice"
    verbose_name = "Justice journey"
