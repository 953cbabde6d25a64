from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "mappa.interventions"
    label = "interventions"
    verbose_name = "Interventions: programmes, referrals and one-to-one work"

    def ready(self):
        # Case page panel and tab, work-list provider, demo loader.
        from mappa.interventions import registrations  # noqa: F401
