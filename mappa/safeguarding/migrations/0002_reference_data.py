"""The child sex offender disclosure scheme's timescales, and how far ahead the work list looks, with when each took
effect and where it comes from."""
import datetime

from django.db import migrations

from mappa.core import reference

HOC = ("Home Office circular 007/2010, The Child Sex Offender (CSO) Disclosure Scheme Guidance Document (issued and "
       "in force 30 March 2010)")

ROWS = [
    {
        "key": "safeguarding.csods.timescales",
        "effective_from": datetime.date(2010, 3, 30),
        "value": {"initial_checks_days": 1, "risk_assessment_days": 10, "decision_days": 10, "complete_days": 45},
        "source": f"{HOC}: initial checks within 24 hours of the application for any immediate risk, and the whole "
        "process within 45 days unless extended in exceptional circumstances (as the forces running the scheme "
        "publish it, e.g. Hertfordshire Constabulary and Cleveland Police). The 10 days for the full risk assessment "
        "and 10 for the decision are West Yorkshire Police's CSODS procedure based on the national guidance (not set "
        "nationally; change them to the local procedure). Criminal Justice Act 2003 s.327A (inserted by CJIA 2008 "
        "s.140; inspection 2010 ¶2.4L) is the duty the scheme exercises",
        "description": "the child sex offender disclosure scheme's timescales (days from the application)",
    },
    {
        "key": "safeguarding.worklist.lookahead_days",
        "effective_from": datetime.date(2005, 4, 1),
        "value": 14,
        "source": "Project default: no guidance sets how far ahead a work list shows disclosure reviews and request "
        "stages due",
        "description": "how many days ahead the work list shows disclosure reviews and request stages",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("safeguarding", "0001_initial"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
