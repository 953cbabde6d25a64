"""Measures the register answers from the MAPPA arrangements (the forum of a level decision, screening meetings and
their agendas, referrals screened), intelligence (the due and done dates of an item's actions) and risk (peer review,
the age of a Risk Matrix 2000, the assessment after release): QM-21, QM-22, QM-36's second half, QM-42 and two parts
of QM-50.

A parameter another part's reference data already holds is named in "read_from" and read from there as in force
on the day measured (quality.queries.info), so the two never disagree."""
from importlib import import_module

from django.db import migrations

from mappa.core import reference

base = import_module("mappa.quality.migrations.0002_reference_data")
measure, ALL = base.measure, base.ALL

ROWS = [
    measure(
        "level1_screened", "QM-21", "Level 1 decided through a multi-agency screening", "Summary and para 4.26",
        "practice varied: in some areas 'the lead agency, or even the offender manager assumed responsibility', in others "
        "'all relevant sexual and violent offenders were referred to a structured multi-agency screening meeting'; the "
        "report recommends 'a defensible and accountable process for the classification and management of MAPPA level 1 "
        "cases' (catalogue F-020). Counted: a level 1 decision at a screening meeting or a level 2 or 3 meeting, or by the "
        "lead agency after the case was screened. The catalogue's alternative (decision-maker and rationale recorded) is "
        "not counted: the register refuses a decision without them"),
    measure(
        "level1_oversight", "QM-22", "Multi-agency oversight of level 1 cases", "Chapter 4 key findings and para 4.4",
        "'Most level 1 cases were not subject to any form of formal multi-agency oversight' (catalogue F-021: 'L1 case "
        "with no multi-agency touchpoint in the review period'). Counted: on the agenda of a MAPPA meeting held, minuted "
        "at one, a level decided at one, or a referral screened, within the level 1 review interval (mappa.review.level1, "
        "as in force on the day)",
        read_from={"interval": "mappa.review.level1"}),
    measure(
        "intelligence_actions", "QM-36", "Actions from intelligence done by their due date", "para 4.19",
        "supervisors audit intelligence and ensure its actions are completed (catalogue F-053); the inspectors gave no "
        "figure. Counted over the actions of the items whose content the reader may read (an item's actions are its "
        "content), so a figure never tells a reader of actions they may not see", window_months=12),
    measure(
        "rm2000_peer_reviewed", "QM-42", "Risk Matrix 2000 peer reviewed", "para 5.6",
        "81% of probation staff said they had not had their RM2000 assessments reviewed by an appropriately qualified "
        "colleague, 'despite this being recommended as good practice'. Counted: each person's latest completed Risk Matrix 2000 with a peer review by a colleague trained "
        "in the tool",
        threshold_source=ALL + " (the report recommends peer review as good practice and sets no target)"),
    measure(
        "rm2000_current", "QM-50", "Risk Matrix 2000 reviewed within its time", "para 9.1",
        "issues in 22.5% of the 62 records included 'no review of the RM2000 following a considerable lapse of time (up "
        "to 3 years)'. The days are risk.rm2000.review_after_days, as in force on the day",
        read_from={"within_days": "risk.rm2000.review_after_days"}),
    measure(
        "release_reviewed", "QM-50", "Risk assessed after release from custody", "para 9.1",
        "issues in 22.5% of the 62 records included 'no review of the prison risk assessment following release from "
        "prison'. Counted: registered sexual offenders released in the period from the custody "
        "they were in on the relevant date, with a risk of serious harm assessment within risk.review.days_after_event "
        "of release, as in force on the day",
        window_months=12, read_from={"within_days": "risk.review.days_after_event"}),
]


class Migration(migrations.Migration):
    dependencies = [("quality", "0004_victim_visit_review_disclosure_measures")]
    operations = [migrations.RunPython(lambda apps, schema: reference.load_rows(apps, ROWS),
                                       lambda apps, schema: reference.unload_rows(apps, ROWS))]
