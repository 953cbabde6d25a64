"""Each area's population, for registered sexual offenders per 100,000 head of population. A figure in force
from a date, keyed by the area's code (reports.population.<code>), so a later estimate never rewrites an
earlier year's rate.
"""
import datetime

from django.db import migrations

from mappa.core import reference

ROWS = [
    {
        "key": "reports.population.essex",
        "effective_from": datetime.date(2008, 4, 1),
        "value": 1613000,
        "source": "Essex MAPPA annual report 2008-09 (seed 002, 'The work done in Essex this year'): 742 registered "
        "sexual offenders and 46 per 100,000 head of population, which puts the population the report used at "
        "1.596 to 1.631 million; the middle, 1,613,000, is kept until the ONS estimate it used is loaded",
        "description": "Population of the Essex MAPPA area",
    },
    {
        "key": "reports.population.london",
        "effective_from": datetime.date(2008, 6, 30),
        "value": 7619800,
        "source": "Office for National Statistics, mid-2008 population estimates for England and Wales (August 2009): "
        "London 7,619,800",
        "description": "Population of the London MAPPA area",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_source_any_length")]
    operations = [migrations.RunPython(load, unload)]
