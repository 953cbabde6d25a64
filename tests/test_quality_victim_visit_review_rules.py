"""The measures added once victims, risk of serious harm, plan reviews and disclosure decisions were in the register,
as pure functions: the inspectors' figures where the catalogue gives them (HMI Probation and HMI Constabulary 2010,
para 7.7 36 statutory victim contact cases; para 7.9 contact in line with national standards in three-quarters and
the manager's communication with the victim liaison officer insufficient in half; para 9.7 two-thirds not reviewed
after a significant change) reproduced from rows built to match, and the counting checked with hypothesis."""
import datetime

from hypothesis import given
from hypothesis import strategies as st

from mappa.quality import rules
from mappa.quality.rules import (
    Decision,
    Disclosure,
    Episode,
    LiaisonContact,
    Person,
    PlanReview,
    ReviewTrigger,
    Rosh,
    Rows,
    Settings,
    Victim,
    Visit,
)

D = datetime.date
TODAY = D(2009, 9, 30)
LONG_AGO = D(2008, 1, 1)
DAY = datetime.timedelta(days=1)


def evaluate(key, rows, day=TODAY, **params):
    return rules.MEASURES[key].evaluate(rows, day, Settings(100, params))


def figure(key, rows, day=TODAY, **params):
    return rules.figure(evaluate(key, rows, day, **params))


def opted_in(pk, nominal, *, since=LONG_AGO, ended=None, statutory=True, due=None, offered=LONG_AGO):
    return Victim(pk, nominal, LONG_AGO, statutory, due, offered, "opted_in", since, ended)


# QM-32 (para 7.9): the victim liaison officer and the manager in touch.
def test_para_7_9_communication_insufficient_in_half_of_the_36_statutory_cases():
    """The 36 statutory victim contact cases of para 7.7: in half the manager and the liaison officer were in touch
    in the last six months; in the other half the last entry was before that, or there was none."""
    victims = tuple(opted_in(pk, pk) for pk in range(1, 37))
    liaison = tuple(LiaisonContact(pk, pk, pk, D(2009, 6, 1)) for pk in range(1, 19)) + tuple(
        LiaisonContact(100 + pk, pk, pk, D(2009, 1, 1)) for pk in range(19, 28))  # too long ago
    found = figure("victim_liaison", Rows(victims=victims, liaison=liaison), window_months=6)
    assert (found.passed, found.counted, found.percent) == (18, 36, 50)


def test_a_record_counts_once_whatever_its_victims_and_only_while_in_statutory_contact():
    rows = Rows(
        victims=(opted_in(1, 1), opted_in(2, 1),  # two victims, one record
                 opted_in(3, 2, since=D(2009, 8, 1)),  # opted in seven weeks ago: not yet due, none yet
                 opted_in(4, 3, since=D(2009, 8, 1)),  # not yet due, but in touch already: counted, passes
                 opted_in(5, 4, ended=D(2009, 9, 1)),  # contact ended
                 Victim(6, 5, LONG_AGO, True, None, LONG_AGO, "opted_out", LONG_AGO, None),  # opted out
                 Victim(7, 6, LONG_AGO, True, None, LONG_AGO, "awaiting", None, None)),  # no answer yet
        liaison=(LiaisonContact(1, 2, 1, D(2009, 9, 1)), LiaisonContact(2, 4, 3, D(2009, 9, 2))))
    checks = evaluate("victim_liaison", rows, window_months=6)
    assert sorted((c.nominal_id, c.passed) for c in checks) == [(1, True), (3, True)]
    assert checks[0].fix == ("victims:nominal", 1)
    # At the end of March 2009 neither record 1 nor record 4 (whose contact ended in September) had an entry in the
    # six months before: both failed then.
    march = evaluate("victim_liaison", rows, D(2009, 3, 31), window_months=6)
    assert [(c.nominal_id, c.passed) for c in march] == [(1, False), (4, False)]


# QM-34 (para 7.9): contact in line with national standards, as far as the register answers it (the offer in time).
def test_para_7_9_contact_in_line_with_standards_in_three_quarters_of_the_36():
    due = D(2009, 5, 1)
    victims = tuple(Victim(pk, pk, LONG_AGO, True, due, due - (0 if pk <= 27 else -20) * DAY, "", None, None)
                    for pk in range(1, 37))
    found = figure("victim_offer", Rows(victims=victims), window_months=12)
    assert (found.passed, found.counted, found.percent) == (27, 36, 75)


def test_an_offer_counts_once_due_or_made_and_only_for_victims_within_the_scheme():
    rows = Rows(victims=(
        Victim(1, 1, LONG_AGO, True, D(2009, 9, 1), None, "", None, None),  # overdue
        Victim(2, 2, LONG_AGO, True, D(2009, 10, 20), None, "", None, None),  # not yet due
        Victim(3, 3, LONG_AGO, True, D(2009, 10, 20), D(2009, 9, 15), "awaiting", None, None),  # made early
        Victim(4, 4, LONG_AGO, False, None, None, "", None, None),  # outside the scheme
        Victim(5, 5, LONG_AGO, True, D(2009, 8, 1), None, "", None, D(2009, 7, 1)),  # contact ended before due
        Victim(6, 6, LONG_AGO, True, D(2008, 6, 1), None, "", None, None)))  # due before the twelve months
    checks = evaluate("victim_offer", rows, window_months=12)
    assert sorted((c.nominal_id, c.passed) for c in checks) == [(1, False), (3, True)]
    assert dict((c.nominal_id, c.fix) for c in checks)[1] == ("victims:edit", 1)


@given(st.lists(st.tuples(st.dates(D(2008, 11, 1), D(2009, 12, 31)), st.none() | st.integers(-60, 60),
                          st.booleans()), max_size=30))
def test_an_offer_passes_exactly_when_made_by_its_due_day(raw):
    victims = tuple(Victim(i, i, LONG_AGO, statutory, due, None if late is None else due + late * DAY, "", None, None)
                    for i, (due, late, statutory) in enumerate(raw))
    checks = {c.nominal_id: c.passed for c in evaluate("victim_offer", Rows(victims=victims), window_months=12)}
    for v in victims:
        if v.nominal_id in checks:
            assert v.statutory
            assert checks[v.nominal_id] == (v.offered_on is not None and v.offered_on <= min(v.offer_due_on, TODAY))
        elif v.statutory and D(2008, 9, 30) < v.offer_due_on < TODAY:
            # A due offer is left out only when made before the twelve months: it counted in the month it was made.
            assert v.offered_on is not None and v.offered_on <= D(2008, 9, 30)


# QM-33 (para 7.10): reviews with the liaison officer's input.
def test_para_7_10_a_review_needs_the_liaison_officers_input_since_the_review_before():
    rows = Rows(
        victims=(opted_in(1, 1), opted_in(2, 2, since=D(2009, 7, 1))),
        liaison=(LiaisonContact(1, 1, 1, D(2009, 2, 1)),),
        reviews=(PlanReview(10, 1, D(2009, 3, 1)),  # input on 1 February: passes
                 PlanReview(11, 1, D(2009, 7, 1)),  # nothing since 1 March: fails
                 PlanReview(12, 2, D(2009, 6, 1)),  # the victim opted in later: not a statutory case then
                 PlanReview(13, 2, D(2009, 8, 1))))  # a statutory case now, no input: fails
    checks = evaluate("review_liaison", rows, window_months=12)
    assert [(c.nominal_id, c.passed) for c in checks] == [(1, True), (1, False), (2, False)]
    assert checks[1].fix == ("plans:review_detail", 1, 11)


# QM-89 (paras 7.12-7.13): probation home visits every four months for high and very high risk of serious harm.
INTERVALS = {"high": {"months": 4}, "very_high": {"months": 4}}
GROUPS = {"community": ["children", "public"], "custody": ["children", "public", "prisoners"]}


def rosh(pk, nominal, on, children="high", prisoners=""):
    levels = {"children": {"community": children}}
    if prisoners:
        levels["prisoners"] = {"community": prisoners}
    return Rosh(pk, nominal, on, on, children, levels)


def probation_visit(pk, nominal, on, agency="probation", outcome="attended"):
    return Visit(pk, nominal, agency, None, outcome, on)


def test_paras_7_12_7_13_high_risk_of_harm_cases_need_a_probation_visit_every_four_months():
    rows = Rows(
        people=tuple(Person(pk, 1, None, LONG_AGO, "", in_custody=pk == 6) for pk in range(1, 9)),
        rosh=(rosh(1, 1, D(2009, 1, 1)), rosh(2, 2, D(2009, 1, 1), "very_high"), rosh(3, 3, D(2009, 1, 1)),
              rosh(4, 4, D(2009, 1, 1), "medium"),  # no probation visits set for medium
              rosh(5, 5, D(2009, 8, 1)),  # high for two months: no visit due yet
              rosh(6, 6, D(2009, 1, 1)),  # in custody
              rosh(7, 7, D(2009, 1, 1), "medium", prisoners="very_high"),  # a rating of no group in the community
              rosh(8, 8, D(2008, 1, 1)), rosh(9, 8, D(2009, 8, 1), "very_high")),  # high all along: due
        visits=(probation_visit(1, 1, D(2009, 6, 1)), probation_visit(2, 2, D(2009, 7, 1), agency="joint"),
                probation_visit(3, 3, D(2009, 5, 30)),  # four months and a day ago
                probation_visit(4, 8, D(2009, 9, 1), agency="police"),  # a police visit is not probation's
                probation_visit(5, 8, D(2009, 9, 2), outcome="no_answer")))  # an attempt is not a visit
    checks = evaluate("probation_visits", rows, intervals=INTERVALS, groups=GROUPS)
    assert sorted((c.nominal_id, c.passed) for c in checks) == [(1, True), (2, True), (3, False), (8, False)]
    assert {c.what for c in checks if not c.passed} == {"No probation home visit in the last 4 months"}


@given(st.lists(st.tuples(st.sampled_from(["low", "medium", "high", "very_high"]), st.booleans(),
                          st.none() | st.dates(D(2009, 1, 1), TODAY)), max_size=25))
def test_only_people_in_the_community_rated_high_or_very_high_are_counted_and_a_visit_in_four_months_passes(raw):
    people = tuple(Person(i, 1, None, LONG_AGO, "", in_custody=custody) for i, (_, custody, _) in enumerate(raw))
    rows = Rows(people=people, rosh=tuple(rosh(i, i, D(2008, 1, 1), level) for i, (level, _, _) in enumerate(raw)),
                visits=tuple(probation_visit(i, i, on) for i, (_, _, on) in enumerate(raw) if on))
    checks = {c.nominal_id: c.passed for c in evaluate("probation_visits", rows, intervals=INTERVALS, groups=GROUPS)}
    assert set(checks) == {i for i, (level, custody, _) in enumerate(raw) if level in INTERVALS and not custody}
    assert all(passed == (raw[i][2] is not None and raw[i][2] > D(2009, 5, 30)) for i, passed in checks.items())


# QM-111 (paras 9.2, 9.7): the plan reviewed after a significant event.
def test_para_9_7_two_thirds_not_reviewed_after_a_significant_change():
    on = D(2009, 6, 1)
    triggers = tuple(ReviewTrigger(pk, pk, on, on, 100 + pk if pk <= 20 else None,
                                   (on + 3 * DAY if pk <= 10 else on + 30 * DAY) if pk <= 20 else None)
                     for pk in range(1, 31))
    found = figure("event_reviewed", Rows(triggers=triggers), within_days=5, window_months=12)
    assert (found.passed, found.counted, found.percent) == (10, 30, 33)


def test_an_event_still_within_its_days_is_not_counted_and_each_failure_links_to_its_review():
    rows = Rows(triggers=(
        ReviewTrigger(1, 1, D(2009, 9, 28), D(2009, 9, 28), None, None),  # due 3 October
        ReviewTrigger(2, 2, D(2009, 9, 1), D(2009, 9, 1), None, None),
        ReviewTrigger(3, 3, D(2009, 9, 1), D(2009, 9, 1), 7, D(2009, 9, 10)),
        ReviewTrigger(4, 4, D(2009, 9, 1), D(2009, 9, 25), 8, D(2009, 9, 6)),  # recorded late, reviewed on time
        ReviewTrigger(5, 5, D(2008, 6, 1), D(2008, 6, 1), None, None)))  # before the twelve months
    checks = evaluate("event_reviewed", rows, within_days=5, window_months=12)
    assert [(c.nominal_id, c.passed, c.fix) for c in checks] == [
        (2, False, ("plans:review_add", 2)), (3, False, ("plans:review_detail", 3, 7)), (4, True, ("plans:review_detail", 4, 8))]
    assert [c.nominal_id for c in evaluate("event_reviewed", rows, D(2009, 9, 20), within_days=5, window_months=12)] == [2, 3]


# QM-25 (para 7.4): disclosure considered for level 1 cases.
def test_para_7_4_level_1_cases_with_a_disclosure_decision_in_their_episode():
    episodes = tuple(Episode(pk, pk, 1, D(2008, 6, 1), None) for pk in range(1, 5))
    decisions = (Decision(1, 1, 1, 1, D(2008, 6, 2), D(2010, 1, 1), None), Decision(2, 2, 2, 1, D(2008, 6, 2), D(2010, 1, 1), None),
                 Decision(3, 3, 3, 2, D(2008, 6, 2), D(2010, 1, 1), None), Decision(4, 4, 4, 1, D(2008, 6, 2), D(2010, 1, 1), None))
    disclosures = (Disclosure(1, 1, D(2008, 7, 1)), Disclosure(2, 2, D(2007, 1, 1)),  # before this episode
                   Disclosure(3, 3, D(2008, 7, 1)))  # level 2: not this measure's
    checks = evaluate("level1_disclosure", Rows(episodes=episodes, decisions=decisions, disclosures=disclosures))
    assert sorted((c.nominal_id, c.passed) for c in checks) == [(1, True), (2, False), (4, False)]
    assert checks[0].fix[0] == "safeguarding:decision_add"


# QM-110 (paras 9.2, 9.8): the plan reviewed on time.
PLAN_INTERVALS = {"base": {"months": 4}, "by_level": {"1": {"months": 4}, "2": {"weeks": 12}, "3": {"weeks": 6}},
                  "by_rosh": {"high": {"weeks": 12}, "very_high": {"weeks": 6}}, "groups": GROUPS}


def test_para_9_8_plans_reviewed_within_four_months_in_three_quarters():
    plans = tuple(rules.Plan(pk, pk, LONG_AGO) for pk in range(1, 41))
    reviews = tuple(PlanReview(pk, pk, D(2009, 7, 1) if pk <= 30 else D(2009, 5, 1)) for pk in range(1, 41))
    found = figure("plan_review", Rows(plans=plans, reviews=reviews), **PLAN_INTERVALS)
    assert (found.passed, found.counted, found.percent) == (30, 40, 75)


def test_para_9_2_a_level_or_a_high_risk_of_harm_brings_the_review_sooner():
    rows = Rows(
        people=tuple(Person(pk, 1, None, LONG_AGO, "") for pk in range(1, 5)),
        plans=tuple(rules.Plan(pk, pk, LONG_AGO) for pk in range(1, 5)),
        reviews=tuple(PlanReview(pk, pk, D(2009, 8, 1)) for pk in range(1, 5)),  # two months ago
        episodes=(Episode(1, 1, 2, LONG_AGO, None), Episode(2, 2, 2, LONG_AGO, None)),
        decisions=(Decision(1, 1, 1, 3, D(2009, 1, 1), D(2010, 1, 1), None),  # level 3: six weeks
                   Decision(2, 2, 2, 1, D(2009, 1, 1), D(2010, 1, 1), None)),  # level 1: four months
        rosh=(rosh(1, 3, D(2009, 1, 1), "very_high"), rosh(2, 4, D(2009, 1, 1), "medium")))
    checks = evaluate("plan_review", rows, **PLAN_INTERVALS)
    assert sorted((c.nominal_id, c.passed) for c in checks) == [(1, False), (2, True), (3, False), (4, True)]
    assert [c.what for c in checks if c.nominal_id == 1] == ["Plan review overdue since 12 September 2009"]
    assert checks[0].fix == ("plans:review_add", 1)


@given(st.lists(st.tuples(st.dates(D(2008, 10, 1), TODAY), st.none() | st.integers(0, 20)), max_size=30))
def test_an_event_passes_exactly_when_reviewed_within_its_days(raw):
    triggers = tuple(ReviewTrigger(i, i, on, on, None if took is None else 100 + i,
                                   None if took is None or on + took * DAY > TODAY else on + took * DAY)
                     for i, (on, took) in enumerate(raw))
    checks = {c.nominal_id: c.passed for c in evaluate("event_reviewed", Rows(triggers=triggers), within_days=5,
                                                         window_months=12)}
    for t in triggers:
        due = t.occurred_on + 5 * DAY
        if t.reviewed_on is None and due >= TODAY:
            assert t.nominal_id not in checks  # not yet due
        else:
            assert checks[t.nominal_id] == (t.reviewed_on is not None and t.reviewed_on <= due)


@given(st.lists(st.tuples(st.dates(D(2008, 1, 1), TODAY), st.lists(st.dates(D(2008, 1, 1), TODAY), max_size=3)),
                max_size=20))
def test_a_statutory_case_passes_exactly_when_in_touch_in_the_last_six_months(raw):
    victims = tuple(opted_in(i, i, since=since) for i, (since, _) in enumerate(raw))
    liaison = tuple(LiaisonContact(100 * i + j, i, i, on) for i, (_, days) in enumerate(raw) for j, on in enumerate(days))
    checks = {c.nominal_id: c.passed for c in evaluate("victim_liaison", Rows(victims=victims, liaison=liaison),
                                                         window_months=6)}
    start = D(2009, 3, 30)
    for i, (since, days) in enumerate(raw):
        touched = any(start < on for on in days)
        if touched or since <= start:
            assert checks[i] == touched
        else:
            assert i not in checks


# QM-116 (paras 9.5, 10.12): reviews endorsed by a supervisor.
def test_paras_9_5_and_10_12_a_review_counts_as_supervised_once_a_supervisor_endorses_it():
    reviews = (PlanReview(1, 1, D(2009, 9, 1), D(2009, 9, 3)), PlanReview(2, 2, D(2009, 9, 1)),
               PlanReview(3, 3, D(2009, 9, 20), D(2009, 10, 2)),  # endorsed after the day measured
               PlanReview(4, 4, D(2008, 6, 1)))  # before the twelve months
    checks = evaluate("review_endorsed", Rows(reviews=reviews), window_months=12)
    assert [(c.nominal_id, c.passed) for c in checks] == [(1, True), (2, False), (3, False)]
    assert checks[1].fix == ("plans:review_detail", 2, 2)
    assert [c.passed for c in evaluate("review_endorsed", Rows(reviews=reviews), D(2009, 10, 31), window_months=12)] == [
        True, False, True]
