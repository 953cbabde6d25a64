"""Supervision rules: the reporting schedule and the enforcement rule, golden cases cited to the catalogues and
properties over any input (hypothesis). The tables are the reference rows as loaded."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mappa.supervision import rules

# As loaded by supervision/migrations/0002_reference_data.py (no number given in the sources: project default).
REPORTING = {"start_weeks": 12, "start": {"very_high": 7, "high": 7, "medium": 7, "low": 7},
             "later": {"very_high": 7, "high": 14, "medium": 14, "low": 28}}
ENFORCEMENT = {"window_months": 12, "final_warning_at": 2, "breach_at": 3, "breach_within_days": 10}
D = datetime.date
START = D(2026, 1, 5)


def test_the_tables_are_the_reference_rows_in_force(db):
    from mappa.core import reference

    assert reference.value("supervision.reporting.interval", START) == REPORTING
    assert reference.value("supervision.enforcement", START) == ENFORCEMENT
    for key in ("supervision.reporting.interval", "supervision.enforcement"):
        assert "No number given in the sources: project default" in reference.in_force(key, START).source


def test_reporting_is_weekly_at_the_start_then_set_by_risk():
    """Inspection 2010 para 6.4 and E-33: the frequency is set by the risk of harm, never left at a minimum
    without a reason; good practice R-32 (weekly for the highest), R-37 (the same day each week)."""
    week_3 = START + datetime.timedelta(weeks=3)
    assert rules.reporting("low", START, week_3, REPORTING).every_days == 7
    later = START + datetime.timedelta(weeks=20)
    assert [rules.reporting(level, START, later, REPORTING).every_days for level in rules.LEVELS] == [28, 14, 14, 7]
    assert rules.reporting("high", START, later, REPORTING).reason == (
        "Every 2 weeks: high risk of serious harm, after the first weeks")


def test_risk_not_known_reports_as_often_as_the_highest():
    """Para 6.4: men left at the minimum (monthly) with limited oversight; an unknown risk is not read as low."""
    later = START + datetime.timedelta(weeks=20)
    unknown = rules.reporting("", START, later, REPORTING)
    assert unknown.every_days == 7 and "not known" in unknown.reason


def test_the_next_appointment_is_due_from_the_last_one_kept():
    assert rules.next_report_due(START, None, 7) == D(2026, 1, 12)
    assert rules.next_report_due(START, D(2026, 3, 2), 14) == D(2026, 3, 16)


def test_first_absence_a_warning_second_a_final_warning_third_breach_action():
    """Good practice R-43 ("Following two missed appointments he was close to being returned to court") and
    REQ-CON-02 / REQ-ENF-01: warning, final warning, then breach, laid quickly (E2.2-04)."""
    on = D(2026, 6, 1)
    one = rules.enforcement([D(2026, 3, 1)], [], [], on, ENFORCEMENT)
    assert (one.step, one.done, one.counted) == (rules.WARNING, False, 1)
    warned = rules.enforcement([D(2026, 3, 1)], [(D(2026, 3, 2), rules.WARNING)], [], on, ENFORCEMENT)
    assert warned.done
    two = rules.enforcement([D(2026, 3, 1), D(2026, 4, 1)], [(D(2026, 3, 2), rules.WARNING)], [], on, ENFORCEMENT)
    assert (two.step, two.done) == (rules.FINAL_WARNING, False)  # the earlier warning came before this absence
    three = rules.enforcement([D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 20)], [], [], on, ENFORCEMENT)
    assert (three.step, three.trigger_on, three.due_on) == (rules.BREACH, D(2026, 5, 20), D(2026, 5, 30))
    assert three.overdue_on(on) and "breach action (return to court) is due by 30 May 2026" in three.describe(12)


def test_absences_older_than_twelve_months_or_before_a_breach_do_not_count():
    on = D(2026, 6, 1)
    old = rules.enforcement([D(2025, 5, 1), D(2025, 5, 8), D(2026, 5, 1)], [], [], on, ENFORCEMENT)
    assert (old.counted, old.step) == (1, rules.WARNING)
    after_court = rules.enforcement([D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)], [], [D(2026, 4, 5)], on, ENFORCEMENT)
    assert (after_court.counted, after_court.step) == (0, "")


def test_progress_of_requirements():
    """REQ-UPW-01: hours ordered, worked and outstanding; R-65: sessions of an activity requirement."""
    assert rules.progress(rules.UNPAID_WORK, 60, 20, None, 0).describe() == "20 of 60 hours done, 40 left"
    assert rules.progress(rules.ACTIVITY, None, 0, 10, 10).complete
    assert rules.progress(rules.CURFEW, None, 0, None, 0).describe() == "Runs for its dates"
    assert rules.credit(rules.UNPAID_WORK, rules.KEPT, 6) == (6, 0)
    assert rules.credit(rules.PROGRAMME, rules.UNACCEPTABLE, None) == (0, 0)


def test_requirement_errors_say_what_is_missing():
    errors = rules.requirement_errors(rules.UNPAID_WORK, None, 5, START, None, True)
    assert set(errors) == {"hours", "days", "electronic_monitoring"}
    assert rules.requirement_errors(rules.CURFEW, None, None, START, None, True) == {
        "ends_on": "Enter the date the requirement ends"}


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))


@given(rosh=st.sampled_from(rules.LEVELS), start=days, offset=st.integers(0, 2000))
def test_higher_risk_never_reports_less_often_and_later_never_more_often(rosh, start, offset):
    on = start + datetime.timedelta(days=offset)
    interval = rules.reporting(rosh, start, on, REPORTING).every_days
    assert interval > 0
    for higher in rules.LEVELS[rules.LEVELS.index(rosh):]:
        assert rules.reporting(higher, start, on, REPORTING).every_days <= interval
    assert rules.reporting(rosh, start, start, REPORTING).every_days <= interval


absence_lists = st.lists(days, max_size=8)


@given(absences=absence_lists, extra=days, on=days)
def test_another_absence_never_lowers_what_the_rule_asks_for(absences, extra, on):
    before = rules.enforcement(absences, [], [], on, ENFORCEMENT)
    after = rules.enforcement([*absences, extra], [], [], on, ENFORCEMENT)
    assert rules.SEVERITY[after.step] >= rules.SEVERITY[before.step]
    assert after.counted >= before.counted


@given(absences=absence_lists, on=days)
def test_breach_only_at_the_threshold_within_the_window_and_due_after_its_trigger(absences, on):
    result = rules.enforcement(absences, [], [], on, ENFORCEMENT)
    in_window = [a for a in absences if rules.add_months(on, -12) < a <= on]
    assert result.counted == len(in_window)
    assert (result.step == rules.BREACH) == (len(in_window) >= 3)
    if result.step == rules.BREACH:
        assert result.due_on == result.trigger_on + datetime.timedelta(days=10)
        assert result.trigger_on == sorted(in_window)[2]


@given(absences=absence_lists, on=days, breach=days)
def test_a_breach_action_clears_the_absences_before_it(absences, on, breach):
    result = rules.enforcement(absences, [], [breach], on, ENFORCEMENT)
    if breach <= on:
        assert result.counted == len([a for a in absences if rules.add_months(on, -12) < a <= on and a > breach])


@pytest.mark.parametrize("day,months,expected", [(D(2026, 3, 31), -1, D(2026, 2, 28)), (D(2026, 1, 15), -12, D(2025, 1, 15))])
def test_add_months_keeps_to_real_dates(day, months, expected):
    assert rules.add_months(day, months) == expected
