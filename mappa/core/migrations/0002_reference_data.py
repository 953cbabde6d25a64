"""Numbers set by guidance, with when they took effect and where they come from."""
import datetime

from django.db import migrations

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
    ReferenceSetting = apps.get_model("core", "ReferenceSetting")
    for row in ROWS:
        ReferenceSetting.objects.update_or_create(
            key=row["key"], effective_from=row["effective_from"], defaults=row
        )


def unload(apps, schema_editor):
    ReferenceSetting = apps.get_model("core", "ReferenceSetting")
    for row in ROWS:
        ReferenceSetting.objects.filter(key=row["key"], effective_from=row["effective_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
