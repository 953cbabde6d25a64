from django.apps import AppConfig


class NominalsConfig(AppConfig):
    name = "mappa.nominals"
    label = "nominals"
