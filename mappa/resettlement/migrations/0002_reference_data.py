"""Numbers and lists approved premises use, with when they took effect and where they come from.

The signing-in intervals are the catalogue's (good practice 2009-2012, section 3.5, R-45 to R-48). Neither
catalogue gives a curfew time for approved premises, a length of stay or when a move-on plan is due (inspection
2010, P-20: "[INFERRED timing]"), so those rows say "no number given in the sources: project default" and cite what
the documents do say. Change a value by adding a row with a later effective_from (history is never rewritten)."""
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
        "key": "resettlement.premises",
        "value": [{"code": "northshire", "name": "Northshire Approved Premises", "area": "Northshire"},
                  {"code": "southmoor", "name": "Southmoor Approved Premises", "area": "Southmoor"},
                  {"code": "brackford", "name": "Brackford Road Approved Premises", "area": "Northshire"}],
        "effective_from": FROM,
        "source": "The sources name no premises: a starting list for the demonstration areas; load the real list as "
        f"a later row. What the sources say: {GOOD_PRACTICE}, section 2.12 REQ-AP-01 (placement: premises, Trust); "
        f"{INSPECTION}, E-24 (premises, admission date, planned and actual departure)",
        "description": "Approved premises that take referrals",
    },
    {
        "key": "resettlement.ap.regime",
        "value": {"default_hours": 4, "shortest_hours": 2, "longest_hours": 4, "curfew_from": "23:00",
                  "curfew_to": "07:00"},
        "effective_from": FROM,
        "source": f"{GOOD_PRACTICE}, section 3.5: R-45 'signing on at two hourly intervals' [E1.2-09]; R-46 "
        "'reporting to approved premises staff every four hours' [E2.3-04]; R-47 'every few hours during the day' "
        "[E2.2-11]; R-48 'extending the period of time between check-ins' for the mosque [E2.4-02]: an interval outside "
        f"two to four hours is recorded with its reason. Curfew hours: {NO_NUMBER} (R-51's '7pm-7am curfew' is a "
        "licence curfew, set per case)",
        "description": "Approved premises signing-in interval and curfew",
    },
    {
        "key": "resettlement.move_on",
        "value": {"stay_weeks": 12, "plan_within_days": 28, "before_departure_days": 28, "lookahead_days": 14},
        "effective_from": FROM,
        "source": f"{NO_NUMBER} A stay of 12 weeks unless agreed otherwise; the move-on plan within 28 days of arrival "
        "and at least 28 days before the expected departure; on the work list 14 days before it is due. What the "
        f"sources say: {INSPECTION}, para 8.7 and F-130 ('only 16 of 25 had appropriate accommodation; stays were "
        "longer than needed': a move-on plan required at admission with a target date), P-20 (move-on plan started "
        f"early and tracked); {GOOD_PRACTICE}, section 2.12 (move-on, E2.2-06, E2.2-21, E2.2-26) and section 3.5 "
        "R-50 ('an intensive three month period' after release)",
        "description": "Approved premises stay and move-on plan timing",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data"), ("resettlement", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
