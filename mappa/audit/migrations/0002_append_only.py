"""The database itself refuses to change or remove audit events (see mappa.audit.triggers)."""
from django.db import migrations


def forwards(apps, schema_editor):
    from mappa.audit import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
