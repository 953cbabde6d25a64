from django.apps import AppConfig


class ArrangementsConfig(AppConfig):
    name = "mappa.arrangements"
    label = "arrangements"
    verbose_name = "MAPPA: identification, category, level decisions, referrals, screening and meetings"

    def ready(self):
        # Case page panels, tabs, work-list providers, fact providers and event subscribers.
        from mappa.arrangements import registrations  # noqa: F401
