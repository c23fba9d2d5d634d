from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "victimcare.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from victimcare.operations import task_context  # noqa: F401  (connects the signals)
