"""Numbers supervision uses, with when they took effect and where they come from.

Neither catalogue gives a National Standard number for reporting or enforcement (good practice 2009-2012,
section 0.2 caveat 6: "The source gives no numeric National Standard frequencies"; inspection 2010, section
0.5 and paragraph 6.4: only "the minimum required by the national standard"). Each row therefore says "no
number given in the sources: project default" and cites what the documents do say. Change a value by adding
a row with a later effective_from (history is never rewritten).
"""
import datetime

from django.db import migrations

from mappa.core import reference

GOOD_PRACTICE = ("HMI Probation, Good Practice Examples from the Offender Management Inspection 2 programme, "
                 "2009-2012 (catalogue 003)")
INSPECTION = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
FROM = datetime.date(2009, 4, 1)  # the start of the inspection period both documents describe
NO_NUMBER = "No number given in the sources: project default."

ROWS = [
    {
        "key": "supervision.reporting.interval",
        "value": {"start_weeks": 12,
                  "start": {"very_high": 7, "high": 7, "medium": 7, "low": 7},
                  "later": {"very_high": 7, "high": 14, "medium": 14, "low": 28}},
        "effective_from": FROM,
        "source": f"{NO_NUMBER} Days between reporting appointments by risk of serious harm and stage of the order: "
        "weekly for everyone in the first 12 weeks; then weekly for very high, fortnightly for high and medium, every "
        f"four weeks for low. What the sources say: {INSPECTION}, para 6.4 and E-33 (frequency set by the risk of harm, "
        "not left at the minimum: some men 'on a monthly basis' with limited oversight); "
        f"{GOOD_PRACTICE}, section 3.4 (R-30, R-31: reporting above the National Standard minimum with a reason; "
        "R-32: 'enhanced weekly PPO contacts'; R-37: the same day and time each week)",
        "description": "Reporting interval by risk of serious harm and stage of the order",
    },
    {
        "key": "supervision.enforcement",
        "value": {"window_months": 12, "final_warning_at": 2, "breach_at": 3, "breach_within_days": 10},
        "effective_from": FROM,
        "source": f"{NO_NUMBER} Within 12 months: the first unacceptable absence brings a warning, the second a final "
        "warning, the third breach action, laid within 10 days of that absence. What the sources say: "
        f"{GOOD_PRACTICE}, section 3.4 R-43 ('Following two missed appointments he was close to being returned to "
        "court': a threshold implied, its value not stated as a rule); section 2.9 REQ-CON-02 (the National Standard "
        "warning and breach thresholds are not in the source: make them configurable); section 2.10 (warning, final "
        "warning, breach; E2.2-04 'started breach proceedings quickly'); "
        f"{INSPECTION}, paragraph 6.4",
        "description": "Unacceptable absences before a warning, a final warning and breach action, and days to lay it",
    },
    {
        "key": "supervision.worklist.lookahead_days",
        "value": 7,
        "effective_from": FROM,
        "source": f"{NO_NUMBER} Appointments to record an outcome for are listed from the day they were due; "
        "breach action from the absence that calls for it, up to this many days before it is due",
        "description": "Days ahead the supervision work list looks",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data"), ("supervision", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
