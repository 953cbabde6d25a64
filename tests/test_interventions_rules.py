"""The pure rules of a programme referral: golden examples from the documents (cited), and properties that hold for
any dates (hypothesis)."""
import datetime

from hypothesis import given
from hypothesis import strategies as st

from mappa.interventions import rules

D = datetime.date
TABLE = {"waiting_alert_days": 182, "review_within_days": 56, "worklist_lookahead_days": 14}  # 0002_reference_data
TODAY = D(2010, 6, 1)
dates = st.dates(min_value=D(2009, 4, 1), max_value=D(2012, 12, 31))


# ---- golden examples ----

def test_the_i_sotp_counts_against_its_35_sessions():
    # Inspection 2010 para 2.11 (T-19): "35 two-hour sessions".
    a = rules.attendance(["attended"] * 11, 35)
    assert a.describe() == "11 of 35 sessions attended"


def test_s4w_attendance_against_its_eight_sessions():
    # Good practice E2.4-11: "The programme was made up of eight sessions".
    a = rules.attendance(["attended"] * 7 + ["acceptable"], 8)
    assert a.describe() == "7 of 8 sessions attended, 1 missed (0 without an acceptable reason)"


def test_a_wait_of_six_to_twelve_months_is_flagged():
    # Inspection 2010 para 6.1 (T-22): ten of 27 men waited six to twelve months, three over a year.
    listed = D(2009, 4, 1)
    assert not rules.waiting_too_long(listed, None, "", "eligible", D(2009, 9, 29), TABLE)  # 181 days
    assert rules.waiting_too_long(listed, None, "", "eligible", D(2010, 1, 1), TABLE)  # nine months
    assert rules.waiting_days(listed, None, "", D(2010, 4, 2)) == 366  # over a year


def test_a_group_started_four_months_after_sentence_waited_that_long():
    # Good practice E2.3-36: "The Sex Offender Group began four months after sentence".
    assert rules.waiting_days(D(2011, 1, 10), D(2011, 5, 10), "", D(2011, 9, 1)) == 120


def test_a_not_suitable_decision_needs_its_reason():
    # Good practice E2.3-18: "not suitable for IDAP" -> 15 one-to-one sessions; inspection V-09, para 6.6.
    errors = rules.decision_errors("not_eligible", "", D(2010, 1, 1), D(2010, 1, 5), TODAY)
    assert errors == {"eligibility_reason": "Say why the person is not eligible"}
    assert rules.decision_errors("deferred", "Mental health treatment first (E2.3-30)", D(2010, 1, 1),
                                 D(2010, 1, 5), TODAY) == {}


def test_the_review_after_a_programme_is_due_and_a_non_completion_is_significant():
    # Inspection paras 2.9, 5.11 (SARN after the programme; F-066); P-11 step 2 ("programme completed or excluded").
    assert rules.review_due(D(2010, 3, 1), TABLE) == D(2010, 4, 26)
    assert rules.is_significant("not_completed", False) and rules.is_significant("completed", True)
    assert not rules.is_significant("completed", False)


# ---- properties ----

@given(referred=dates, assessed=dates, listed=dates, started=dates)
def test_dates_in_order_are_accepted_and_out_of_order_refused(referred, assessed, listed, started):
    today = D(2013, 1, 1)
    errors = rules.dates_errors("eligible", referred, assessed, listed, started, None, today)
    in_order = referred <= listed and assessed <= listed <= started
    assert (errors == {}) == in_order


@given(listed=dates, today=dates)
def test_a_wait_is_too_long_exactly_when_it_passes_the_threshold(listed, today):
    too_long = rules.waiting_too_long(listed, None, "", "eligible", today, TABLE)
    assert too_long == ((today - listed).days > TABLE["waiting_alert_days"])
    assert not rules.waiting_too_long(listed, listed, "", "eligible", today, TABLE)  # started: no longer waiting
    assert not rules.waiting_too_long(listed, None, "not_completed", "eligible", today, TABLE)


@given(marks=st.lists(st.sampled_from(rules.ATTENDANCE), max_size=60), sessions=st.none() | st.integers(1, 60))
def test_attendance_counts_every_mark_once(marks, sessions):
    a = rules.attendance(marks, sessions)
    assert a.attended + a.acceptable + a.unacceptable == len(marks)
    assert a.describe().startswith(f"{a.attended} ")


@given(eligibility=st.sampled_from([rules.PENDING, *rules.DECISIONS]), listed=st.none() | dates,
       started=st.none() | dates, outcome=st.sampled_from(["", rules.COMPLETED, rules.NOT_COMPLETED]),
       reviewed=st.none() | dates)
def test_every_referral_has_one_labelled_stage(eligibility, listed, started, outcome, reviewed):
    stage = rules.stage(eligibility, listed, started, outcome, reviewed)
    assert stage in rules.STAGE_LABELS
    if eligibility == rules.NOT_ELIGIBLE:
        assert stage == rules.CLOSED
    elif outcome:
        assert stage in (rules.FINISHED, rules.REVIEWED)


@given(outcome=st.sampled_from([rules.COMPLETED, rules.NOT_COMPLETED]), reason=st.text(max_size=5),
       started=st.none() | dates, on=dates)
def test_an_outcome_needs_a_start_and_a_non_completion_its_reason(outcome, reason, started, on):
    errors = rules.outcome_errors(outcome, reason, started, on, D(2013, 1, 1))
    if outcome == rules.NOT_COMPLETED and not reason.strip():
        assert "outcome_reason" in errors
    if outcome == rules.COMPLETED and started is None:
        assert "outcome" in errors
    if started is not None and on < started:
        assert "outcome_on" in errors
