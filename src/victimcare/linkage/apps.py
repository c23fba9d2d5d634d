from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "victimcare.linkage"
    label = "linkage"
    verbose_name = "Repeat-victim linkage"
