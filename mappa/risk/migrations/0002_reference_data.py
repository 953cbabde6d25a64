"""The published parameters of the actuarial calculators, and the timescales for assessments, as
reference data with effective dates and sources. The calculator tables are read from the cited
JSON files in mappa/risk/reference/ (carried over from the MoJ's MIT-licensed actuarial service)."""
import datetime
import json
from pathlib import Path

from django.db import migrations

from mappa.core import reference

REF = Path(__file__).resolve().parent.parent / "reference"


def rows():
    ogrs3 = json.loads((REF / "ogrs3.json").read_text())
    osp = json.loads((REF / "osp.json").read_text())
    return [
        {
            "key": "risk.ogrs3",
            "value": ogrs3,
            "effective_from": datetime.date(2009, 11, 1),
            "source": "Howard, Francis, Soothill and Humphreys, MoJ Research Summary 7/09 (2009); parameters and "
            "offence weightings from ministryofjustice/hmpps-arns-risk-actuarial-api, OGRS3TransformationHelper.kt "
            "and offence-code-mapping.csv (see the table's own source block)",
            "description": "OGRS3 parameters: Copas multiplier, constants, age/gender weights, bands, offence weightings",
        },
        {
            "key": "risk.osp",
            "value": osp,
            "effective_from": datetime.date(2015, 1, 1),
            "source": "ministryofjustice/hmpps-arns-risk-actuarial-api: OSPDCTransformationHelper.kt, "
            "OSPIICHierarchyBand.kt, RSR transformation helper (see the table's own source block)",
            "description": "OSP/DC points, bands and probability; OSP/IIC hierarchy; offence-free band reduction",
        },
        {
            "key": "risk.rm2000.days_after_registration",
            "value": 14,
            "effective_from": datetime.date(2010, 6, 1),
            "source": "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix "
            "(June 2010), para 4.14: the inspectors' 14-day yardstick for a Risk Matrix 2000 after registration "
            "('no stated timescale')",
            "description": "Days after registration by which a Risk Matrix 2000 should be completed",
        },
        {
            "key": "risk.oasys.days_after_start",
            "value": 15,
            "effective_from": datetime.date(2010, 6, 1),
            "source": "Local setting. The 2010 inspection (para 5.12) checks OASys 'completed on time at the start "
            "of the order/licence' without giving the number of days; set here by the service, change by a new row",
            "description": "Days after the start of an order or licence by which an OASys (RoSH and likelihood) is due",
        },
        {
            "key": "risk.review.days_after_event",
            "value": 10,
            "effective_from": datetime.date(2010, 6, 1),
            "source": "Local setting. Reassessment after a significant change and after release: 2010 inspection "
            "paras 9.1 and 9.6-9.8; good practice 2009-2012, 2.6 REQ-ASM-02 (no number of days given)",
            "description": "Days after a significant event (or release) by which the assessments should be reviewed",
        },
        {
            "key": "risk.rm2000.review_after_days",
            "value": 365,
            "effective_from": datetime.date(2010, 6, 1),
            "source": "Local setting. The 2010 inspection (para 9.1) found Risk Matrix 2000 not reviewed for up to "
            "3 years and asks for an age threshold (F-069); twelve months set here",
            "description": "Days after which a Risk Matrix 2000 is due for review",
        },
    ]


def load(apps, schema_editor):
    reference.load_rows(apps, rows())


def unload(apps, schema_editor):
    reference.unload_rows(apps, rows())


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
