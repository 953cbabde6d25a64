from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "mappa.workforce"
    label = "workforce"
    verbose_name = "Workforce: caseload weights, staff supervision and training"

    def ready(self):
        # Work-list provider, navigation link, demo loader.
        from mappa.workforce import registrations  # noqa: F401
