from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "victimcare.feedback"
    label = "feedback"
    verbose_name = "Feedback and complaints"
    default_auto_field = "django.db.models.BigAutoField"
