from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "mappa.orders"
    label = "orders"
    verbose_name = "Convictions, sentences, licences, civil orders, notification requirements, exclusion zones and enforcement"

    def ready(self):
        # Case page panels, tabs, work-list providers, fact providers and event subscribers.
        from mappa.orders import registrations  # noqa: F401
