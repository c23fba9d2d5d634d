from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "victimcare.notifications"
    label = "notifications"
