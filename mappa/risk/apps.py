from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "mappa.risk"
    label = "risk"
    verbose_name = "Risk assessment: typed risks, actuarial calculators, approval and review"

    def ready(self):
        # Case page panels, tabs, work-list providers, fact providers and event subscribers.
        from mappa.risk import registrations  # noqa: F401
