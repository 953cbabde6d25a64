from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, using, **kwargs):
    """The change-number triggers on every table (mappa.core.changes), once every app's tables are there."""
    from django.db import connections

    from mappa.core import changes

    changes.install(connections[using])


class CoreConfig(AppConfig):
    name = "mappa.core"
    label = "core"

    def ready(self):
        post_migrate.connect(_after_migrate, sender=self)
        from django.db.models.signals import post_delete, post_save
        from django.urls import register_converter

        from mappa.core.converters import RecordIdConverter

        register_converter(RecordIdConverter, "id")

        from mappa.core import lookups

        lookups.register()

        from mappa.core import server_statements

        server_statements.register()

        from mappa.core import reference
        from mappa.core.models import ReferenceSetting

        def forget(**kwargs):
            reference.forget()

        post_save.connect(forget, sender=ReferenceSetting, dispatch_uid="reference-forget-save", weak=False)
        post_delete.connect(forget, sender=ReferenceSetting, dispatch_uid="reference-forget-delete", weak=False)
