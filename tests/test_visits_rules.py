"""Rules of home visiting (pure functions), with golden examples from HMI Probation and HMI Constabulary,
Restriction and Rehabilitation (June 2010), paras 7.12-7.24, and the Sexual Offences Act 2003 s.96B."""
import datetime
import importlib
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from mappa.visits import rules

D = datetime.date
REFERENCE = {r["key"]: r["value"] for r in importlib.import_module("mappa.visits.migrations.0002_reference_data").ROWS}
POLICE = REFERENCE["visits.police.interval"]
PROBATION = REFERENCE["visits.probation.interval"]
INITIAL = REFERENCE["visits.initial.within"]
REGISTERED = rules.police_power((True, "Notification requirements from 3 March 2026"), (False, ""))


def check(**kw):
    values = dict(record_read=True, pnc_checked=True, pnc_result="Not wanted; no new convictions", crewing="double",
                  officer="DC Ahmed")
    values.update(kw)
    return SimpleNamespace(**values)


def test_police_visit_monthly_for_high_and_very_high_risk():
    # Para 7.14: "offenders who were high and very high risk of reconviction should be visited monthly".
    assert rules.police_schedule("high", POLICE, REGISTERED).interval == {"months": 1}
    assert rules.police_schedule("very_high", POLICE, REGISTERED).interval == {"months": 1}


def test_police_visit_every_three_months_for_medium_and_at_least_yearly_for_low():
    # Para 7.14: "medium risk cases every three months"; "low risk cases at least annually but preferably every
    # six months" (the latest a visit may be).
    assert rules.police_schedule("medium", POLICE, REGISTERED).interval == {"months": 3}
    assert rules.police_schedule("low", POLICE, REGISTERED).interval == {"months": 12}


def test_without_a_power_the_police_schedule_says_so_and_sets_nothing():
    # Police visit on the footing of notification requirements, a licence or an order (para 7.16: "checking
    # compliance with legislation and court orders").
    schedule = rules.police_schedule("high", POLICE, rules.police_power((False, ""), (False, "")))
    assert schedule.interval is None
    assert "No power to visit" in schedule.reason


def test_a_licence_or_an_order_gives_the_power():
    power = rules.police_power((False, ""), (True, "On licence to 1 May 2027"), ("SHPO made 1 June 2026",))
    assert power.held and power.grounds == ("On licence to 1 May 2027", "SHPO made 1 June 2026")


def test_probation_visits_every_four_months_for_high_and_very_high_rosh_only():
    # Para 7.12: "home visits to be undertaken every four months in cases of high/very high RoH offenders".
    assert rules.probation_schedule("very_high", PROBATION).interval == {"months": 4}
    assert rules.probation_schedule("high", PROBATION).interval == {"months": 4}
    assert rules.probation_schedule("medium", PROBATION).interval is None


def test_an_agreed_schedule_replaces_the_default_with_its_reason():
    # Para 7.15: forces' minimum standards were sometimes more frequent than the guidance, sometimes less.
    agreed = rules.with_override(rules.police_schedule("low", POLICE, REGISTERED), {"months": 6}, "new partner with children")
    assert agreed.interval == {"months": 6} and "new partner with children" in agreed.reason


def test_the_initial_visit_is_due_after_registration():
    # Para 7.24: "unacceptable delays in completing the initial home visit following registration".
    due, why = rules.next_due(None, {"months": 1}, D(2026, 3, 3), INITIAL)
    assert due == D(2026, 3, 31) and why == "Initial visit after registration"


def test_the_next_visit_runs_from_the_last_attended_visit():
    # Para 7.22: the next visit must be diarised.
    assert rules.next_due(D(2026, 1, 31), {"months": 1}, D(2025, 1, 1), INITIAL)[0] == D(2026, 2, 28)
    assert rules.next_due(D(2026, 5, 10), {"months": 3}, None, INITIAL)[0] == D(2026, 8, 10)


def test_a_visit_may_be_recorded_as_attended_only_after_a_full_check():
    # Para 7.18: "A pre-visit risk assessment, including checks of ViSOR and current intelligence records,
    # should be carried out in every case"; none of the forces "routinely checked the PNC".
    assert rules.may_record_attended(check())
    assert not rules.may_record_attended(None)
    assert [f for f, _ in rules.missing_checks(check(pnc_checked=False))] == ["pnc_checked"]
    assert [f for f, _ in rules.missing_checks(check(pnc_result=" "))] == ["pnc_result"]
    assert [f for f, _ in rules.missing_checks(check(crewing="", officer=""))] == ["crewing", "officer"]


def test_two_failed_attempts_in_a_row_prompt_the_warrant_route():
    # SOA 2003 s.96B(2): a constable has "on at least two occasions" sought entry and been unable to obtain it.
    n = REFERENCE["visits.warrant.failed_attempts"]
    assert rules.warrant_prompt([rules.NO_ANSWER, rules.REFUSED], registered=True, attempts=n)
    assert not rules.warrant_prompt([rules.NO_ANSWER, rules.ATTENDED, rules.NO_ANSWER], registered=True, attempts=n)
    assert not rules.warrant_prompt([rules.NOT_AT_ADDRESS], registered=True, attempts=n)
    # s.96B applies to a "relevant offender": one subject to the notification requirements.
    assert not rules.warrant_prompt([rules.NO_ANSWER, rules.NO_ANSWER], registered=False, attempts=n)


def test_timeliness_is_on_time_late_or_unacceptably_late():
    # Para 7.24: late, "but not unacceptably so", or "unacceptable delays".
    assert rules.timeliness(D(2026, 3, 1), D(2026, 3, 1), 14) == "on time"
    assert rules.timeliness(D(2026, 3, 1), D(2026, 3, 10), 14) == "late"
    assert rules.timeliness(D(2026, 3, 1), D(2026, 3, 20), 14) == "unacceptably late"


days = st.dates(min_value=D(2009, 4, 1), max_value=D(2040, 12, 31))


@given(days, st.integers(min_value=1, max_value=24))
def test_months_ahead_land_in_the_right_month_never_past_its_end(day, months):
    later = rules.add_interval(day, {"months": months})
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or later.day < day.day and (later + datetime.timedelta(days=1)).day == 1


@given(days, days, st.sampled_from(list(POLICE)))
def test_the_next_visit_is_always_after_the_last_and_within_its_interval(last, registered, risk):
    due, _ = rules.next_due(last, POLICE[risk], registered, INITIAL)
    assert last < due <= last + datetime.timedelta(days=31 * POLICE[risk]["months"])


@given(st.lists(st.sampled_from([rules.ATTENDED, *rules.FAILED]), max_size=8))
def test_the_warrant_prompt_needs_the_newest_two_to_have_failed(outcomes):
    prompted = rules.warrant_prompt(outcomes, registered=True, attempts=2)
    assert prompted == (len(outcomes) >= 2 and all(o in rules.FAILED for o in outcomes[:2]))
