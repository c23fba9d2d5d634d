from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "victimcare.cases"
    label = "cases"

    def ready(self) -> None:
        from victimcare.cases import permissions  # noqa: F401 - registers the object rules
