from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "victimcare.people"
    label = "people"
