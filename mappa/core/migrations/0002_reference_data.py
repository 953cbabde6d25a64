"""Numbers set by guidance, with when they took effect and where they come from."""
import datetime

from django.db import migrations

from mappa.core import reference

ROWS = [
    {
        "key": "break_glass.hours",
        "value": 24,
        "effective_from": datetime.date(2010, 6, 1),
        "source": "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix "
        "(June 2010), para 4.22: access for non-specialist police staff 'on a 24-hour basis' with a valid reason",
        "description": "How long emergency (break-glass) access to one record lasts, in hours",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
