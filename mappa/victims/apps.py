from django.apps import AppConfig


class VictimsConfig(AppConfig):
    name = "mappa.victims"
    label = "victims"
    verbose_name = "Victims and statutory victim contact"

    def ready(self):
        # The case page's panel and tab, and the demo story.
        from mappa.victims import registrations  # noqa: F401
