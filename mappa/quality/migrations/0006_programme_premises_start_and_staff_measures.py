"""Measures the register answers from the interventions (programme referrals, the waiting list, pre-programme work,
completion), approved premises (departures and move-on), the starts of community orders and licences, and the
workforce (training and staff supervision): QM-45, QM-80, QM-81, QM-82, QM-98, QM-131 and QM-133.

QM-45's days are the risk part's (risk.oasys.days_after_start), QM-131's roles and courses the workforce part's
(workforce.roles) and QM-133's interval too (workforce.supervision.interval): each read from there as in force on
the day measured (quality.queries.info), so the two never disagree. QM-80's bands are the inspectors' own (6 and
12 months)."""
from importlib import import_module

from django.db import migrations

from mappa.core import reference

base = import_module("mappa.quality.migrations.0002_reference_data")
measure, ALL = base.measure, base.ALL

ROWS = [
    measure(
        "assessed_at_start", "QM-45", "Risk of serious harm assessed at the start of an order or licence", "para 5.12",
        "the risk of harm assessment was completed on time at the start of the order or licence in 'most of the "
        "cases'. Counted: community and suspended sentence orders (from the date of sentence) and licences (from "
        "their start) that began in the period, with a risk of serious harm assessment within "
        "risk.oasys.days_after_start of the start, either side of it, as in force on the day",
        window_months=12, read_from={"within_days": "risk.oasys.days_after_start"}),
    measure(
        "programme_wait", "QM-80", "Waiting less than six months for a sex offender treatment programme", "para 6.1",
        "of 27, ten waited six to twelve months and three over a year (catalogue T-22; QM-80 counts 'from "
        "requirement/referral date to start date, or to today'). Counted: referrals waiting "
        "on the day and those started in the period; the distribution over the bands is shown with the figure",
        threshold_source=ALL + " (the report gives the distribution and sets no target)",
        window_months=12, bands=[6, 12]),
    measure(
        "programme_before_end", "QM-81", "Programme completed before the order or licence ended", "para 6.1",
        "'a number of offenders' had their order or licence end before they completed a required programme. "
        "Counted: referrals (not found ineligible) under an order or licence that ended in the period",
        window_months=12),
    measure(
        "pre_programme", "QM-82", "Pre-programme work finished before the programme started", "para 6.2",
        "pre-programme work was incomplete in 'almost half the relevant cases' (catalogue F-093: start-date "
        "uncertainty). Counted: programme "
        "starts in the period with pre-programme work set",
        window_months=12),
    measure(
        "move_on", "QM-98", "Approved premises leavers with a planned move-on", "para 8.7",
        "only 16 of 25 had appropriate move-on accommodation, and stays were longer than needed (catalogue F-130: "
        "report length of stay and move-on outcomes; the median stay, shown with the figure). Counted: those who left in the period by a planned move-on to "
        "somewhere recorded",
        window_months=12),
    measure(
        "staff_trained", "QM-131", "Staff in role with current training", "paras 5.5, 10.6 and 10.8",
        "7 of 45 probation staff responsible for Risk Matrix 2000 were untrained in it (5.5), and some police staff "
        "were untrained in three forces (10.8). Counted: the members of a supervisor's own team in a role of the "
        "catalogue, with current training in each course the role requires (workforce.roles, as in force on the "
        "day); only the team's supervisor sees them",
        read_from={"roles": "workforce.roles"}),
    measure(
        "staff_supervised", "QM-133", "Practitioners with monthly supervision recorded", "para 10.13",
        "'most' offender managers had regular supervision. Counted: the practitioners of a supervisor's own team "
        "with a supervision session recorded within workforce.supervision.interval (monthly) up to the day; only "
        "the team's supervisor sees them",
        read_from={"interval": "workforce.supervision.interval"}),
]


class Migration(migrations.Migration):
    dependencies = [("quality", "0005_level1_intelligence_action_and_rm2000_measures")]
    operations = [migrations.RunPython(lambda apps, schema: reference.load_rows(apps, ROWS),
                                       lambda apps, schema: reference.unload_rows(apps, ROWS))]
