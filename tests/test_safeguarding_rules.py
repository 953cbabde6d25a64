"""Disclosure and safeguarding rules: golden examples from the words of their sources, and properties."""
import datetime
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from mappa.safeguarding import rules

TODAY = datetime.date(2026, 6, 10)
# Home Office circular 007/2010: initial checks within 24 hours, the whole process within 45 days (the 10 and 10
# days are a force's local procedure): the reference data loaded by safeguarding/migrations/0002.
CSODS = {"initial_checks_days": 1, "risk_assessment_days": 10, "decision_days": 10, "complete_days": 45}


def decision(**changes):
    base = dict(decision="disclose", considered_on=TODAY, rationale="Needed to protect her children", power="common_law",
                pressing_need=True, child_sex_offender=False, risk_to_children=False, necessary=False,
                recipient_kind="partner", recipient="A Partner", what_disclosed="His convictions",
                keep_confidential="", disclosed_on=None, review_on=None, today=TODAY)
    return rules.decision_errors(**{**base, **changes})


def sanction(**flags):
    return SimpleNamespace(**{"kind": "conviction", "sexual": False, "against_child": False, **flags})


# When disclosure must be considered.

def test_every_level_2_and_3_meeting_considers_disclosure():
    # Inspection 2010 ¶7.4: "Disclosure to third parties was considered in most MAPPA level 2 and 3 meetings as a
    # standing agenda item."
    for level in (2, 3):
        reasons = rules.consideration_reasons(level=level, child_sex_offender=False, meeting_level=level)
        assert [r.source for r in reasons] == ["Inspection 2010 ¶7.4"]
    assert rules.consideration_reasons(level=1, child_sex_offender=False, meeting_level=None) == []


def test_child_sex_offender_is_considered_at_every_level():
    # ¶2.4L: CJIA 2008 s.140 "required the responsible authority for each area to consider and monitor the use of
    # disclosure in all cases involving child sexual offenders" (CJA 2003 s.327A(1)).
    for level in (None, 1, 2, 3):
        reasons = rules.consideration_reasons(level=level, child_sex_offender=True)
        assert any("s.327A" in r.source for r in reasons)


def test_a_new_partner_with_children_is_a_reason():
    # ¶2.5: "past or potential victims needed protection, in particular where offenders formed new relationships with
    # partners who had children or grandchildren"; E2.2-03: the new partner told of the offence.
    reasons = rules.consideration_reasons(level=1, child_sex_offender=False, new_partner=True, child_in_household=True)
    texts = [r.text for r in reasons]
    assert "A new partner" in texts and "A child in the household" in texts
    assert any("level 1" in t for t in texts)  # ¶7.4: at level 1, consideration was "more variable"


def test_child_sex_offender_needs_a_sexual_offence_against_a_child():
    assert rules.is_child_sex_offender([sanction(sexual=True, against_child=True)])
    assert not rules.is_child_sex_offender([sanction(sexual=True), sanction(against_child=True)])
    assert not rules.is_child_sex_offender([SimpleNamespace(kind="caution", sexual=True, against_child=True)])


# The decision.

def test_s327a_presumption_of_disclosure():
    # CJA 2003 s.327A(2): a presumption that disclosure should be made where the child sex offender poses a risk of
    # causing serious harm to particular children and disclosure is necessary to protect them.
    assert rules.presumption_applies(child_sex_offender=True, risk_to_children=True, necessary=True)
    assert not rules.presumption_applies(child_sex_offender=False, risk_to_children=True, necessary=True)
    errors = decision(decision="not_disclose", power="", child_sex_offender=True, risk_to_children=True, necessary=True)
    assert "s.327A(2)" in errors["decision"]


def test_s327a_is_for_child_sex_offenders_and_names_how_it_is_kept():
    assert "child sex offenders only" in decision(power="s327a")["power"]
    # s.327A(4): conditions preventing the member of the public disclosing the information to anyone else.
    errors = decision(power="s327a", child_sex_offender=True)
    assert set(errors) == {"keep_confidential"}
    assert decision(power="s327a", child_sex_offender=True, keep_confidential="Told not to pass it on") == {}


def test_common_law_needs_a_pressing_need():
    # R v Chief Constable of North Wales Police, ex p Thorpe [1999] QB 396: disclosure only where there is a pressing
    # need.
    assert "pressing need" in decision(pressing_need=False)["pressing_need"]
    assert decision() == {}


def test_a_disclosure_names_who_is_told_and_what():
    errors = decision(recipient_kind="", recipient=" ", what_disclosed="")
    assert set(errors) == {"recipient_kind", "recipient", "what_disclosed"}


def test_dates_in_order_and_not_in_future():
    assert "considered_on" in decision(considered_on=TODAY + datetime.timedelta(days=1))
    assert "disclosed_on" in decision(disclosed_on=TODAY + datetime.timedelta(days=1))
    assert "disclosed_on" in decision(considered_on=TODAY, disclosed_on=TODAY - datetime.timedelta(days=1))
    assert "review_on" in decision(review_on=TODAY)
    assert decision(review_on=TODAY + datetime.timedelta(days=56), disclosed_on=TODAY) == {}


def test_not_disclosing_uses_no_power_and_has_no_disclosure_date():
    errors = decision(decision="not_disclose", power="common_law", disclosed_on=TODAY)
    assert set(errors) == {"power", "disclosed_on"}
    assert decision(decision="not_disclose", power="", recipient="", recipient_kind="", what_disclosed="") == {}


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=TODAY), st.booleans())
def test_a_reason_is_always_needed(day, disclose):
    errors = decision(considered_on=day, rationale="   ", decision="disclose" if disclose else "not_disclose",
                      power="common_law" if disclose else "")
    assert "rationale" in errors


# Prompts.

def test_a_current_partner_or_a_child_with_no_decision_is_prompted():
    prompts = rules.open_prompts(partners=[(1, "Sandra Quayle", TODAY - datetime.timedelta(days=90), None),
                                           (2, "Old Flame", None, TODAY - datetime.timedelta(days=1))],
                                 children=[(7, "Ruby"), (8, "Kayden")], answered_relationships=set(),
                                 answered_occupants={8}, today=TODAY)
    assert [p.text for p in prompts] == ["New partner, Sandra Quayle: consider disclosure",
                                         "Child in the household, Ruby: consider disclosure"]


def test_minutes_with_a_disclosure_decision_prompt_its_record():
    # Inspection 2010 ¶7.4 (a standing item at level 2 and 3) and F-086: "a disclosure decided at MAPPA but absent
    # from the probation RMP": the minutes' decision gets a record of its own, which the plan and work list read.
    prompts = rules.open_prompts(partners=[], children=[], answered_relationships=set(), answered_occupants=set(),
                                 today=TODAY, minutes=[(3, "Level 2 MAPP meeting, 6 December 2026"), (4, "Level 3")],
                                 answered_minutes={4})
    assert [(p.kind, p.item_id) for p in prompts] == [("meeting", 3)]


@given(st.sets(st.integers(1, 20)), st.sets(st.integers(1, 20)))
def test_a_decision_answers_its_prompt(partner_ids, answered):
    prompts = rules.open_prompts(partners=[(pk, f"P{pk}", None, None) for pk in partner_ids], children=[],
                                 answered_relationships=answered, answered_occupants=set(), today=TODAY)
    assert {p.item_id for p in prompts} == partner_ids - answered


def test_review_state():
    assert rules.review_state(TODAY - datetime.timedelta(days=1), TODAY, 14) == "overdue"
    assert rules.review_state(TODAY + datetime.timedelta(days=14), TODAY, 14) == "due"
    assert rules.review_state(TODAY + datetime.timedelta(days=15), TODAY, 14) == ""
    assert rules.review_state(None, TODAY, 14) == ""


# The child sex offender disclosure scheme.

def test_request_stages_follow_the_scheme():
    received = datetime.date(2026, 6, 1)
    deadlines = rules.request_deadlines(received, CSODS)
    assert deadlines["initial_checks_on"] == datetime.date(2026, 6, 2)  # "initial checks ... within 24 hours"
    assert deadlines["closed_on"] == datetime.date(2026, 7, 16)  # "completed within 45 days"
    first = rules.next_stage(received_on=received, done={}, outcome="", timescales=CSODS)
    assert first == rules.StageDue("Initial checks", datetime.date(2026, 6, 2))
    after = rules.next_stage(received_on=received, done={"initial_checks_on": received, "met_on": received},
                             outcome="", timescales=CSODS)
    assert after == rules.StageDue("Full risk assessment", datetime.date(2026, 6, 11))
    assert after.state(datetime.date(2026, 6, 12)) == "overdue"
    withdrawn = rules.next_stage(received_on=received, done={}, outcome="withdrawn", timescales=CSODS)
    assert withdrawn.stage == "Applicant told"
    every = {f: received for f, _l, _k in rules.STAGES}
    assert rules.next_stage(received_on=received, done=every, outcome="disclosed", timescales=CSODS) is None


@given(st.dates(min_value=datetime.date(2010, 3, 30), max_value=datetime.date(2040, 1, 1)),
       st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(30, 90))
def test_no_stage_is_due_after_the_whole_request(received, checks, assess, decide, complete):
    timescales = {"initial_checks_days": checks, "risk_assessment_days": assess, "decision_days": decide,
                  "complete_days": complete}
    deadlines = rules.request_deadlines(received, timescales)
    assert deadlines["decided_on"] <= deadlines["closed_on"]
    assert all(received <= day for day in deadlines.values())


def test_request_errors():
    errors = rules.request_errors(received_on=TODAY, dates={"met_on": TODAY - datetime.timedelta(days=1),
                                                            "decided_on": TODAY}, outcome="", applicant_name="",
                                  concern="", today=TODAY)
    assert set(errors) == {"met_on", "outcome", "applicant_name", "concern"}


def test_referral_and_marker_errors():
    errors = rules.referral_errors(kind="children", about="Ruby", referred_on=TODAY, reason="Concern",
                                   outcome="marac_plan", outcome_on=TODAY, today=TODAY)
    assert set(errors) == {"outcome"}
    assert rules.referral_errors(kind="marac", about="His partner", referred_on=TODAY, reason="High risk",
                                 outcome="", outcome_on=None, today=TODAY) == {}
    errors = rules.marker_errors(kind="keep_apart", text="", active_from=TODAY, ended_on=TODAY - datetime.timedelta(days=1),
                                 other_is_self=True, today=TODAY)
    assert set(errors) == {"text", "ended_on", "other_nominal"}
