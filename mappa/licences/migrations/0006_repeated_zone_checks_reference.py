"""How many zone checks (an address located, a route checked) one reader may make on one person's record
within a period before the record's manager is told. Reference data: a new row with a later effective_from
changes it without rewriting history."""
import datetime

from django.db import migrations

from mappa.core import reference

FROM = datetime.date(2008, 4, 1)  # the same date as the zone warning distance: the checks start together
ROWS = [
    {
        "key": "licences.repeated_zone_checks",
        "value": {"checks": 10, "hours": 24},
        "effective_from": FROM,
        "source": "Local MAPPA setting; the sources give no number. A practitioner locates each of a person's few "
        "addresses once or twice and checks a few routes (an approved premises checked against the zones, "
        "shared/seeds/002 lines 196-198; a request to travel through the zones, lines 206-210), well under 10 in a "
        "day. Checking place after place is how a hidden zone, such as a victim's home, would be searched for, so "
        "more than that is shown to the manager",
        "description": "Zone checks one reader may make on one person's record within the period (hours) before the "
        "manager is told",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("licences", "0005_caseitem_handling_set_by"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
