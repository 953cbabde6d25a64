from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_triggers(sender, using, **kwargs):
    from django.db import connections

    from mappa.audit import triggers

    triggers.install(connections[using])


class AuditConfig(AppConfig):
    name = "mappa.audit"
    label = "audit"

    def ready(self):
        post_migrate.connect(_reinstall_triggers, sender=self)
