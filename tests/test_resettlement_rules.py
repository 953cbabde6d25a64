"""Resettlement rules: signing-in intervals, the move-on plan's due date, significant departures and incidents, and
pathway outcomes. Golden cases cited to the catalogues and properties over any input (hypothesis). The tables are
the reference rows as loaded."""
import datetime

from hypothesis import given
from hypothesis import strategies as st

from mappa.resettlement import rules

# As loaded by resettlement/migrations/0002_reference_data.py.
REGIME = {"default_hours": 4, "shortest_hours": 2, "longest_hours": 4, "curfew_from": "23:00", "curfew_to": "07:00"}
MOVE_ON = {"stay_weeks": 12, "plan_within_days": 28, "before_departure_days": 28, "lookahead_days": 14}
D = datetime.date
ARRIVED = D(2026, 3, 2)
dates = st.dates(min_value=D(2009, 4, 1), max_value=D(2040, 12, 31))


def test_the_tables_are_the_reference_rows_in_force(db):
    from mappa.core import reference

    assert reference.value("resettlement.ap.regime", ARRIVED) == REGIME
    assert reference.value("resettlement.move_on", ARRIVED) == MOVE_ON
    assert "R-45" in reference.in_force("resettlement.ap.regime", ARRIVED).source
    assert "F-130" in reference.in_force("resettlement.move_on", ARRIVED).source
    premises = reference.value("resettlement.premises", ARRIVED)
    assert rules.premises_name("northshire", premises) == "Northshire Approved Premises"
    assert rules.premises_name("atlantis", premises) == ""


def test_the_catalogues_signing_in_intervals_need_no_reason():
    """Good practice section 3.5: R-45 "signing on at two hourly intervals" [E1.2-09]; R-46 "reporting to approved
    premises staff every four hours" [E2.3-04]."""
    assert rules.signing_in_errors(2, "", REGIME) == {}
    assert rules.signing_in_errors(4, "", REGIME) == {}


def test_an_interval_extended_for_religious_observance_is_recorded_with_its_reason():
    """R-48: "extending the period of time between check-ins" so he could attend the mosque [E2.4-02]."""
    assert "signing_in_reason" in rules.signing_in_errors(6, "", REGIME)
    assert rules.signing_in_errors(6, "Friday prayers at the mosque", REGIME) == {}
    assert "signing_in_hours" in rules.signing_in_errors(None, "", REGIME)
    assert "signing_in_hours" in rules.signing_in_errors(30, "Why not", REGIME)


@given(hours=st.integers(min_value=1, max_value=24), reason=st.text(max_size=20))
def test_a_reason_is_asked_for_exactly_outside_the_usual_range(hours, reason):
    errors = rules.signing_in_errors(hours, reason, REGIME)
    usual = REGIME["shortest_hours"] <= hours <= REGIME["longest_hours"]
    assert bool(errors) == (not usual and not reason.strip())


def test_the_move_on_plan_is_due_early_in_the_stay():
    """Inspection 2010 F-130 (para 8.7: only 16 of 25 had appropriate move-on; "a move-on plan is required at AP
    admission with a target date") and P-20 (started early and tracked): within 28 days of arrival, and at least
    28 days before the expected departure."""
    usual = rules.expected_departure(ARRIVED, MOVE_ON)
    assert usual == ARRIVED + datetime.timedelta(weeks=12)  # R-50 "an intensive three month period"
    assert rules.move_on_plan_due(ARRIVED, usual, MOVE_ON) == D(2026, 3, 30)
    short = ARRIVED + datetime.timedelta(days=40)
    assert rules.move_on_plan_due(ARRIVED, short, MOVE_ON) == ARRIVED + datetime.timedelta(days=12)
    assert rules.move_on_plan_due(ARRIVED, ARRIVED + datetime.timedelta(days=10), MOVE_ON) == ARRIVED


@given(arrived=dates, stay=st.integers(min_value=1, max_value=2000))
def test_the_move_on_plan_is_never_due_before_arrival_nor_later_than_either_limit(arrived, stay):
    leaves = arrived + datetime.timedelta(days=stay)
    due = rules.move_on_plan_due(arrived, leaves, MOVE_ON)
    assert arrived <= due <= arrived + datetime.timedelta(days=MOVE_ON["plan_within_days"])
    assert due <= max(arrived, leaves - datetime.timedelta(days=MOVE_ON["before_departure_days"]))


def test_an_unplanned_departure_and_a_rule_breach_are_significant():
    """Inspection 2010 para 9.2: reviews when significant events occur; good practice section 2.12 (regime and
    rules; resident incidents such as bullying, E2.2-07, which is not a breach by the resident)."""
    assert rules.is_significant_departure(rules.UNPLANNED) and not rules.is_significant_departure(rules.PLANNED)
    assert rules.is_rule_breach("curfew") and rules.is_rule_breach("signing_in")
    assert not rules.is_rule_breach("bullying") and not rules.is_rule_breach("other")


def test_a_planned_move_on_says_where_to():
    """Good practice section 2.12 Move-on: moved out "to live in accommodation found by a housing provider"
    [E1.2-09]; inspection E-24 "planned/actual departure"."""
    today = D(2026, 6, 1)
    assert "destination" in rules.departure_errors(ARRIVED, D(2026, 5, 1), rules.PLANNED, " ", today)
    assert rules.departure_errors(ARRIVED, D(2026, 5, 1), rules.PLANNED, "Housing provider flat", today) == {}
    assert rules.departure_errors(ARRIVED, D(2026, 5, 1), rules.UNPLANNED, "", today) == {}
    assert "departed_on" in rules.departure_errors(ARRIVED, D(2026, 3, 1), rules.UNPLANNED, "", today)
    assert "departed_on" in rules.departure_errors(ARRIVED, D(2026, 6, 2), rules.UNPLANNED, "", today)


@given(arrived=dates, gone=st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
       later=st.integers(min_value=0, max_value=900))
def test_the_length_of_stay_runs_to_departure_or_today(arrived, gone, later):
    departed = None if gone is None else arrived + datetime.timedelta(days=gone)
    today = arrived + datetime.timedelta(days=later)
    assert rules.length_of_stay(arrived, departed, today) == (gone if gone is not None else later)


def test_outcomes_belong_to_their_pathway():
    """Good practice REQ-ACC-02 (accommodation status at release and termination), section 2.20 ("employment
    gained"), section 2.23 ("resolved his financial difficulties")."""
    assert rules.outcome_errors(rules.ACCOMMODATION, "settled", "release") == {}
    assert rules.outcome_errors(rules.ETE, "employed", "end_of_order") == {}
    assert "outcome" in rules.outcome_errors(rules.ETE, "settled", "release")
    assert "outcome_when" in rules.outcome_errors(rules.FINANCE, "resolved", "someday")


@given(target=dates, done=st.one_of(st.none(), dates), today=dates)
def test_an_action_is_overdue_only_when_not_done_and_past_its_target(target, done, today):
    assert rules.action_overdue(target, done, today) == (done is None and target < today)


def test_a_refusal_gives_its_reason():
    """REQ-AP-01: referral and decision."""
    assert rules.decision_errors("accepted", "") == {}
    assert "decision_reason" in rules.decision_errors("refused", "  ")
    assert "decision" in rules.decision_errors("maybe", "")
