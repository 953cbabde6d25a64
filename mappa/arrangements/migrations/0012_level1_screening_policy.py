"""Whether a lead agency's level 1 decision must come after a multi-agency screening of the case.

The 2010 inspection found no guidance on screening level 1 cases: in some areas "all relevant sexual and
violent offenders were referred to a structured multi-agency screening meeting", in others "the lead agency,
or even the offender manager assumed responsibility for the decision to manage a case at level 1", and it
recommended "a defensible and accountable process for the classification and management of MAPPA level 1
cases". The guidance did not require screening, so the row says it is not required; an area's strategic
management board that requires it adds a row from the day its policy starts (history is never rewritten).
"""
import datetime

from django.db import migrations

from mappa.core import reference

ROWS = [
    {
        "key": "mappa.level1.screening_first",
        "value": {"required": False},
        "effective_from": datetime.date(2009, 4, 1),
        "source": "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010), "
        "Summary (MAPPA) and para 4.26 (recommendation: 'a defensible and accountable process for the classification "
        "and management of MAPPA level 1 cases'); para 4.24: no guidance existed for screening level 1 cases. A local "
        "policy: not required by the MAPPA Guidance (2009)",
        "description": "Whether a level 1 decision by the lead agency alone must follow a multi-agency screening of the "
        "case (on a screening meeting's agenda, or a screened referral) since it became MAPPA eligible",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("arrangements", "0011_review_intervals_after_2009_guidance")]
    operations = [migrations.RunPython(load, unload)]
