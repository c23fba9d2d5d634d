from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "victimcare.commissioning"
    label = "commissioning"
    verbose_name = "Commissioning"
