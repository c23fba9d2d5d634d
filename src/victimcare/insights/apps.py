from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "victimcare.insights"
    label = "insights"
    verbose_name = "Insights"
