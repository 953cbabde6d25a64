from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mappa.api"
    label = "api"
