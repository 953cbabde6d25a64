"""The workforce part's pure rules: a case's weight from the work it carries, a caseload above capacity, when the
next supervision is due, and which training a role requires that a person lacks. Golden examples from the
reference data the migrations load (their citations are on each row), properties with hypothesis."""
import datetime
import importlib

from hypothesis import given
from hypothesis import strategies as st

from mappa.nominals import weights as base_weights
from mappa.risk.rules import Training
from mappa.workforce import rules

ROWS = {r["key"]: r["value"] for r in importlib.import_module("mappa.workforce.migrations.0002_reference_data").ROWS}
BASE = {r["key"]: r["value"] for r in importlib.import_module("mappa.nominals.migrations.0010_caseload_weights").ROWS}
BY_RISK, BY_WORK, ROLES = BASE["caseload.weights"], ROWS["workforce.caseload.weights"], ROWS["workforce.roles"]
USUAL = BASE["caseload.usual_maximum"]

ROSH = st.sampled_from(["", "low", "medium", "high", "very_high"])
LEVEL = st.sampled_from([None, 1, 2, 3])
KINDS = st.sampled_from(["programme", "treatment", "activity", "unpaid_work", "curfew", "residence", "exclusion"])
CASE = st.builds(rules.CaseWork, ROSH, LEVEL, st.booleans(), st.booleans(), st.lists(KINDS, max_size=4).map(tuple))
DAY = st.dates(datetime.date(2009, 4, 1), datetime.date(2040, 12, 31))


def test_golden_a_medium_risk_level_1_case_with_nothing_else_weighs_one():
    assert rules.case_weight(rules.CaseWork("medium", 1), BY_RISK, BY_WORK) == 1


def test_golden_a_high_risk_level_2_licence_with_a_programme_weighs_three():
    # high 1.5 + level 2 adds 0.5 (caseload.weights) + licence 0.5 + programme 0.5 (workforce.caseload.weights)
    case = rules.CaseWork("high", 2, on_licence=True, requirements=("programme",))
    assert rules.case_weight(case, BY_RISK, BY_WORK) == 3.0


def test_golden_the_supervision_interval_is_monthly_as_the_inspectors_found():
    assert ROWS["workforce.supervision.interval"] == {"months": 1}  # inspection 2010 ¶10.13, T-26
    assert rules.next_supervision_due(datetime.date(2026, 1, 31), ROWS["workforce.supervision.interval"]) == \
        datetime.date(2026, 2, 28)


def test_every_project_default_row_says_so_and_every_row_cites_a_document():
    from importlib import import_module

    for row in import_module("mappa.workforce.migrations.0002_reference_data").ROWS:
        assert "paragraph" in row["source"] or "section" in row["source"] or "project default" in row["source"]
    defaults = [r["key"] for r in import_module("mappa.workforce.migrations.0002_reference_data").ROWS
                if "No number given in the sources: project default." in r["source"]]
    assert defaults == ["workforce.caseload.weights", "workforce.worklist.lookahead_days"]


@given(CASE)
def test_a_case_weighs_at_least_its_weight_by_risk_and_level(case):
    assert rules.case_weight(case, BY_RISK, BY_WORK) >= base_weights.case_weight(case.rosh, case.level, BY_RISK)


@given(CASE, KINDS)
def test_another_requirement_never_makes_a_case_lighter(case, kind):
    more = rules.CaseWork(case.rosh, case.level, case.on_licence, case.on_order, (*case.requirements, kind))
    assert rules.case_weight(more, BY_RISK, BY_WORK) >= rules.case_weight(case, BY_RISK, BY_WORK)


@given(CASE)
def test_a_licence_adds_exactly_its_weight(case):
    on = rules.CaseWork(case.rosh, case.level, True, case.on_order, case.requirements)
    off = rules.CaseWork(case.rosh, case.level, False, case.on_order, case.requirements)
    assert abs(rules.case_weight(on, BY_RISK, BY_WORK) - rules.case_weight(off, BY_RISK, BY_WORK) - BY_WORK["licence"]) < 1e-9


@given(st.lists(CASE, max_size=80))
def test_a_caseload_counts_its_cases_and_sums_their_weights(cases):
    load = rules.caseload(cases, BY_RISK, BY_WORK)
    assert load.cases == len(cases)
    assert abs(load.weighted - sum(rules.case_weight(c, BY_RISK, BY_WORK) for c in cases)) <= 0.05 + 1e-9
    assert rules.over_capacity(load, USUAL) == (load.cases > USUAL or load.weighted > USUAL)


@given(DAY, st.integers(1, 12))
def test_the_next_supervision_is_the_interval_later(held_on, months):
    due = rules.next_supervision_due(held_on, {"months": months})
    assert held_on < due <= held_on + datetime.timedelta(days=31 * months)
    assert (due.year * 12 + due.month) - (held_on.year * 12 + held_on.month) == months


@given(st.one_of(st.none(), DAY), DAY, st.integers(0, 30))
def test_supervision_is_overdue_once_its_day_has_passed_and_due_within_the_lookahead(next_due, today, lookahead):
    state = rules.supervision_state(next_due, today, lookahead)
    if next_due is None:
        assert state == rules.DUE  # never supervised: due now
    elif next_due < today:
        assert state == rules.OVERDUE
    elif (next_due - today).days <= lookahead:
        assert state == rules.DUE
    else:
        assert state == ""


def test_golden_each_role_of_the_catalogue_is_held_by_its_agency_and_account_role():
    assert rules.role_of("probation", "practitioner", ROLES) == "offender_manager"
    assert rules.role_of("police", "supervisor", ROLES) == "ppu_supervisor"
    assert rules.role_of("health", "practitioner", ROLES) == ""


def test_golden_an_offender_manager_with_only_oasys_lacks_rm2000_and_home_visiting():
    day = datetime.date(2026, 6, 1)
    records = [Training("oasys", datetime.date(2020, 1, 1))]
    assert rules.missing_training("offender_manager", records, day, ROLES) == ["rm2000", "home_visiting"]


@given(st.sampled_from(sorted(ROLES["roles"])), st.lists(st.tuples(st.sampled_from(sorted(ROLES["courses"])), DAY,
                                                                   st.one_of(st.none(), DAY))), DAY)
def test_a_person_lacks_exactly_the_required_courses_with_no_record_current_on_the_day(role, held, day):
    records = [Training(course, on, until) for course, on, until in held]
    missing = rules.missing_training(role, records, day, ROLES)
    required = ROLES["roles"][role]["training"]
    assert set(missing) <= set(required)
    for course in required:
        current = any(c == course and on <= day and (until is None or until >= day) for c, on, until in held)
        assert (course in missing) != current


def test_a_person_holding_no_role_of_the_catalogue_lacks_nothing():
    assert rules.missing_training("", [], datetime.date(2026, 1, 1), ROLES) == []
