from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(sender, using, **kwargs):
    """This month's audit partition and the next few (PostgreSQL), and the append-only triggers put back."""
    from django.db import connections

    from mappa.audit import partitions, triggers

    partitions.ensure_ahead(connections[using])
    triggers.install(connections[using])


class AuditConfig(AppConfig):
    name = "mappa.audit"
    label = "audit"

    def ready(self):
        post_migrate.connect(_after_migrate, sender=self)
