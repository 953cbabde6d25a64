from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "mappa.visits"
    label = "visits"
    verbose_name = "Home visits by police, probation or both"

    def ready(self):
        # Case page panel and tab, work-list provider, demo loader.
        from mappa.visits import registrations  # noqa: F401
