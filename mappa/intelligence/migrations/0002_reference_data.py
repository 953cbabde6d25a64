"""The grading scheme and the time allowed to evaluate, with when they took effect and where they come from.

The inspection names no grading scheme (its catalogue, section 0.5: [GAP]); it gives the NIM definition of
intelligence as information "subject to a defined evaluation and risk assessment process" (para 4.18). The
scheme here is the 3x5x2 of the College of Policing's Authorised Professional Practice on intelligence
management, which replaced the 5x5x5. Change any of it by adding a row with a later effective_from.
"""
import datetime

from django.db import migrations

from mappa.core import reference

REPORT = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
APP = "College of Policing, Authorised Professional Practice: Intelligence management, the 3x5x2 intelligence report"
GUIDANCE = datetime.date(2009, 4, 1)  # the inspection's guidance (MAPPA guidance revised April 2009, para 3.2)
SCHEME = datetime.date(2016, 4, 1)  # project date for the 3x5x2 (the 5x5x5 it replaced is not loaded)

ROWS = [
    {
        "key": "intelligence.evaluation.within",
        "value": {"days": 3},
        "effective_from": GUIDANCE,
        "source": f"{REPORT}: NO NUMBER GIVEN. Para 4.19: information submitted for the attention of the case "
        "manager is extracted and registered as an intelligence item by the case manager; para 4.23: officers "
        "'were not always made aware of new intelligence'. Project default: evaluated within 3 days of submission",
        "description": "Days from submission within which information is to be evaluated",
    },
    {
        "key": "intelligence.grading.source",
        "value": [
            {"code": "1", "label": "Reliable", "meaning": "The source's reliability is not in doubt, or has been "
             "reliable in all instances"},
            {"code": "2", "label": "Untested", "meaning": "The source has not been used before, or their reliability "
             "cannot be judged"},
            {"code": "3", "label": "Not reliable", "meaning": "There is doubt about the source's authenticity, "
             "trustworthiness or competence, or they have proved unreliable before"},
        ],
        "effective_from": SCHEME,
        "source": f"{APP}: source evaluation 1 to 3. {REPORT}, para 4.18 (NIM definition of intelligence)",
        "description": "3x5x2 source evaluation",
    },
    {
        "key": "intelligence.grading.assessment",
        "value": [
            {"code": "A", "label": "Known directly to the source", "meaning": "The source saw or heard it themselves"},
            {"code": "B", "label": "Known indirectly to the source but corroborated",
             "meaning": "Heard from someone else, and confirmed by other information"},
            {"code": "C", "label": "Known indirectly to the source", "meaning": "Heard from someone else, not confirmed"},
            {"code": "D", "label": "Not known", "meaning": "How the source knows it cannot be judged"},
            {"code": "E", "label": "Suspected to be false", "meaning": "Believed untrue or malicious"},
        ],
        "effective_from": SCHEME,
        "source": f"{APP}: intelligence assessment A to E",
        "description": "3x5x2 intelligence assessment",
    },
    {
        "key": "intelligence.grading.handling",
        "value": [
            {"code": "P", "label": "Lawful sharing permitted",
             "meaning": "Read by anyone in an agency that may see intelligence (the police) or in the agency that "
             "registered it, besides the manager and the team's supervisors"},
            {"code": "C", "label": "Lawful sharing permitted subject to conditions",
             "meaning": "Read only by the manager, the supervisors of the record's team and the officer who "
             "registered it; others ask them, and the conditions say what may be shared"},
        ],
        "effective_from": SCHEME,
        "source": f"{APP}: handling code P or C (conditions to be stated). {REPORT}, para 4.19 (the Code of "
        "Practice on the Management of Police Information)",
        "description": "3x5x2 handling code",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data"), ("intelligence", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
