"""Numbers for polygraph, medication and circles of support, with when they took effect and where they come from.

Neither catalogue gives an interval for reviewing medication to reduce sexual arousal (inspection 2010, paras
2.12 and 7.6 and E-29 say only that it is available under Probation Circular 35/2007 and should be considered
and recorded in the plan), so the row says "no number given in the sources: project default".

The plan's review triggers gain the events this part raises: a polygraph disclosure or significant response
and a concern raised by a circle of support are significant events (inspection 2010 para 9.2: "Immediate
reviews should also be undertaken when significant events occur"; para 2.4L and E-21; paras 8.4-8.5 and E-30;
good practice 2009-2012 E2.2-25: a polygraph alert led to a phone being found and a final warning). The row
takes effect the day after the interventions part's row (1 June 2010, the inspection report), which it repeats
with these two kinds added.
"""
import datetime

from django.db import migrations

from mappa.core import reference

INSPECTION = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
GOOD_PRACTICE = ("HMI Probation, Good Practice Examples from the Offender Management Inspection 2 programme, "
                 "2009-2012 (catalogue 003)")
FROM = datetime.date(2009, 4, 1)
REPORT = datetime.date(2010, 6, 1)  # the inspection report's publication, as the interventions part's row
NO_NUMBER = "No number given in the sources: project default."

ROWS = [
    {
        "key": "supervision.medication.review_interval",
        "value": {"weeks": 12},
        "effective_from": FROM,
        "source": f"{NO_NUMBER} Weeks from the start of medication to reduce sexual arousal, or from its last "
        f"review, to the next review. What the sources say: {INSPECTION}, para 2.12 (medical treatment available to "
        "male sexual offenders under Probation Circular 35/2007), para 7.6 (in the risk management plan in only four "
        "cases; two more should have been considered), E-29 and P-24",
        "description": "Weeks between reviews of medication to reduce sexual arousal",
    },
    {
        "key": "plans.review.trigger_kinds",
        "value": ["intelligence", "breach", "address", "relationship", "release", "recall", "further_offence",
                  "level_change", "intervention", "polygraph", "circle_concern"],
        "effective_from": REPORT + datetime.timedelta(days=1),
        "source": f"{INSPECTION}, paras 9.1, 9.2 and 9.7 (significant events), para 2.4L and E-21 (polygraph), "
        f"paras 8.4-8.5 and E-30 (circles of support and accountability); {GOOD_PRACTICE}, E2.2-25 and E3.2-09 "
        "(polygraph results acted on). The interventions part's row of 1 June 2010 with polygraph disclosures and "
        "significant responses and circles' concerns added",
        "description": "Significant events that make a review of the plan due",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_reference_data"), ("interventions", "0002_reference_data"),
                    ("supervision", "0003_interventions")]
    operations = [migrations.RunPython(load, unload)]
