from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "mappa.jobs"
    label = "jobs"
    verbose_name = "Background tasks"
