"""How far ahead the work list shows a release from custody or the end of a licence."""
import datetime

from django.db import migrations

from mappa.core import reference

ROWS = [
    {
        "key": "orders.worklist.release_lookahead_days",
        "value": 28,
        "effective_from": datetime.date(2009, 4, 1),
        "source": "Probation Inspectorate effective practice reports 2009-2012: NO NUMBER GIVEN. Release is prepared "
        "in custody (pre-release visits and plans: accommodation, licence conditions, MAPPA level, victim "
        "notification) and the end of a licence needs an exit plan ('At the end of the licence period the offender "
        "manager confirmed the arrangements to all parties concerned'). Project default: 28 days ahead",
        "description": "How far ahead the work list shows releases from custody and licence end dates",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_source_any_length"), ("orders", "0009_backfill_fixed_term_recalls")]
    operations = [migrations.RunPython(load, unload)]
