from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "mappa.safeguarding"
    label = "safeguarding"
    verbose_name = "Disclosure and safeguarding"

    def ready(self):
        # The case page's panel and tab, the work list, the plan and the demo story.
        from mappa.safeguarding import registrations  # noqa: F401
