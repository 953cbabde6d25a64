"""The Category 2 custody threshold is held once, by the MAPPA part (mappa.category2.minimum_custody_months, read
with the rest of Category 2): the copy this part loaded, read by nothing, goes."""
import datetime

from django.db import migrations

from mappa.core import reference

ROWS = [
    {
        "key": "orders.category2.custody_months",
        "effective_from": datetime.date(2009, 4, 1),
        "value": 12,
        "source": "HMI Probation/HMIC 2010, ¶4.3: MAPPA category 2 'receive a sentence of imprisonment of 12 months "
        "or more' (catalogue T-09)",
        "description": "Custodial months from which a sexual or violent offender is MAPPA category 2",
    },
]


def remove(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


def restore(apps, schema_editor):
    reference.load_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("orders", "0005_combined_terms_stays_and_travel")]
    operations = [migrations.RunPython(remove, restore)]
