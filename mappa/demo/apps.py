from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mappa.demo"
    label = "demo"
