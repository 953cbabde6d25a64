"""What a case transfer must confirm before it is sent, and how long the receiving team has to answer."""
import datetime

from django.db import migrations

from mappa.core import reference

FOUND = datetime.date(2010, 3, 1)  # HMI Probation and HMI Constabulary, sexual offenders inspection, 2010
INSPECTION = "HMI Probation and HMI Constabulary 2010"
GOOD_PRACTICE = "HMI Probation good practice 2009-2012"
ROWS = [
    {
        "key": "transfer.checklist",
        "value": [
            {"code": "risk_assessment", "applies": "always",
             "text": "The risk assessment is up to date, reviewed since the last significant change",
             "source": f"{INSPECTION} ¶2.4 (assessments updated regularly, keeping a history), ¶7.21 (differing "
                       f"recording caused problems on transfer); {GOOD_PRACTICE} §2.25 REQ-WF-02 (transfer-in "
                       "reassessment, E2.4-29)"},
            {"code": "plan_reviewed", "applies": "always",
             "text": "The risk management plan has been reviewed for the move and names who does what after it",
             "source": f"{INSPECTION} ¶9.2 (reviews on a change of circumstances), ¶7.21"},
            {"code": "records_in_place", "applies": "always",
             "text": "Everything is recorded in its own place on the record, not only in case notes",
             "source": f"{INSPECTION} ¶7.21 and F-042 (one canonical place for each kind of record, checked "
                       "before the receiving force accepts), ¶5.19 and F-041 (plans held in the activity log)"},
            {"code": "victims_contact", "applies": "always",
             "text": "The victim liaison officer knows of the move, so that victims' contact carries on",
             "source": f"INFERRED from {INSPECTION} E-22 (victim contact) and ¶7.21; {GOOD_PRACTICE} IS-80 "
                       "(transferring area to receiving manager: case information, E2.4-29)"},
            {"code": "mappa_coordinator", "applies": "mappa_level_2_3",
             "text": "The MAPPA co-ordinators of both areas have been told (MAPPA level 2 or 3)",
             "source": f"{INSPECTION} ¶4.4-4.5 (the co-ordinator holds the area's level 2 and 3 cases), ¶7.21"},
            {"code": "licence_and_address", "applies": "on_licence",
             "text": "Licence conditions, exclusion zones and the new address have been checked for the new area",
             "source": f"{GOOD_PRACTICE} §2.25 (release to a new area, E3.3-15, E3.3-22: release address check)"},
            {"code": "police_told", "applies": "registered",
             "text": "The police public protection unit for the new area has been told (registered sexual offender)",
             "source": f"{INSPECTION} ¶3.10 and ¶7.21 (the owning police force; transfers between forces), E-39"},
        ],
        "effective_from": FOUND,
        "source": f"{INSPECTION} E-39 and P-27 (case transfer with a completeness checklist, ¶7.21) and F-042; "
                  f"{GOOD_PRACTICE} §2.25 REQ-WF-01 and REQ-WF-02. The items are the project's reading of those "
                  "paragraphs (each item cites its own); an administrator loads a local checklist as a later row",
        "description": "What the sending manager confirms before a case transfer is sent",
    },
    {
        "key": "transfer.answer_days",
        "value": 10,
        "effective_from": FOUND,
        "source": f"{INSPECTION} E-39 and ¶7.21: NO NUMBER GIVEN. Project default: the receiving team answers a "
                  "transfer within 10 days; after that it shows as overdue on their work list. An administrator "
                  "loads the local protocol's timescale as a later row",
        "description": "Days the receiving team has to accept or decline a case transfer",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_source_any_length"), ("nominals", "0013_transfer_and_cover")]
    operations = [migrations.RunPython(load, unload)]
