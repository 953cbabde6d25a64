"""MAPPA numbers set by guidance, with when they took effect and where they come from."""
import datetime

from django.db import migrations

from mappa.core import reference

GUIDANCE_2009 = datetime.date(2009, 4, 1)
INSPECTION = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
ROWS = [
    {
        "key": "mappa.review.level3",
        "value": {"earliest": {"weeks": 4}, "latest": {"weeks": 6}},
        "effective_from": GUIDANCE_2009,
        "source": f"MAPPA Guidance (April 2009), as quoted in {INSPECTION}, para 9.2: 'level 3 cases are reviewed every four to six weeks'",
        "description": "Review interval for level 3 MAPPA cases (earliest and latest next review after a decision)",
    },
    {
        "key": "mappa.review.level2",
        "value": {"earliest": {"weeks": 8}, "latest": {"weeks": 12}},
        "effective_from": GUIDANCE_2009,
        "source": f"MAPPA Guidance (April 2009), as quoted in {INSPECTION}, para 9.2: 'level 2 cases are reviewed every eight to twelve weeks'",
        "description": "Review interval for level 2 MAPPA cases (earliest and latest next review after a decision)",
    },
    {
        "key": "mappa.review.level1",
        "value": {"earliest": {"months": 4}, "latest": {"months": 4}},
        "effective_from": GUIDANCE_2009,
        "source": f"MAPPA Guidance (April 2009), as quoted in {INSPECTION}, para 9.2: 'level 1 cases should be reviewed every four months'",
        "description": "Review interval for level 1 MAPPA cases",
    },
    {
        "key": "mappa.category2.minimum_custody_months",
        "value": 12,
        "effective_from": GUIDANCE_2009,
        "source": f"{INSPECTION}, para 4.3: Category 2 'sexual and other violent offenders who receive a sentence of "
                  "imprisonment of 12 months or more'; Essex MAPPA annual report 2008/09, 'Who are the MAPPA offenders?'",
        "description": "Shortest sentence of imprisonment (months) for a violent or sexual offence that makes Category 2",
    },
    {
        "key": "mappa.referral.suggest_for_rosh",
        "value": ["high", "very_high"],
        "effective_from": GUIDANCE_2009,
        "source": f"{INSPECTION}, para 4.4: level 2 is for 'significant RoSH', but high or very high RoH does not "
                  "'automatically require level 2' (a prompt to consider referral, never a level)",
        "description": "Risk of serious harm levels at which the system prompts a person to consider referral to level 2 or 3",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("arrangements", "0001_initial"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
