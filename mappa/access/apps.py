from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "mappa.access"
    label = "access"
