"""The inspectors' quality measures: each one's title, its number in the catalogue, the threshold a figure is
judged against and the days or months it counts in, with when they took effect and where they come from.

The inspectors gave findings, not targets: where the report sets no threshold the source says so and the value is
this project's default. Change one by adding a row with a later effective_from (history is never rewritten).
"""
import datetime

from django.db import migrations

from mappa.core import reference

REPORT = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
INSPECTED = datetime.date(2009, 4, 1)  # MAPPA guidance revised April 2009 (para 3.2), the fieldwork that followed
ALL = "NO THRESHOLD GIVEN: the record should hold it for every case. Project default: 100%"


def measure(key, qm, title, para, finding, threshold=100, threshold_source=ALL, **params):
    return {
        "key": f"quality.measure.{key}",
        "value": {"qm": qm, "title": title, "threshold": threshold, **params},
        "effective_from": INSPECTED,
        "source": f"{REPORT}, {para}: {finding}. Threshold: {threshold_source}",
        "description": f"Quality measure {qm}: {title}",
    }


ROWS = [
    measure("ethnicity", "QM-01", "Ethnicity recorded", "para 4.14 (and 1.11)",
            "ethnicity was not recorded in 27 (43%) of the 62 ViSOR records"),
    measure("registration", "QM-02", "Registration details recorded for registered sexual offenders", "para 4.14",
            "no registration details were recorded in 6 cases (9%)"),
    measure("rm2000_in_time", "QM-03", "Risk Matrix 2000 within 14 days of registration", "para 4.14",
            "'although there is no stated timescale ... if an arbitrary 14 days were allowed', 30 cases (48%) "
            "were not completed within it", within_days=14),
    measure("rm2000_approved", "QM-04", "Risk Matrix 2000 approved by a supervisor", "para 4.14",
            "15 of 56 (27%) had not been approved by a supervisor after being entered onto ViSOR, as required"),
    measure("level_recorded", "QM-06", "MAPPA level recorded", "para 4.9",
            "the MAPPA level was not recorded in 1 of 62 cases"),
    measure("named_manager", "QM-08", "One named manager", "para 4.13",
            "'the manager of the record should be the practitioner who manages the nominal': 3 of 6 forces did so"),
    measure("plan_structured", "QM-09", "Risk management plan held in structured items", "para 5.19",
            "in 28% of cases the plan's detail was held only in the activity log, which is not searchable"),
    measure("plan_items_owned", "QM-73", "Plan items with an owner and a timescale", "para 5.19",
            "actions 'did not always have clear timescales'"),
    measure("level1_notified", "QM-20", "Level 1 decisions notified to the MAPPA co-ordinator", "para 4.4",
            "'the MAPPA co-ordinator should be notified of all level 1 cases'"),
    measure("level_review", "QM-23", "MAPPA level reviewed on time", "paras 9.2-9.3",
            "reviews of level 2 and 3 cases were generally on time; level 1 reviews were missed unless the risk "
            "was high or very high"),
    measure("disclosure", "QM-24", "Disclosure considered at level 2 and 3 meetings", "para 7.4",
            "disclosure was considered in most level 2 and 3 cases, as a standing item of the meeting",
            window_months=12),
    measure("level_rationale", "QM-44", "Reason given when managed at another level than Risk Matrix 2000's",
            "para 5.9", "a reason for managing at a different level was recorded in 1 of 5 cases"),
    measure("police_visits", "QM-90", "Police home visits on time", "paras 7.14-7.15 and 7.24",
            "56 of 62 (90%) police home visits were on time", threshold=90,
            threshold_source="the inspectors' finding, 90% (para 7.24); no standard is set", window_months=12),
    measure("initial_visit", "QM-91", "First police home visit within 28 days of registration", "para 7.24",
            "there were 'unacceptable delays in completing the initial home visit following registration' in 4 cases",
            threshold_source=ALL + ". The 28 days: NO NUMBER GIVEN; the project default home visiting uses "
            "(visits.initial.within)", within_days=28, window_months=12),
    {
        "key": "quality.trend.months",
        "value": 12,
        "effective_from": INSPECTED,
        "source": f"{REPORT}: NO NUMBER GIVEN. Project default: a measure's trend shows the last 12 months",
        "description": "Months shown in a quality measure's trend",
    },
    {
        "key": "quality.audit.sample",
        "value": {"default": 10, "most": 50},
        "effective_from": INSPECTED,
        "source": f"{REPORT}, para 4.14 (the inspectors read 62 records across six areas, about 10 an area): NO "
        "NUMBER GIVEN for a supervisor's own check. Project default: 10 cases, at most 50",
        "description": "Cases drawn for a themed audit",
    },
    {
        "key": "quality.audit.checklist",
        "value": [
            {"key": "ethnicity", "text": "Ethnicity is recorded, or that the person declined to give it"},
            {"key": "registration", "text": "Registration details are recorded (registered sexual offenders)"},
            {"key": "rm2000", "text": "Risk Matrix 2000 was completed within 14 days of registration and approved"},
            {"key": "convictions", "text": "Every conviction since registration is recorded"},
            {"key": "level", "text": "The MAPPA level and the reason for it are recorded"},
            {"key": "manager", "text": "The record's manager is the practitioner who manages the person"},
            {"key": "plan", "text": "The risk management plan is held as items with owners and timescales"},
            {"key": "visits", "text": "Home visits are on time and recorded in the visits record"},
        ],
        "effective_from": INSPECTED,
        "source": f"{REPORT}, paras 4.9-4.14, 5.19 and 7.20-7.24: the points the inspectors checked in each "
        "record; para 4.14 describes themed audits of the records by forces",
        "description": "Themed audit checklist",
    },
]


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_source_any_length"), ("quality", "0001_initial")]
    operations = [migrations.RunPython(lambda apps, schema: reference.load_rows(apps, ROWS),
                                       lambda apps, schema: reference.unload_rows(apps, ROWS))]
