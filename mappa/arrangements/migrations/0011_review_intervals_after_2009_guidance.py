"""The MAPPA review intervals after the 2009 guidance.

The 2009 intervals (0002) were the only rows, so they applied to decisions made today. The MAPPA Guidance
was revised as "MAPPA Guidance 2012" (with a summary of main changes from the 2009 guidance) and has been
updated since, chapter 13a "MAPPA Meetings" last in 2022. The revised guidance's review intervals could not
be read from any source held here, so these rows say so plainly and keep the last confirmed values (the
2009 ones). Keeping them is the cautious choice: a review no later than the 2009 maximum is never later
than a longer maximum would allow. When the current wording is confirmed, add a row with the confirmed
value, its paragraph and its date (history is never rewritten).
"""
import datetime

from django.db import migrations

from mappa.core import reference

# The month the 2012 guidance took effect is not confirmed either: the start of 2012 is used.
GUIDANCE_2012 = datetime.date(2012, 1, 1)
UNCONFIRMED = ("UNCONFIRMED: MAPPA Guidance 2012 and its later updates (chapter 13a, MAPPA Meetings, updated 2022, "
               "mappa.justice.gov.uk) replaced the 2009 guidance, but their review interval could not be read from a "
               "source held by this project. The last confirmed value is kept: MAPPA Guidance (April 2009), as quoted "
               "in HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June "
               "2010), para 9.2")
ROWS = [
    {
        "key": "mappa.review.level3",
        "value": {"earliest": {"weeks": 4}, "latest": {"weeks": 6}},
        "effective_from": GUIDANCE_2012,
        "source": f"{UNCONFIRMED}: 'level 3 cases are reviewed every four to six weeks'",
        "description": "UNCONFIRMED since 2012: review interval for level 3 MAPPA cases, the 2009 value kept until the current one is confirmed",
    },
    {
        "key": "mappa.review.level2",
        "value": {"earliest": {"weeks": 8}, "latest": {"weeks": 12}},
        "effective_from": GUIDANCE_2012,
        "source": f"{UNCONFIRMED}: 'level 2 cases are reviewed every eight to twelve weeks'",
        "description": "UNCONFIRMED since 2012: review interval for level 2 MAPPA cases, the 2009 value kept until the current one is confirmed",
    },
    {
        "key": "mappa.review.level1",
        "value": {"earliest": {"months": 4}, "latest": {"months": 4}},
        "effective_from": GUIDANCE_2012,
        "source": f"{UNCONFIRMED}: 'level 1 cases should be reviewed every four months'",
        "description": "UNCONFIRMED since 2012: review interval for level 1 MAPPA cases, the 2009 value kept until the current one is confirmed",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("arrangements", "0010_category2_law")]
    operations = [migrations.RunPython(load, unload)]
