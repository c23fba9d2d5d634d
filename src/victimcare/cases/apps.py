from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "victimcare.cases"
    label = "cases"
