"""MAPPA rules: category proposal, review dates, referral suggestion, overdue and record checks.

Golden examples cite HMI Probation / HMI Constabulary, Restriction and Rehabilitation (June 2010),
seed 004, and the Essex MAPPA annual report 2008/09, seed 002."""
import datetime

from hypothesis import given
from hypothesis import strategies as st

from mappa.arrangements import rules
from mappa.core.facts import Disposal, Facts, Flag, Sanction, Source
from tests.test_arrangements_category2 import category2_law

D = datetime.date
L3 = {"earliest": {"weeks": 4}, "latest": {"weeks": 6}}
L2 = {"earliest": {"weeks": 8}, "latest": {"weeks": 12}}
L1 = {"earliest": {"months": 4}, "latest": {"months": 4}}
TODAY = D(2026, 11, 23)


def conviction(**kw):
    return Sanction(date=kw.pop("date", D(2015, 6, 1)), kind="conviction", **kw)


def propose(facts):
    return rules.proposed_category(facts, on=TODAY, law=category2_law(TODAY))


def test_registered_sexual_offender_is_category_1_with_its_source():
    # ¶4.3: subject to the notification requirements of Part 2 SOA 2003 "or as a result of a SOPO".
    src = Source("SOPO, Northshire Crown Court", "/orders/1")
    proposal = propose(Facts(notification_requirements=Flag(True, src)))
    assert proposal.category == 1
    assert proposal.reasons[0].source == src


def test_hartnell_three_indecent_assaults_seven_years_registered_is_category_1():
    # Seed 002, lines 180-246: three indecent assaults, seven years; notification requirements apply.
    facts = Facts(sanctions=(conviction(offence="Indecent assault", sexual=True, contact_sexual=True, custodial_months=84),),
                  notification_requirements=Flag(True, Source("Notification requirements")))
    assert propose(facts).category == 1


def test_registration_that_has_ended_no_longer_proposes_category_1():
    ended = Flag(True, until=D(2020, 1, 1))
    assert propose(Facts(notification_requirements=ended)).category is None


def test_no_qualifying_facts_says_category_3_needs_judgement():
    proposal = propose(Facts())
    assert proposal.category is None
    assert "judgement" in proposal.reasons[0].text


def test_category_3_needs_the_link_to_risk_and_cannot_override_1_or_2():
    none = propose(Facts())
    assert "link_to_risk" in rules.confirmation_errors(none, category=3, basis="", link_to_risk="")
    assert rules.confirmation_errors(none, category=3, basis="", link_to_risk="Threats to kill linked to drinking") == {}
    two = propose(Facts(sanctions=(conviction(offence="Wounding with intent", offence_code="005/01", disposals=(
        Disposal("custody", D(2025, 1, 6), custodial_months=48, ends_on=D(2029, 1, 5)),)),)))
    assert "category" in rules.confirmation_errors(two, category=3, basis="", link_to_risk="x")


def test_confirming_a_category_the_records_do_not_show_needs_a_basis():
    none = propose(Facts())
    assert "basis" in rules.confirmation_errors(none, category=1, basis="", link_to_risk="")
    assert rules.confirmation_errors(none, category=1, basis="Registered at Bradwell police station", link_to_risk="") == {}


def test_review_windows_follow_the_2009_guidance():
    # ¶9.2: level 3 every four to six weeks; level 2 every eight to twelve weeks; level 1 every four months.
    decided = D(2026, 1, 10)
    assert rules.review_window(decided, L3) == rules.ReviewWindow(D(2026, 2, 7), D(2026, 2, 21))
    assert rules.review_window(decided, L2) == rules.ReviewWindow(D(2026, 3, 7), D(2026, 4, 4))
    assert rules.review_window(decided, L1).latest == D(2026, 5, 10)
    # Four months from 31 October is the last day of February.
    assert rules.review_window(D(2026, 10, 31), L1).latest == D(2027, 2, 28)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)), st.integers(min_value=0, max_value=60))
def test_add_months_never_goes_backwards_or_skips_a_month(day, months):
    later = rules.add_months(day, months)
    assert later >= day
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months


@given(st.dates(min_value=D(2009, 4, 1), max_value=D(2090, 1, 1)), st.sampled_from([L1, L2, L3]))
def test_a_review_window_is_after_the_decision_and_in_order(day, schedule):
    window = rules.review_window(day, schedule)
    assert day < window.earliest <= window.latest
    assert rules.next_review_errors(window.latest, decided_on=day, window=window) == {}
    assert rules.next_review_errors(window.latest + datetime.timedelta(days=1), decided_on=day, window=window)


def test_next_review_must_be_given_after_the_decision_and_within_the_guidance():
    window = rules.review_window(D(2026, 1, 10), L2)
    assert "next_review" in rules.next_review_errors(None, decided_on=D(2026, 1, 10), window=window)
    assert "after" in rules.next_review_errors(D(2026, 1, 10), decided_on=D(2026, 1, 10), window=window)["next_review"]
    assert "4 April 2026" in rules.next_review_errors(D(2026, 5, 1), decided_on=D(2026, 1, 10), window=window)["next_review"]


@given(st.dates(), st.dates(), st.booleans())
def test_overdue_only_when_past_due_and_not_done(due, today, done):
    assert rules.is_overdue(due, today, done=done) == (due < today and not done)


def test_high_rosh_suggests_referral_but_never_a_level():
    # ¶4.4: "does not mean all cases assessed as high or very high RoH will automatically require level 2".
    suggestion = rules.referral_suggestion(Facts(rosh="very_high"), current_level=1, suggest_for_rosh=["high", "very_high"])
    assert suggestion and "prompt only" in suggestion.text
    assert not hasattr(suggestion, "level")
    assert rules.referral_suggestion(Facts(rosh="medium"), current_level=1, suggest_for_rosh=["high", "very_high"]) is None
    assert rules.referral_suggestion(Facts(rosh="high"), current_level=2, suggest_for_rosh=["high", "very_high"]) is None


@given(st.sampled_from(["", "low", "medium", "high", "very_high"]), st.sampled_from([None, 1, 2, 3]))
def test_a_suggestion_is_only_for_cases_below_level_2(rosh, level):
    suggestion = rules.referral_suggestion(Facts(rosh=rosh), current_level=level, suggest_for_rosh=["high", "very_high"])
    assert (suggestion is not None) == (rosh in ("high", "very_high") and (level or 1) < 2)


def test_a_level_decision_without_rationale_is_refused():
    errors = rules.level_decision_errors(level=2, rationale="  ", information_considered="OASys", decided_on=TODAY, today=TODAY)
    assert errors == {"rationale": "Give the rationale for the level decision"}


def test_a_new_meeting_cannot_be_in_the_past():
    assert "past" in rules.new_meeting_errors(held_on=TODAY - datetime.timedelta(days=1), today=TODAY)["held_on"]
    assert rules.new_meeting_errors(held_on=TODAY, today=TODAY) == {}


def test_level_3_without_a_senior_responsible_authority_attendee_is_flagged():
    ras = {"police", "probation", "prison"}
    junior = [rules.Attendee("police", False, True), rules.Attendee("housing", True, True)]
    assert rules.senior_attendance_missing(3, junior, ras)
    assert not rules.senior_attendance_missing(3, junior + [rules.Attendee("probation", True, True)], ras)
    assert rules.senior_attendance_missing(3, [rules.Attendee("probation", True, False)], ras)  # apologies do not count
    assert not rules.senior_attendance_missing(2, junior, ras)


def test_an_action_needs_an_owner():
    errors = rules.action_errors(description="Home visit", owner_name="", owner_agency=False, purpose="restrictive", due_on=TODAY)
    assert set(errors) == {"owner_name", "owner_agency"}


def test_disclosure_must_be_decided_at_every_level_2_and_3_meeting():
    # ¶7.4: disclosure to third parties as a standing agenda item.
    assert set(rules.minute_errors(meeting_level=2, summary="x", disclosure_considered=False, disclosure_decision="")) == {
        "disclosure_considered", "disclosure_decision"}
    assert rules.minute_errors(meeting_level=1, summary="x", disclosure_considered=False, disclosure_decision="") == {}


def in_force(decisions):
    """The decision in force after recording `decisions` one by one, as decide_level keeps it."""
    current = None
    for d in decisions:
        if rules.is_later_decision(d, current):
            current = d
    return current


@given(st.lists(st.tuples(st.dates(min_value=D(2009, 4, 1), max_value=D(2030, 1, 1)), st.integers(min_value=1, max_value=10**6)),
                unique_by=lambda d: d[1]), st.randoms())
def test_the_decision_in_force_is_the_latest_whatever_order_they_are_recorded_in(decisions, rng):
    # The latest decided_on wins; on the same day the one recorded last (the higher id). Back-dated
    # decisions recorded afterwards never displace it.
    shuffled = list(decisions)
    rng.shuffle(shuffled)
    latest = sorted(decisions, key=lambda d: (d[0], d[1]))[-1] if decisions else None
    assert in_force(shuffled) == latest


def test_a_back_dated_decision_does_not_replace_the_one_in_force():
    assert not rules.is_later_decision((D(2026, 1, 1), 9), (D(2026, 3, 1), 5))
    assert rules.is_later_decision((D(2026, 3, 1), 9), (D(2026, 3, 1), 5))  # same day, recorded later
    assert rules.is_later_decision((D(2020, 1, 1), 1), None)  # the first decision


def test_a_meeting_has_started_once_its_day_and_start_time_have_come():
    day, t = datetime.date(2026, 12, 5), datetime.time
    at = datetime.datetime.combine
    assert not rules.has_started(held_on=day, starts_at=t(14, 0), now=at(day, t(9, 15)))
    assert rules.has_started(held_on=day, starts_at=t(9, 0), now=at(day, t(9, 15)))
    assert rules.has_started(held_on=day, starts_at=None, now=at(day, t(0, 1)))  # no time: the day
    assert rules.has_started(held_on=day, starts_at=t(23, 0), now=at(day + datetime.timedelta(days=1), t(0, 0)))
    assert not rules.has_started(held_on=day, starts_at=None, now=at(day - datetime.timedelta(days=1), t(23, 59)))


def test_minutes_are_open_from_the_day_of_the_meeting_unless_it_was_cancelled():
    day = datetime.date(2026, 12, 5)
    assert not rules.minutes_open(status="planned", held_on=day, today=day - datetime.timedelta(days=1))
    assert rules.minutes_open(status="planned", held_on=day, today=day)
    assert rules.minutes_open(status="held", held_on=day, today=day + datetime.timedelta(days=9))
    assert not rules.minutes_open(status="cancelled", held_on=day, today=day)


def test_a_meeting_is_marked_held_only_once_started():
    day, now = datetime.date(2026, 12, 5), datetime.datetime(2026, 12, 5, 9, 15)
    assert rules.meeting_status_errors(status="held", current="planned", held_on=day, starts_at=datetime.time(14),
                                       now=now) == {"status": "A meeting can be marked as held once it has started"}
    assert rules.meeting_status_errors(status="held", current="planned", held_on=day, starts_at=datetime.time(9),
                                       now=now) == {}
    assert rules.meeting_status_errors(status="cancelled", current="planned", held_on=day, starts_at=None, now=now) == {}
    assert "status" in rules.meeting_status_errors(status="nonsense", current="planned", held_on=day, starts_at=None,
                                                   now=now)
