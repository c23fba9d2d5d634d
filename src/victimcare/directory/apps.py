from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "victimcare.directory"
    label = "directory"
