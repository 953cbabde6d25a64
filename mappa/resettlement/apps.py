from django.apps import AppConfig


class ResettlementConfig(AppConfig):
    name = "mappa.resettlement"
    label = "resettlement"
    verbose_name = "Approved premises and resettlement pathways"

    def ready(self):
        # Case page panel and tab, work-list provider, demo loader.
        from mappa.resettlement import registrations  # noqa: F401
