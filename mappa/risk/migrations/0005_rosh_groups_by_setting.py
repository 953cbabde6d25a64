"""Which groups a risk of serious harm is rated for in each setting: risk to prisoners only in custody."""
import datetime

from django.db import migrations

from mappa.core import reference

ROWS = [
    {
        "key": "risk.rosh.groups_by_setting",
        "value": {"community": ["children", "public", "known_adult", "staff"],
                  "custody": ["children", "public", "known_adult", "staff", "prisoners"]},
        # OASys in prisons and probation: Prison Service Order 2205, first issued 10 July 2003.
        "effective_from": datetime.date(2003, 7, 10),
        "source": "OASys risk of serious harm summary: risk to prisoners is rated only while the person is in custody "
                  "(OASys Manual, chapter 8; its wording is not among this project's sources). Probation Circular "
                  "36/2006 on the revised chapter 8: 'If the offender is in custody the assessment of risk of serious "
                  "harm must be undertaken on the basis that release could be imminent'",
        "description": "The groups a risk of serious harm is rated for, in the community and in custody",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("risk", "0004_caseitem_handling_set_by"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
