"""Rules of the shared risk management plan (pure functions), with golden examples from
HMI Probation and HMI Constabulary, Restriction and Rehabilitation (June 2010), as catalogued in
shared/domain/inspection-2010-sexual-offenders.md."""
import datetime
import importlib

from hypothesis import given
from hypothesis import strategies as st

from mappa.plans import rules
from mappa.plans.rules import Item, Requirement

D = datetime.date
REFERENCE = {r["key"]: r["value"] for r in importlib.import_module("mappa.plans.migrations.0002_reference_data").ROWS}
INTERVALS = rules.ReviewIntervals(
    base=REFERENCE["plans.review.base_interval"],
    by_level=REFERENCE["plans.review.level_interval"],
    by_rosh=REFERENCE["plans.review.rosh_interval"],
)


def item(id, heading=rules.SUPERVISION, purpose=rules.RESTRICTIVE, element="", **kw):
    defaults = dict(what=f"Action {id}", owner="Alex Tester", owner_agency="Probation", due=D(2026, 12, 1))
    defaults.update(kw)
    return Item(id=id, heading=heading, purpose=purpose, element=element, **defaults)


def complete_plan():
    return [
        item(1, rules.MONITORING, element=rules.POLICE_HOME_VISIT, owner_agency="Police", every_days=90, due=None,
             start=D(2026, 1, 1)),
        item(2, rules.MONITORING, element=rules.PROBATION_HOME_VISIT),
        item(3, rules.MONITORING, element=rules.DISCLOSURE),
        item(4, rules.VICTIM_SAFETY, element=rules.VICTIM_LIAISON, purpose=rules.BOTH),
        item(5, rules.INTERVENTIONS, rules.CONSTRUCTIVE, element=rules.OWN_ROLE),
        item(6, rules.SUPERVISION, element=rules.CONTINGENCY, due=None, response_hours=24),
    ]


def codes(gaps):
    return {g.code for g in gaps}


# Golden examples -------------------------------------------------------------------------------

def test_a_complete_plan_has_nothing_missing():
    assert rules.missing(complete_plan()) == []


def test_a_restriction_only_plan_without_own_role_is_flagged_as_inspectors_found():
    # ¶5.18: the offender's role in managing their own behaviour was absent in 69 of 71 RMPs;
    # Rec and ¶5.17: MAPPA RMPs emphasised restrictive over constructive interventions.
    plan = [item(1, rules.MONITORING, element=rules.POLICE_HOME_VISIT), item(2, rules.MONITORING, element=rules.PROBATION_HOME_VISIT)]
    gaps = codes(rules.missing(plan))
    assert {"own_role", "constructive", "disclosure", "victim_safety", "victim_liaison", "contingency"} <= gaps
    assert "restrictive" not in gaps


REGISTERED = "Notification requirement: Sexual Offences Act 2003, from 29 February 2008"


def test_probation_plans_omitting_police_home_visiting_of_a_registered_person_are_flagged_saying_why():
    # Ch5 key findings: "most commonly, probation RMPs omitted the police's role in home visiting RSOs".
    plan = [i for i in complete_plan() if i.element != rules.POLICE_HOME_VISIT]
    (gap,) = rules.missing(plan, police_may_visit=rules.police_visit_basis(REGISTERED))
    assert gap.code == "police_home_visit" and gap.message == (
        f"Home visiting by the police is not in the plan. The police may visit because of: {REGISTERED}")


def test_police_visits_are_not_asked_for_when_nothing_gives_the_police_the_power():
    """Seed 001, the case of Mr D: "As Mr. D will not be a registered sex offender on release, the mandatory
    visits from Police Protection Officers cannot happen"."""
    plan = [i for i in complete_plan() if i.element != rules.POLICE_HOME_VISIT]
    probation_visits = Requirement("licences.licencecondition:1", "licence_condition",
                                   "Receive visits from your supervising officer at your home as they instruct.",
                                   code="receive_visits", source="Standard licence condition: Receive visits")
    assert rules.police_visit_basis("", [probation_visits]) == ""
    assert rules.missing(plan, [], police_may_visit="") == []


def test_a_licence_condition_to_comply_with_police_visits_gives_the_power_and_is_named():
    """Seed 001, Mr D: "Instead, Probation will request another condition in his Licence, 'to comply with
    Police monitoring visits.'"."""
    condition = Requirement("licences.licencecondition:2", "licence_condition",
                            "Allow police officers to visit you at your home", code="police_visits",
                            source="Additional licence condition: Comply with police visits")
    basis = rules.police_visit_basis("", [condition])
    assert basis == "Additional licence condition: Comply with police visits: Allow police officers to visit you at your home"
    plan = [i for i in complete_plan() if i.element != rules.POLICE_HOME_VISIT]
    assert codes(rules.missing(plan, police_may_visit=basis)) == {"police_home_visit"}
    assert rules.police_visit_basis(REGISTERED, [condition]) == REGISTERED  # registration is named first


def test_sopo_prohibitions_not_in_the_plan_are_flagged_until_an_item_links_to_them():
    # ¶7.31 and Rec: SOPO prohibitions must be in the plan (F-078).
    sopo = Requirement("orders.prohibition:7", "order_prohibition", "Must not own a device that can access the internet")
    gaps = rules.missing(complete_plan(), [sopo])
    assert [g.requirement_key for g in gaps] == ["orders.prohibition:7"]
    covered = complete_plan() + [item(9, rules.MONITORING, source_key="orders.prohibition:7")]
    assert rules.missing(covered, [sopo]) == []


def test_a_cancelled_item_does_not_cover_a_requirement():
    licence = Requirement("licences.condition:3", "licence_condition", "Reside at the approved premises")
    plan = complete_plan() + [item(9, source_key="licences.condition:3", status=rules.CANCELLED)]
    assert codes(rules.missing(plan, [licence])) == {"requirement"}


def test_actions_without_owner_or_timescale_are_flagged():
    # ¶5.19: police RMP actions "did not always have clear timescales" (F-084: owner and due date).
    plan = complete_plan() + [item(9, owner="", owner_agency=""), item(10, due=None), item(11, owner="")]
    gaps = [g for g in rules.missing(plan) if g.item_id is not None]
    assert {(g.code, g.item_id) for g in gaps} == {("owner", 9), ("timescale", 10), ("owner", 11)}
    assert "has no a named person" not in " ".join(g.message for g in gaps)


def test_done_items_need_no_timescale():
    plan = complete_plan() + [item(9, due=None, status=rules.DONE)]
    assert rules.missing(plan) == []


def test_a_contingency_must_say_how_fast():
    plan = [i if i.element != rules.CONTINGENCY else item(6, element=rules.CONTINGENCY, due=None) for i in complete_plan()]
    assert codes(rules.missing(plan)) == {"contingency_speed"}


def test_a_covered_disclosure_decision_counts_as_disclosure_considered():
    # ¶7.4: disclosure "rarely included" in probation RMPs; a MAPPA disclosure decision linked in counts.
    decision = Requirement("arrangements.disclosure:2", "disclosure_decision", "Disclose to the new partner")
    plan = [i for i in complete_plan() if i.element != rules.DISCLOSURE] + [item(9, source_key=decision.key)]
    assert rules.missing(plan, [decision]) == []


def test_balance_counts_items_for_both_on_each_side():
    assert rules.balance(complete_plan()) == {"restrictive": 5, "constructive": 2}


def test_review_intervals_by_mappa_level_follow_the_guidance():
    # ¶9.2: level 3 every four to six weeks; level 2 every eight to twelve weeks; level 1 every four months.
    since = D(2026, 1, 10)
    assert rules.scheduled_review(since, INTERVALS, level=3).due == D(2026, 2, 21)
    assert rules.scheduled_review(since, INTERVALS, level=2).due == D(2026, 4, 4)
    assert rules.scheduled_review(since, INTERVALS, level=1).due == D(2026, 5, 10)
    assert rules.scheduled_review(since, INTERVALS).due == D(2026, 5, 10)  # ¶9.8: within four months


def test_a_very_high_rosh_shortens_a_level_one_review():
    due = rules.scheduled_review(D(2026, 1, 10), INTERVALS, level=1, rosh="very_high")
    assert due.due == D(2026, 2, 21) and "very high" in due.reason


def test_a_significant_event_brings_the_review_forward():
    # ¶9.2: "Immediate reviews should also be undertaken when significant events occur".
    due = rules.review_due(D(2026, 1, 10), INTERVALS, level=1, triggers=[(D(2026, 2, 1), "Change of address")],
                           trigger_days=5)
    assert due.due == D(2026, 2, 6) and due.triggered and due.scheduled == D(2026, 5, 10)
    assert "Change of address" in due.reason


def test_months_are_calendar_months():
    assert rules.add_interval(D(2026, 10, 31), {"months": 4}) == D(2027, 2, 28)


def test_recurring_items_fall_due_from_when_they_were_last_done():
    visit = item(1, every_days=30, due=None, start=D(2026, 1, 1))
    assert rules.next_due(visit) == D(2026, 1, 31)
    done = item(1, every_days=30, due=None, start=D(2026, 1, 1), last_done=D(2026, 3, 1))
    assert rules.next_due(done) == D(2026, 3, 31)
    assert rules.overdue([visit, done], D(2026, 3, 10)) == [visit]
    assert rules.next_due(item(2, status=rules.DONE)) is None


def test_a_review_copied_from_the_last_one_is_flagged_by_section():
    # ¶9.8: reviews "pulled through" from the previous one and not updated (P-11 step 4).
    last = {"considered": "OASys, police visit notes.", "victim_views": "VLO: no contact", "changes": "None"}
    now = {"considered": "oasys police  visit notes", "victim_views": "VLO: victim worried about move", "changes": "None"}
    assert rules.copied_sections(last, now) == ["considered", "changes"]
    assert rules.copied_sections(None, now) == []
    assert rules.copied_sections(last, {"considered": ""}) == []


def test_a_review_that_claims_changes_nobody_made_is_refused():
    # ¶9.8: reviews "pulled through" without being updated.
    assert rules.outcome_unsupported("amended", 0)
    assert rules.outcome_unsupported("new_plan", 0)
    assert rules.outcome_unsupported("amended", 2) == ""
    assert rules.outcome_unsupported("no_change", 0) == ""


def test_a_review_must_record_considerations_changes_and_victim_views():
    assert set(rules.review_gaps({})) == {"considered", "changes", "victim_views"}
    assert rules.review_gaps({"considered": "x", "changes": "y", "victim_views": "z"}) == {}


# Properties -----------------------------------------------------------------------------------

ELEMENTS = st.sampled_from(["", *rules.ELEMENTS])
items_strategy = st.builds(
    Item,
    id=st.integers(0, 10_000),
    heading=st.sampled_from(list(rules.HEADINGS)),
    what=st.text(min_size=1, max_size=10),
    purpose=st.sampled_from([rules.RESTRICTIVE, rules.CONSTRUCTIVE, rules.BOTH]),
    element=ELEMENTS,
    owner=st.sampled_from(["", "Sam"]),
    owner_agency=st.sampled_from(["", "Police"]),
    due=st.none() | st.dates(D(2020, 1, 1), D(2030, 1, 1)),
    every_days=st.none() | st.integers(1, 365),
    response_hours=st.none() | st.integers(1, 72),
    status=st.sampled_from([rules.PLANNED, rules.IN_PROGRESS, rules.DONE, rules.CANCELLED]),
    source_key=st.sampled_from(["", "a:1", "b:2"]),
)
requirements_strategy = st.lists(st.builds(
    Requirement, key=st.sampled_from(["a:1", "b:2", "c:3"]), kind=st.sampled_from(["licence_condition", "disclosure_decision"]),
    text=st.just("x")), max_size=3)


def _keys(gaps):
    return {(g.code, g.requirement_key, g.item_id) for g in gaps}


@given(st.lists(items_strategy, max_size=8), items_strategy, requirements_strategy)
def test_adding_a_complete_item_never_makes_something_newly_missing(items, new, requirements):
    new = Item(**{**new.__dict__, "id": "new", "owner": "Sam", "owner_agency": "Police", "due": D(2027, 1, 1),
                  "response_hours": 4, "status": rules.PLANNED})
    before = _keys(rules.missing(items, requirements))
    after = _keys(rules.missing(items + [new], requirements))
    assert after <= before


@given(st.dates(D(2000, 1, 1), D(2040, 1, 1)), st.sampled_from([None, 1, 2, 3]),
       st.sampled_from(rules.ROSH_ORDER), st.sampled_from(rules.ROSH_ORDER))
def test_a_higher_rosh_never_lengthens_the_review_interval(since, level, a, b):
    lower, higher = sorted([a, b], key=rules.ROSH_ORDER.index)
    assert rules.scheduled_review(since, INTERVALS, level=level, rosh=higher).due <= \
        rules.scheduled_review(since, INTERVALS, level=level, rosh=lower).due


@given(st.dates(D(2000, 1, 1), D(2040, 1, 1)), st.sampled_from([1, 2, 3]), st.sampled_from([1, 2, 3]),
       st.sampled_from(["", *rules.ROSH_ORDER]))
def test_a_higher_level_never_lengthens_the_review_interval(since, a, b, rosh):
    assert rules.scheduled_review(since, INTERVALS, level=max(a, b), rosh=rosh).due <= \
        rules.scheduled_review(since, INTERVALS, level=min(a, b), rosh=rosh).due


@given(st.dates(D(2000, 1, 1), D(2040, 1, 1)), st.lists(st.tuples(st.dates(D(2000, 1, 1), D(2040, 1, 1)), st.just("event")), max_size=4),
       st.integers(0, 30))
def test_a_review_is_never_later_than_scheduled_and_after_the_last_review(since, triggers, days):
    due = rules.review_due(since, INTERVALS, triggers=triggers, trigger_days=days)
    assert due.due <= rules.scheduled_review(since, INTERVALS).due
    assert due.scheduled > since


@given(st.fixed_dictionaries({k: st.text(max_size=20) for k in rules.REVIEW_SECTIONS}))
def test_a_review_compared_with_itself_is_copied_in_every_section_that_has_words(review):
    copied = rules.copied_sections(review, review)
    assert copied == [k for k in rules.REVIEW_SECTIONS if rules._normal(review[k])]
