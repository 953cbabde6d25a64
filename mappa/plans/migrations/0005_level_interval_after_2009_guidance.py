"""The plan's review interval by MAPPA level after the 2009 guidance.

It comes from the same paragraph as the MAPPA review intervals (arrangements 0011), and, like them, the 2012
guidance's value could not be read from a source held here: this row says so plainly and keeps the last
confirmed value, so a plan reviewed today is never reviewed later than the 2009 maximum.
"""
from importlib import import_module

from django.db import migrations

from mappa.core import reference

later = import_module("mappa.arrangements.migrations.0011_review_intervals_after_2009_guidance")

ROWS = [
    {
        "key": "plans.review.level_interval",
        "value": {"1": {"months": 4}, "2": {"weeks": 12}, "3": {"weeks": 6}},
        "effective_from": later.GUIDANCE_2012,
        "source": f"{later.UNCONFIRMED}: level 3 every four to six weeks, level 2 every eight to twelve weeks, level 1 "
                  "every four months (the later end of each range: the latest a review may be)",
        "description": "UNCONFIRMED since 2012: review interval of the plan by MAPPA level, the 2009 value kept until "
                       "the current one is confirmed",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_restricted_source_labels"), ("arrangements", "0011_review_intervals_after_2009_guidance")]
    operations = [migrations.RunPython(load, unload)]
