"""How long a stored annual report counts as current, and the London population's source as checked.

A snapshot older than this says so and offers a rebuild, even when no audited change to the area's records has
been made since (the check a page makes): reference data and population estimates change too, and a figure read
at a board meeting should be at most a day older than the register.

The London population (ONS mid-2008, 7,619,800) was entered without the publication at hand. It was looked for
again and could not be confirmed: the nearest ONS figure found is "London had a population of 7.8 million in
mid-2009" (ONS, Regional Trends 43, regional profile of London, 8 June 2011), which agrees with it (London grew
by about 1.7% a year then) but is not it. The value is kept and its source now says so, until it is checked
against the ONS mid-2008 estimates table."""
import datetime

from django.db import migrations

from mappa.core import reference

FRESH = [
    {
        "key": "reports.snapshot_fresh_hours",
        "effective_from": datetime.date(2008, 4, 1),
        "value": 24,
        "source": "Local MAPPA setting; the sources give no number. The strategic management board reads the annual "
        "report's figures (inspection 2010 ¶4.7); a day keeps them within a day of the register even where the "
        "check for changed records cannot see a change (reference data, population estimates)",
        "description": "Hours after which a stored annual report says it may be out of date",
    },
]
LONDON_CHECKED = [
    {
        "key": "reports.population.london",
        "effective_from": datetime.date(2008, 6, 30),
        "value": 7619800,
        "source": "Office for National Statistics, mid-2008 population estimates for England and Wales (August 2009): "
        "London 7,619,800. NOT VERIFIED: entered without the publication at hand and not found again when checked "
        "(6 December 2026); the nearest ONS figure found, 'London had a population of 7.8 million in mid-2009' "
        "(ONS, Regional Trends 43, regional profile of London, 8 June 2011), agrees with it but is not it",
        "description": "Population of the London MAPPA area",
    },
]
LONDON_BEFORE = [{**LONDON_CHECKED[0], "source": "Office for National Statistics, mid-2008 population estimates for "
                  "England and Wales (August 2009): London 7,619,800"}]


def load(apps, schema_editor):
    reference.load_rows(apps, FRESH + LONDON_CHECKED)


def unload(apps, schema_editor):
    reference.unload_rows(apps, FRESH)
    reference.load_rows(apps, LONDON_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_snapshot")]
    operations = [migrations.RunPython(load, unload)]
