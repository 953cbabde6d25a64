import datetime

from django.db import migrations

from mappa.core import reference

KEEP = [
    {
        "key": "arrangements.pack_keep_hours",
        "effective_from": datetime.date(2008, 4, 1),
        "value": 24,
        "source": "Local MAPPA setting; the sources give no number. A chair's pack is read for one meeting and "
        "holds case data drawn from every agency (inspection 2010 ¶4.4, ¶7.4): kept a day for its reader, then "
        "built again from the records as they are",
        "description": "Hours a chair's meeting pack is kept for its reader",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, KEEP)


def unload(apps, schema_editor):
    reference.unload_rows(apps, KEEP)


class Migration(migrations.Migration):
    dependencies = [("arrangements", "0014_meeting_pack")]
    operations = [migrations.RunPython(load, unload)]
