"""Measures the register answers now that victims hold the statutory contact scheme and the liaison officer's contact
with the manager, plans their reviews and the significant events that trigger them, risk the risk of serious harm,
and safeguarding the decisions on disclosure: QM-32, QM-33, QM-34 (as far as the register answers it), QM-89, QM-110,
QM-111, QM-116 and QM-25.

A parameter another part's reference data already holds is named in "read_from" and read from there as in force
on the day measured (quality.queries.info), so the two never disagree."""
from importlib import import_module

from django.db import migrations

from mappa.core import reference

base = import_module("mappa.quality.migrations.0002_reference_data")
measure, ALL = base.measure, base.ALL

ROWS = [
    measure(
        "level1_disclosure", "QM-25", "Disclosure considered for level 1 cases", "para 7.4",
        "disclosure was considered in most level 2 and 3 cases, and for level 1 cases it was 'more variable'; the "
        "Home Office review of 2007 intended 'consideration of disclosure of information on offenders in every case' "
        "(para 2.4, legislation). A decision on disclosure recorded in the safeguarding part since the MAPPA episode "
        "began counts; the catalogue's subset of child sexual offenders (100% required) is not yet shown apart"),
    measure(
        "victim_liaison", "QM-32", "Victim liaison officer and manager in touch", "para 7.9",
        "communication between the offender manager and the victim liaison officer was insufficient in half of the "
        "statutory victim contact cases (36 in the sample, para 7.7). Counted: a contact-log entry 'with the offender "
        "manager' that reached them, in the last 6 months",
        threshold_source=ALL + ". The 6 months: NO NUMBER GIVEN (catalogue F-010: 'no OM-VLO communication in N "
        "months'); project default, as the liaison officer's input counts within 180 days of release "
        "(victims.contact.timescales)", window_months=6),
    measure(
        "review_liaison", "QM-33", "Plan reviews with the victim liaison officer's input", "para 7.10",
        "information from victim liaison officers 'rarely informed the risk management plan or subsequent reviews' "
        "(catalogue F-011, baseline 'very few'). Counted: a contact-log entry with the offender manager since the "
        "review before", window_months=12),
    measure(
        "victim_offer", "QM-34", "Statutory victim contact offered in time", "para 7.9",
        "victim contact was in line with national standards in three-quarters of the statutory cases. The documents "
        "quote no standard's timescales: the offer is judged by victims.contact.timescales in force on the day of "
        "sentence (project default 56 days, to be confirmed locally)", window_months=12),
    measure(
        "probation_visits", "QM-89", "Probation home visits for high and very high risk of serious harm", "paras 7.12-7.13",
        "'The national standard for the probation service requires home visits to be undertaken every four months in "
        "cases of high/very high RoH offenders'; they were 'not routinely undertaken in every high or very high RoH "
        "case'. The intervals are visits.probation.interval and the headline in the community follows "
        "risk.rosh.groups_by_setting, both as in force on the day",
        read_from={"intervals": "visits.probation.interval", "groups": "risk.rosh.groups_by_setting"}),
    measure(
        "event_reviewed", "QM-111", "Plan reviewed after a significant event", "paras 9.2 and 9.7",
        "'immediate reviews should also be undertaken when significant events occur' (9.2); two-thirds of cases were "
        "not reviewed after a significant change (9.7). The days are plans.review.trigger_days, as in force on the day",
        threshold_source=ALL, window_months=12, read_from={"within_days": "plans.review.trigger_days"}),
    measure(
        "plan_review", "QM-110", "Plan reviewed on time", "paras 9.2 and 9.8",
        "the probation risk of harm analysis and plan were reviewed within four months in three-quarters of cases (9.8); "
        "reviews of level 2 and 3 cases were generally on time, level 1 reviews were missed unless the risk was high "
        "or very high (9.2-9.3). The intervals are the plans part's (plans.review.base_interval, level_interval, "
        "rosh_interval) and the risk of serious harm's groups risk.rosh.groups_by_setting, as in force on the day",
        read_from={"base": "plans.review.base_interval", "by_level": "plans.review.level_interval",
                   "by_rosh": "plans.review.rosh_interval", "groups": "risk.rosh.groups_by_setting"}),
    measure(
        "review_endorsed", "QM-116", "Plan reviews endorsed by a supervisor", "paras 9.5 and 10.12",
        "'RMPs should be overseen and countersigned by a supervisor. However, many supervisors said they did not have "
        "the capacity to be proactive in prompting reviews' (9.5); 'the level of supervisory involvement was not "
        "always evident from the ViSOR records' (10.12). The inspectors gave no figure", window_months=12),
]


class Migration(migrations.Migration):
    dependencies = [("quality", "0003_visit_and_intelligence_measures"), ("core", "0004_reference_source_any_length")]
    operations = [migrations.RunPython(lambda apps, schema: reference.load_rows(apps, ROWS),
                                       lambda apps, schema: reference.unload_rows(apps, ROWS))]
