from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "mappa.quality"
    label = "quality"
    verbose_name = "Data quality measures and themed audits"

    def ready(self):
        # The navigation link and the demo loader.
        from mappa.quality import registrations  # noqa: F401
