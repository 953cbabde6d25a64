"""A supervisor's view of caseloads: the usual maximum the inspectors found and the weights by risk."""
import datetime

from django.db import migrations

from mappa.core import reference

FOUND = datetime.date(2010, 3, 1)  # HMI Probation and HMI Constabulary, sexual offenders inspection, 2010
ROWS = [
    {
        "key": "caseload.usual_maximum",
        "value": 50,
        "effective_from": FOUND,
        "source": "HMI Probation and HMI Constabulary 2010, summary and paragraph 3.12: probation caseloads of 30 to 50 "
                  "on average, up to 90 in one area (T-29). A caseload, counted or weighted, above the top of the "
                  "usual range is shown to the supervisor",
        "description": "Caseload above which a supervisor is shown the member's load as high",
    },
    {
        "key": "caseload.weights",
        "value": {"rosh": {"": 1, "low": 1, "medium": 1, "high": 1.5, "very_high": 2},
                  "level": {"1": 0, "2": 0.5, "3": 1}},
        "effective_from": FOUND,
        "source": "INFERRED (HMI Probation and HMI Constabulary 2010, F-150 and QM-130: caseloads 'weighted by RoSH "
                  "and level', no weights given). Project default: a high risk of serious harm case counts one and a "
                  "half, very high two; MAPPA level 2 adds a half, level 3 one. An administrator loads the local "
                  "workload measure as a later row",
        "description": "Weight of a case by risk of serious harm and MAPPA level, for caseloads",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_source_any_length"), ("nominals", "0009_merged_into")]
    operations = [migrations.RunPython(load, unload)]
