from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "mappa.plans"
    label = "plans"
    verbose_name = "The one shared risk management plan that every agency works to"

    def ready(self):
        # Case page panels, tabs, work-list providers, fact providers and event subscribers.
        from mappa.plans import registrations  # noqa: F401
