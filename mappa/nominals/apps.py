from django.apps import AppConfig


class NominalsConfig(AppConfig):
    name = "mappa.nominals"
    label = "nominals"

    def ready(self):
        # Work-list providers: transfers waiting for an answer, and the cases a colleague is covering.
        from mappa.nominals import registrations  # noqa: F401
