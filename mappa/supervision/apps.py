from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "mappa.supervision"
    label = "supervision"
    verbose_name = "Supervision of community orders and suspended sentence orders"

    def ready(self):
        # Case page panel and tab, work-list provider, demo loader.
        from mappa.supervision import registrations  # noqa: F401
