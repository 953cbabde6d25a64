"""The enforcement rule on a licence, with when it took effect and where it comes from.

A licence's unacceptable absences lead to a warning, a final warning, then recall to be considered: not breach
action to court. No source gives the numbers (good practice 2009-2012, section 0.2 caveat 6: National Standards
"never quantified"; section 3.8 gives recall types, not thresholds), so the row says "no number given in the
sources: project default", the same counts as the order's row (supervision.enforcement) with recall in the place
of breach. Reporting on a licence reads the order's row, supervision.reporting.interval: section 3.4 gives no
licence reporting frequency (R-30 is one licence case reporting "more frequently than the National Standard
minimum").
"""
import datetime

from django.db import migrations

from mappa.core import reference

GOOD_PRACTICE = ("HMI Probation, Good Practice Examples from the Offender Management Inspection 2 programme, "
                 "2009-2012 (catalogue 003)")
FROM = datetime.date(2009, 4, 1)  # the start of the inspection period, as the order's row
NO_NUMBER = "No number given in the sources: project default."

ROWS = [
    {
        "key": "supervision.licence_enforcement",
        "value": {"window_months": 12, "final_warning_at": 2, "recall_at": 3},
        "effective_from": FROM,
        "source": f"{NO_NUMBER} Within 12 months on a licence: the first unacceptable absence brings a warning, the "
        "second a final warning, the third recall to be considered (asked for on the orders part's recall record). "
        f"What the sources say: {GOOD_PRACTICE}, section 2.10 (recall of a licence, not breach to court: E2.2-02 "
        "'promptly recalled', E3.2-08 'recall action followed swiftly'; E3.1-02 'After being warned regarding his "
        "non-compliance' then an emergency recall; E2.2-25 'a decision made to issue a final warning' as the "
        "alternative to recall; REQ-ENF-02 the recall workflow); section 3.4 R-43 (a missed-appointment threshold "
        "implied, its value not stated as a rule); section 3.8 R-74 (the consequence of recall considered)",
        "description": "Unacceptable absences on a licence before a warning, a final warning and recall to be considered",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0005_licence_supervision")]
    operations = [migrations.RunPython(load, unload)]
