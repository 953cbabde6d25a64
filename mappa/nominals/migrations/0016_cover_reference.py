"""How long a cover may run: before this row, a constant in the cover rule (transfer_rules)."""
import datetime

from django.db import migrations

from mappa.core import reference

FOUND = datetime.date(2010, 3, 1)  # as the transfer rows (0014)
ROWS = [
    {
        "key": "cover.max_days",
        "value": 92,
        "effective_from": FOUND,
        "source": "No number given in the sources: project default (about three months). Cover is for an absence "
                  "(leave, sickness, training), with an expiry, not a reallocation; a longer absence is a transfer or "
                  "a new allocation. What the sources say: HMI Probation and HMI Constabulary 2010, F-151 (cover and "
                  "delegation with expiry, ¶3.11: little resilience for sickness, leave and vacancies) and E-34 (cover "
                  "arrangements); HMI Probation good practice 2009-2012 §2.25 REQ-WF-01 (cover among the reasons for "
                  "a change of manager) and REQ-WF-03 (cover and leave arrangements linked to cases, E2.1-11). Read "
                  "at the cover's first day. An administrator loads the local policy's limit as a later row",
        "description": "Days a cover may run at most (from its first day to its last)",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_source_any_length"), ("nominals", "0015_significantevent_polygraph_circle")]
    operations = [migrations.RunPython(load, unload)]
