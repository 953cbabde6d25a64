"""Numbers home visiting uses, with when they took effect and where they come from.

Where the documents give no number, the source says so and the value is this project's default:
change it by adding a row with a later effective_from (history is never rewritten).
"""
import datetime

from django.db import migrations

from mappa.core import reference

REPORT = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
GUIDANCE = datetime.date(2009, 4, 1)  # MAPPA guidance revised April 2009 (para 3.2)
S96B = datetime.date(2007, 4, 1)  # SOA 2003 s.96B, inserted by the Violent Crime Reduction Act 2006 s.58

ROWS = [
    {
        "key": "visits.police.interval",
        "value": {"very_high": {"months": 1}, "high": {"months": 1}, "medium": {"months": 3}, "low": {"months": 12}},
        "effective_from": GUIDANCE,
        "source": f"{REPORT}, para 7.14: the MAPPA guidance suggested that offenders who were high and very high "
        "risk of reconviction should be visited monthly, medium risk cases every three months, low risk cases "
        "'at least annually but preferably every six months' (the latest a visit may be is used). Para 7.15: "
        "forces set their own standards; a case's agreed schedule overrides this",
        "description": "Police home visit interval by risk level",
    },
    {
        "key": "visits.probation.interval",
        "value": {"very_high": {"months": 4}, "high": {"months": 4}},
        "effective_from": GUIDANCE,
        "source": f"{REPORT}, para 7.12: 'The national standard for the probation service requires home visits "
        "to be undertaken every four months in cases of high/very high RoH offenders'",
        "description": "Probation home visit interval by risk of serious harm",
    },
    {
        "key": "visits.initial.within",
        "value": {"days": 28},
        "effective_from": GUIDANCE,
        "source": f"{REPORT}: NO NUMBER GIVEN. Para 7.24 found 'unacceptable delays in completing the initial "
        "home visit following registration'. Project default: within 28 days of registration",
        "description": "Time from registration within which the initial police home visit is due",
    },
    {
        "key": "visits.warrant.failed_attempts",
        "value": 2,
        "effective_from": S96B,
        "source": "Sexual Offences Act 2003 s.96B(2) (inserted by the Violent Crime Reduction Act 2006 s.58): "
        "a warrant may issue where a constable has 'on at least two occasions' sought entry to assess the risks "
        "and been unable to obtain it; " + f"{REPORT}, para 2.4",
        "description": "Failed attempts at entry in a row before the warrant route is offered",
    },
    {
        "key": "visits.late_days",
        "value": 14,
        "effective_from": GUIDANCE,
        "source": f"{REPORT}: NO NUMBER GIVEN. Para 7.24 measured visits as on time, late 'but not unacceptably "
        "so', or unacceptably late. Project default: more than 14 days late is unacceptably late",
        "description": "Days late after which a visit is unacceptably late",
    },
    {
        "key": "visits.worklist.lookahead_days",
        "value": 14,
        "effective_from": GUIDANCE,
        "source": f"{REPORT}: NO NUMBER GIVEN. Para 7.22: forthcoming visits were not flagged in one place, "
        "with 'implications for supervision and monitoring of frequency'. Project default: 14 days ahead",
        "description": "How far ahead the work list shows home visits coming due",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_reference_data"), ("visits", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
