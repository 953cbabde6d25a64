from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "mappa.licences"
    label = "licences"
    verbose_name = "Licences, conditions and exclusion zones"

    def ready(self):
        # Case page panels, tabs, work-list providers, fact providers and event subscribers.
        from mappa.licences import registrations  # noqa: F401
