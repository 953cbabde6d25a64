from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mappa.core"
    label = "core"

    def ready(self):
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
