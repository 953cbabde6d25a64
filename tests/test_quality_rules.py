"""The quality measures as pure functions: the inspectors' own figures from the 62 records they read (HMI Probation
and HMI Constabulary 2010, paras 4.9, 4.14, 5.9 and 7.24) reproduced from rows built to match, and the counting
checked with hypothesis."""
import datetime

from hypothesis import given
from hypothesis import strategies as st

from mappa.quality import rules
from mappa.quality.rules import (
    Assessment,
    Check,
    Decision,
    Episode,
    Minute,
    Person,
    PlanItem,
    Registration,
    Rows,
    Settings,
    Visit,
)

D = datetime.date
TODAY = D(2009, 9, 30)
LONG_AGO = D(2008, 1, 1)
ALL = Settings(100, {"within_days": 14, "window_months": 12})


def run(key, rows, day=TODAY, settings=ALL):
    return rules.figure(rules.MEASURES[key].evaluate(rows, day, settings))


def inspected_records() -> Rows:
    """The 62 ViSOR records the inspectors read, as para 4.14 describes them: ethnicity missing in 27 (43%);
    registration details missing in 6; Risk Matrix 2000 not within 14 days of registration in 30 (48%); 15 of the
    56 entered not approved by a supervisor (27%); the MAPPA level not recorded in 1 (para 4.9)."""
    people = tuple(Person(pk, 1, 100 + pk % 3, LONG_AGO, "" if pk <= 27 else "White British") for pk in range(1, 63))
    episodes = tuple(Episode(pk, pk, 1, LONG_AGO, None) for pk in range(1, 63))
    decisions = tuple(Decision(pk, pk, pk, 1, D(2008, 2, 1), D(2010, 2, 1), D(2008, 2, 1)) for pk in range(2, 63))
    registrations = tuple(Registration(pk, pk, LONG_AGO, D(2008, 3, 1)) for pk in range(7, 63))
    # 56 assessments entered, on people 7-62; the first 15 of them not approved.
    assessments = tuple(
        Assessment(pk, pk, "completed" if pk < 22 else "approved", D(2008, 3, 10), D(2008, 3, 10),
                   None if pk < 22 else D(2008, 3, 12), "medium", "", "") for pk in range(7, 63))
    return Rows(people=people, episodes=episodes, decisions=decisions, registrations=registrations,
                assessments=assessments)


def test_para_4_14_ethnicity_missing_in_27_of_62():
    figure = run("ethnicity", inspected_records())
    assert (figure.passed, figure.counted) == (35, 62)
    # Published as "27 (43%)": 27/62 is 43.5%, which the report rounds down (catalogue 0.4, point 3).
    assert abs(round(100 * figure.failed / figure.counted, 1) - 43) <= 1


def test_para_4_14_registration_details_missing_in_6():
    figure = run("registration", inspected_records())
    assert (figure.failed, figure.counted) == (6, 62)


def test_para_4_14_fifteen_of_56_risk_matrix_2000_unapproved():
    figure = run("rm2000_approved", inspected_records())
    assert (figure.failed, figure.counted) == (15, 56)
    assert figure.percent == 73  # 27% unapproved


def test_para_4_9_level_not_recorded_in_one():
    figure = run("level_recorded", inspected_records())
    assert (figure.passed, figure.counted) == (61, 62)


def test_para_4_14_thirty_of_62_not_within_an_arbitrary_14_days():
    registered = D(2008, 3, 1)
    registrations = tuple(Registration(pk, pk, LONG_AGO, registered) for pk in range(1, 63))
    # 32 done within 14 days (the last day counts); 20 done late; 10 never done.
    assessments = tuple(Assessment(pk, pk, "approved", registered + datetime.timedelta(days=14 if pk <= 32 else 40),
                                   None, None, "medium", "", "") for pk in range(1, 53))
    figure = run("rm2000_in_time", Rows(registrations=registrations, assessments=assessments))
    assert (figure.failed, figure.counted) == (30, 62)
    assert figure.percent == 52  # 48% missed it


def test_para_5_9_a_reason_for_a_different_level_in_1_of_5():
    differ = [Assessment(pk, pk, "approved", D(2008, 5, 1), D(2008, 5, 1), D(2008, 5, 2), "low", "high",
                         "Recent intelligence" if pk == 1 else "") for pk in range(1, 6)]
    same = [Assessment(9, 9, "approved", D(2008, 5, 1), D(2008, 5, 1), D(2008, 5, 2), "low", "low", "")]
    figure = run("level_rationale", Rows(assessments=tuple(differ + same)))
    assert (figure.passed, figure.counted, figure.percent) == (1, 5, 20)


def test_para_7_24_fifty_six_of_62_police_visits_on_time():
    due = D(2009, 6, 1)
    visits = [Visit(pk, pk, "police", due, "attended", due if pk <= 56 else due + datetime.timedelta(days=20))
              for pk in range(1, 63)]
    # A failed attempt before the visit that was made counts once, with it.
    visits.append(Visit(100, 1, "police", due, "no_answer", due - datetime.timedelta(days=3)))
    figure = run("police_visits", Rows(visits=tuple(visits)), settings=Settings(90, {"window_months": 12}))
    assert (figure.passed, figure.counted, figure.percent) == (56, 62, 90)
    assert figure.meets(90)


def test_para_7_24_the_first_police_visit_after_registration():
    settings = Settings(100, {"within_days": 28, "window_months": 12})
    registered = D(2009, 6, 1)
    rows = Rows(
        registrations=tuple(Registration(pk, pk, LONG_AGO, registered) for pk in range(1, 6))
        + (Registration(9, 9, LONG_AGO, D(2007, 1, 1)),),  # registered before the period: not counted
        visits=(Visit(1, 1, "police", None, "attended", registered + datetime.timedelta(days=28)),
                Visit(2, 2, "joint", None, "attended", registered + datetime.timedelta(days=3)),
                Visit(3, 3, "police", None, "attended", registered + datetime.timedelta(days=60)),  # unacceptably late
                Visit(4, 4, "police", None, "no_answer", registered + datetime.timedelta(days=5)),
                Visit(5, 5, "probation", None, "attended", registered + datetime.timedelta(days=5))))
    checks = rules.MEASURES["initial_visit"].evaluate(rows, TODAY, settings)
    assert sorted((c.nominal_id, c.passed) for c in checks) == [(1, True), (2, True), (3, False), (4, False), (5, False)]


def test_a_new_registration_is_not_counted_until_its_risk_matrix_2000_is_due():
    rows = Rows(registrations=(Registration(1, 1, TODAY, TODAY - datetime.timedelta(days=5)),))
    assert run("rm2000_in_time", rows).counted == 0
    later = TODAY + datetime.timedelta(days=15)
    assert (run("rm2000_in_time", rows, day=later).failed, run("rm2000_in_time", rows, day=later).counted) == (1, 1)


def test_someone_still_in_custody_is_not_yet_registered_in_the_community():
    rows = Rows(registrations=(Registration(1, 1, LONG_AGO, None),))
    assert run("rm2000_in_time", rows).counted == 0


def test_level_1_notification_and_review_follow_the_decision_in_force():
    episode = Episode(1, 1, 2, LONG_AGO, None)
    old = Decision(1, 1, 1, 1, D(2008, 1, 10), D(2008, 5, 10), None)
    new = Decision(2, 1, 1, 2, D(2009, 6, 1), D(2009, 9, 1), None)
    rows = Rows(episodes=(episode,), decisions=(old, new))
    assert run("level1_notified", rows, day=D(2008, 2, 1)).failed == 1
    assert run("level1_notified", rows).counted == 0  # level 2 now: no longer a level 1 case
    assert run("level_review", rows).failed == 1  # review was due 1 September 2009
    assert run("level_review", rows, day=D(2009, 8, 1)).failed == 0


def test_disclosure_counts_level_2_and_3_minutes_in_the_window_only():
    minutes = (Minute(1, 1, 10, "level2", D(2009, 7, 1), True), Minute(2, 2, 10, "level2", D(2009, 7, 1), False),
               Minute(3, 3, 11, "screening", D(2009, 7, 1), False), Minute(4, 4, 12, "level3", D(2008, 1, 1), False))
    figure = run("disclosure", Rows(minutes=minutes))
    assert (figure.passed, figure.counted) == (1, 2)


def test_plan_items_ended_are_not_counted():
    items = (PlanItem(1, 1, LONG_AGO, True, True, None), PlanItem(2, 1, LONG_AGO, False, True, None),
             PlanItem(3, 1, LONG_AGO, False, False, D(2009, 1, 1)))
    assert (run("plan_items_owned", Rows(plan_items=items)).passed, run("plan_items_owned", Rows(plan_items=items)).counted) == (1, 2)


def test_month_ends_are_the_last_days_of_the_months_before_then_today():
    assert rules.month_ends(D(2009, 3, 15), 3) == [D(2008, 12, 31), D(2009, 1, 31), D(2009, 2, 28), D(2009, 3, 15)]


def test_a_past_month_counts_only_what_was_recorded_by_then():
    rows = Rows(people=(Person(1, 1, None, D(2009, 8, 15), ""), Person(2, 1, 5, LONG_AGO, "Asian")))
    found = rules.trend(rules.MEASURES["ethnicity"], rows, [(D(2009, 7, 31), ALL), (TODAY, ALL)])
    assert [(f.passed, f.counted) for _, f in found] == [(1, 1), (1, 2)]


checks = st.lists(st.builds(Check, st.integers(1, 20), st.booleans(), st.just(""), st.just(())), max_size=60)


@given(checks)
def test_a_figure_counts_every_check_once(found):
    figure = rules.figure(found)
    assert figure.passed + figure.failed == figure.counted == len(found)
    assert figure.percent is None if not found else 0 <= figure.percent <= 100


@given(checks, st.integers(0, 100))
def test_the_groups_add_up_to_the_whole(found, threshold):
    groups = rules.grouped(found, lambda pk: pk % 4)
    assert sum(g.counted for g in groups.values()) == len(found)
    assert sum(g.passed for g in groups.values()) == rules.figure(found).passed
    whole = rules.figure(found)
    if whole.counted:
        assert whole.meets(threshold) == (whole.passed * 100 >= threshold * whole.counted)


people = st.lists(st.builds(Person, st.integers(1, 30), st.integers(1, 3), st.none() | st.integers(1, 5),
                            st.dates(D(2005, 1, 1), D(2010, 1, 1)), st.sampled_from(["", "  ", "Black British"])),
                  max_size=40, unique_by=lambda p: p.pk)


@given(people, st.dates(D(2005, 1, 1), D(2010, 1, 1)))
def test_every_measure_over_people_counts_only_people_recorded_by_the_day(found, day):
    rows = Rows(people=tuple(found))
    for key in ("ethnicity", "named_manager"):
        result = rules.MEASURES[key].evaluate(rows, day, ALL)
        assert {c.nominal_id for c in result} == {p.pk for p in found if p.recorded_on <= day}


@given(people, st.dates(D(2005, 1, 1), D(2010, 1, 1)))
def test_a_later_day_never_counts_fewer_people(found, day):
    rows = Rows(people=tuple(found))
    earlier = rules.figure(rules.MEASURES["ethnicity"].evaluate(rows, day, ALL))
    later = rules.figure(rules.MEASURES["ethnicity"].evaluate(rows, day + datetime.timedelta(days=30), ALL))
    assert later.counted >= earlier.counted


@given(st.lists(st.tuples(st.integers(1, 10), st.dates(D(2008, 1, 1), D(2009, 9, 1)),
                          st.integers(-30, 30), st.sampled_from(["attended", "no_answer", ""])), max_size=30))
def test_a_due_visit_passes_only_when_made_by_its_due_date(raw):
    visits = tuple(Visit(i, pk, "police", due, outcome, due + datetime.timedelta(days=late) if outcome else None)
                   for i, (pk, due, late, outcome) in enumerate(raw))
    start = D(2008, 9, 30)  # twelve months before TODAY
    groups: dict = {}
    for v in visits:
        if start < v.due_on < TODAY:
            made = v.outcome == "attended" and v.occurred_on <= v.due_on
            groups[(v.nominal_id, v.due_on)] = groups.get((v.nominal_id, v.due_on), False) or made
    figure = rules.figure(rules.MEASURES["police_visits"].evaluate(Rows(visits=visits), TODAY, ALL))
    assert (figure.passed, figure.counted) == (sum(groups.values()), len(groups))


# Home visits: the next visit planned (QM-11, para 7.22) and the check before a visit (QM-92, para 7.18).
VISITED = D(2009, 6, 1)


def visit(pk, nominal, *, agency="police", outcome="attended", on=VISITED, checked=True, pnc=False,
          planned=None, recorded=None):
    return Visit(pk, nominal, agency, None, outcome, on if outcome else None, planned or on, recorded,
                 (on or planned) - datetime.timedelta(days=1) if checked else None, pnc)


def test_para_7_18_five_of_six_forces_checked_before_a_visit_and_none_checked_the_pnc():
    """Six forces (teams), ten visits each: five record the check before every visit, the sixth ("the volume was
    too great") records none; no force checks the PNC."""
    people = tuple(Person(pk, 1 + (pk - 1) // 10, None, LONG_AGO, "") for pk in range(1, 61))
    rows = Rows(people=people, visits=tuple(visit(pk, pk, checked=pk <= 50) for pk in range(1, 61)))
    team_of = {p.pk: p.team_id for p in people}
    checks = rules.MEASURES["visit_checked"].evaluate(rows, TODAY, ALL)
    by_force = rules.grouped(checks, team_of.get)
    assert sum(1 for f in by_force.values() if f.meets(100)) == 5
    assert (rules.figure(checks).passed, rules.figure(checks).counted) == (50, 60)
    pnc = rules.grouped(rules.MEASURES["visit_pnc"].evaluate(rows, TODAY, ALL), team_of.get)
    assert len(pnc) == 6 and not any(f.passed for f in pnc.values())


def test_the_check_must_be_saved_by_the_day_of_the_visit_and_only_police_visits_in_the_period_count():
    late = Visit(1, 1, "police", None, "attended", D(2009, 6, 1), D(2009, 6, 1), None, D(2009, 6, 2), True)
    rows = Rows(visits=(
        late,
        visit(2, 2, pnc=True),  # checked, PNC too
        visit(3, 3, agency="joint", pnc=False),
        visit(4, 4, agency="probation"),  # probation's visits: not this measure
        visit(5, 5, on=D(2008, 6, 1)),  # before the twelve months
        visit(6, 6, outcome="", on=None, planned=D(2009, 10, 5)),  # planned, not yet made
        visit(7, 7, outcome="no_answer", pnc=True)))  # an attempt counts: the check comes before knocking
    checked = rules.MEASURES["visit_checked"].evaluate(rows, TODAY, ALL)
    assert sorted((c.nominal_id, c.passed) for c in checked) == [(1, False), (2, True), (3, True), (7, True)]
    pnc = rules.MEASURES["visit_pnc"].evaluate(rows, TODAY, ALL)
    assert sorted((c.nominal_id, c.passed) for c in pnc) == [(1, False), (2, True), (3, False), (7, True)]


def test_para_7_22_the_next_visit_is_planned_in_the_register_for_people_registered_in_the_community():
    rows = Rows(
        registrations=tuple(Registration(pk, pk, LONG_AGO, D(2008, 3, 1)) for pk in range(1, 6))
        + (Registration(6, 6, LONG_AGO, None),),  # still in custody: not counted
        visits=(visit(1, 1, outcome="", on=None, planned=D(2009, 10, 20)),
                visit(2, 2, outcome="", on=None, planned=D(2009, 10, 20), agency="probation"),  # not a police visit
                visit(3, 3, on=D(2009, 9, 1)),  # made already: the next is not planned
                visit(4, 4, outcome="", on=None, planned=D(2009, 10, 20), recorded=D(2009, 10, 2)),  # planned since
                visit(5, 5, outcome="", on=None, planned=TODAY)))  # planned for today counts
    checks = rules.MEASURES["visit_diarised"].evaluate(rows, TODAY, ALL)
    assert sorted((c.nominal_id, c.passed) for c in checks) == [(1, True), (2, False), (3, False), (4, False), (5, True)]
    # At the end of October, person 4's visit had been planned; person 1's was made on 20 October: no next one.
    later = Rows(registrations=rows.registrations, visits=rows.visits[:3] + (rows.visits[3],) + (
        Visit(1, 1, "police", None, "attended", D(2009, 10, 20), D(2009, 10, 20), None, D(2009, 10, 19), False),))
    month_end = {c.nominal_id: c.passed for c in rules.MEASURES["visit_diarised"].evaluate(later, D(2009, 10, 31), ALL)}
    assert month_end[1] is False and month_end[4] is False  # 4's was for 20 October, now past and not made


@given(st.lists(st.tuples(st.integers(1, 8), st.sampled_from(["police", "joint", "probation"]),
                          st.sampled_from(["attended", "no_answer", ""]), st.dates(D(2008, 1, 1), D(2009, 12, 31)),
                          st.none() | st.integers(-3, 3), st.booleans()), max_size=30))
def test_the_pnc_check_never_passes_a_visit_the_pre_visit_check_fails(raw):
    visits = tuple(Visit(i, pk, agency, None, outcome, on if outcome else None, on, None,
                         on + datetime.timedelta(days=shift) if shift is not None else None, pnc)
                   for i, (pk, agency, outcome, on, shift, pnc) in enumerate(raw))
    rows = Rows(visits=visits)
    checked = rules.MEASURES["visit_checked"].evaluate(rows, TODAY, ALL)
    pnc = rules.MEASURES["visit_pnc"].evaluate(rows, TODAY, ALL)
    assert len(checked) == len(pnc)
    assert all(c.passed or not p.passed for c, p in zip(checked, pnc))


# Intelligence: information evaluated within the time allowed (QM-36 as far as the register answers it, para 4.19).
def test_information_counts_once_its_evaluation_is_due_or_done_and_passes_when_evaluated_by_its_due_day():
    from mappa.quality.rules import Intelligence

    on = D(2009, 9, 1)
    rows = Rows(intelligence=(
        Intelligence(1, 1, on, D(2009, 9, 4), D(2009, 9, 4)),  # on its due day
        Intelligence(2, 2, on, D(2009, 9, 4), D(2009, 9, 7)),  # late
        Intelligence(3, 3, on, D(2009, 9, 4), None),  # overdue
        Intelligence(4, 4, D(2009, 9, 29), D(2009, 10, 2), None),  # still within the time allowed: not counted
        Intelligence(5, 5, D(2009, 9, 29), D(2009, 10, 2), D(2009, 9, 30)),  # done early: counted
        Intelligence(6, 6, D(2008, 6, 1), D(2008, 6, 4), None)))  # submitted before the twelve months
    checks = rules.MEASURES["intelligence_evaluated"].evaluate(rows, TODAY, ALL)
    assert sorted((c.nominal_id, c.passed) for c in checks) == [(1, True), (2, False), (3, False), (5, True)]
    fixes = {c.nominal_id: c.fix[0] for c in checks}
    assert fixes[3] == "intelligence:evaluate" and fixes[2] == "intelligence:item"
    # At the end of August nothing was submitted yet; on 5 September item 2 was overdue, not yet late.
    assert rules.MEASURES["intelligence_evaluated"].evaluate(rows, D(2009, 8, 31), ALL) == []
    early = {c.nominal_id: c.passed for c in rules.MEASURES["intelligence_evaluated"].evaluate(rows, D(2009, 9, 5), ALL)}
    assert early == {1: True, 2: False, 3: False}


@given(st.lists(st.tuples(st.dates(D(2008, 10, 1), TODAY), st.integers(0, 5), st.none() | st.integers(0, 10)),
                max_size=30))
def test_information_evaluated_agrees_with_the_intelligence_parts_own_timeliness(raw):
    from mappa.intelligence.rules import timeliness
    from mappa.quality.rules import Intelligence

    rows = Rows(intelligence=tuple(
        Intelligence(i, i, on, on + datetime.timedelta(days=allowed),
                     None if took is None or on + datetime.timedelta(days=took) > TODAY else on + datetime.timedelta(days=took))
        for i, (on, allowed, took) in enumerate(raw)))
    found = {c.nominal_id: c.passed for c in rules.MEASURES["intelligence_evaluated"].evaluate(rows, TODAY, ALL)}
    expected = {}
    for item in rows.intelligence:
        state = timeliness(item.due_on, item.evaluated_on, TODAY)
        if state != "due":
            expected[item.nominal_id] = state == "in_time"
    assert found == expected
