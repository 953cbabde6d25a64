from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mappa.reports"
    label = "reports"
    verbose_name = "The MAPPA annual report"

    def ready(self):
        # The navigation link.
        from mappa.reports import registrations  # noqa: F401
