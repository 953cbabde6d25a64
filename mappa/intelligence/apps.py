from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "mappa.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence: submission, evaluation, handling and actions"

    def ready(self):
        # Case page panel and tab, work-list providers, navigation, demo loader.
        from mappa.intelligence import registrations  # noqa: F401
