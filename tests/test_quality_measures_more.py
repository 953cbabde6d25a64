"""The level 1, intelligence action and Risk Matrix 2000 measures (QM-21, QM-22, QM-36's second half, QM-42, QM-50):
golden examples from the inspection's text as pure rules, then read from the register, where an intelligence
action counts only for a reader who may read the item it comes from (an item's actions are its content)."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.access import policy
from mappa.arrangements.models import AgendaCase, Eligibility, LevelDecision, Meeting, Referral
from mappa.intelligence.models import IntelligenceAction, IntelligenceItem
from mappa.quality import queries, rules
from mappa.risk.models import Assessment, PeerReview

D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2010, 3, 31)
LONG_AGO = D(2009, 1, 1)
FOUR_MONTHS = {"earliest": {"months": 4}, "latest": {"months": 4}}


def settings(**params):
    return rules.Settings(100, {"window_months": 12, **params})


def run(key, rows, day=TODAY, **params):
    return rules.MEASURES[key].evaluate(rows, day, settings(**params))


# QM-21 and QM-22: level 1 decisions and oversight.
def level1_case(pk, *, forum, decided_on, identified_on=LONG_AGO, level=1, history=()):
    episode = rules.Episode(pk, pk, 1, identified_on, None)
    decisions = [rules.Decision(pk * 10 + i, pk, pk, lvl, on, on + 120 * DAY, None, how)
                 for i, (lvl, on, how) in enumerate(history)]
    decisions.append(rules.Decision(pk * 10 + 9, pk, pk, level, decided_on, decided_on + 120 * DAY, None, forum))
    return episode, decisions


def rows_of(cases, **more):
    return rules.Rows(episodes=tuple(e for e, _ in cases), decisions=tuple(d for _, ds in cases for d in ds), **more)


def test_level1_decided_through_screening_as_the_summary_asks():
    """Summary: 'in some areas, the lead agency, or even the offender manager assumed responsibility for the decision
    to manage a case at level 1, whereas in other areas, all ... were referred to a structured multi-agency
    screening meeting'. Each way a level 1 decision is recorded, and whether it counts as screened."""
    cases = [
        level1_case(1, forum="screening", decided_on=D(2009, 6, 1)),  # at a screening meeting
        level1_case(2, forum="meeting", decided_on=D(2009, 6, 1)),  # stepped down by a level 2 meeting
        level1_case(3, forum="lead_agency", decided_on=D(2009, 6, 1)),  # the lead agency after a screening meeting
        level1_case(4, forum="lead_agency", decided_on=D(2009, 6, 1)),  # ... after a referral was screened
        level1_case(5, forum="lead_agency", decided_on=D(2009, 6, 1)),  # screened before it was eligible: alone
        level1_case(6, forum="offender_manager", decided_on=D(2009, 6, 1)),  # the offender manager alone
        level1_case(7, forum="meeting", decided_on=D(2009, 6, 1), level=2),  # level 2: not counted
    ]
    agenda = (rules.Agenda(1, 3, 50, "screening", D(2009, 5, 20)), rules.Agenda(2, 5, 51, "screening", D(2008, 12, 1)),
              rules.Agenda(3, 6, 52, "level2", D(2009, 5, 1)))  # a level 2 meeting's agenda is not a screening
    referrals = (rules.Referral(1, 4, 4, D(2009, 5, 30)), rules.Referral(2, 6, 6, None))
    checks = run("level1_screened", rows_of(cases, agenda=agenda, referrals=referrals))
    assert [(c.nominal_id, c.passed) for c in checks] == [(1, True), (2, True), (3, True), (4, True), (5, False), (6, False)]
    assert checks[4].fix == ("arrangements:case", 5) and "without a multi-agency screening" in checks[4].what
    # Before the decision was made the case was not yet at level 1.
    assert run("level1_screened", rows_of(cases, agenda=agenda, referrals=referrals), day=D(2009, 5, 31)) == []


def test_most_level1_cases_had_no_multi_agency_oversight_in_the_review_period():
    """Chapter 4: 'Most level 1 cases were not subject to any form of formal multi-agency oversight through MAPPA'.
    The period is the level 1 review interval (four months)."""
    cases = [
        level1_case(1, forum="lead_agency", decided_on=D(2009, 1, 10)),  # on a screening agenda two months ago
        level1_case(2, forum="lead_agency", decided_on=D(2009, 1, 10)),  # minuted six months ago: too long
        level1_case(3, forum="lead_agency", decided_on=D(2009, 1, 10)),  # nothing at all
        level1_case(4, forum="lead_agency", decided_on=D(2010, 3, 1)),  # level 1 for a month: period not run
        level1_case(5, forum="meeting", decided_on=D(2010, 1, 15)),  # stepped down at a meeting in the period
        level1_case(6, forum="lead_agency", decided_on=D(2009, 9, 1),  # referral screened in the period
                    history=[(2, D(2009, 2, 1), "meeting")]),
        # Reviewed at level 1 last month by the lead agency, level 1 since a year ago: counted, and fails.
        level1_case(7, forum="lead_agency", decided_on=D(2010, 3, 1), history=[(1, D(2009, 3, 1), "lead_agency")]),
    ]
    agenda = (rules.Agenda(1, 1, 50, "screening", D(2010, 1, 31)),)
    minutes = (rules.Minute(1, 2, 51, "level2", D(2009, 9, 30), True),)
    referrals = (rules.Referral(1, 6, 6, D(2010, 2, 1)),)
    checks = run("level1_oversight", rows_of(cases, agenda=agenda, minutes=minutes, referrals=referrals),
                 interval=FOUR_MONTHS)
    assert [(c.nominal_id, c.passed) for c in checks] == [(1, True), (2, False), (3, False), (5, True), (6, True), (7, False)]
    assert checks[1].what == "No multi-agency oversight in the last 4 months"
    found = rules.figure(checks)
    assert found.failed > found.counted / 2 - 1 and found.meets(100) is False


# QM-36, second half: actions from intelligence done by their due dates.
def action(pk, due, done=None, recorded=LONG_AGO):
    return rules.IntelligenceAction(pk, pk, 100 + pk, recorded, due, done)


def test_intelligence_actions_done_by_their_due_dates():
    actions = (
        action(1, D(2010, 2, 1), D(2010, 1, 30)),  # done in time
        action(2, D(2010, 2, 1), D(2010, 2, 3)),  # done late
        action(3, D(2010, 3, 1)),  # overdue, not done
        action(4, D(2010, 4, 30)),  # not yet due: not counted
        action(5, D(2010, 4, 30), D(2010, 3, 20)),  # done before it falls due: counted
        action(6, D(2009, 1, 31), D(2009, 1, 30)),  # due before the period
        action(7, D(2010, 3, 31)),  # due today: not late yet
        action(8, D(2010, 2, 1), recorded=D(2010, 4, 1)),  # recorded after the day
    )
    checks = run("intelligence_actions", rules.Rows(intelligence_actions=actions))
    assert [(c.nominal_id, c.passed) for c in checks] == [(1, True), (2, False), (3, False), (5, True)]
    assert checks[2].fix == ("intelligence:item", 3, 103) and checks[2].what == "Action from intelligence not done by 1 March 2010"


@given(st.lists(st.tuples(st.integers(-400, 60), st.one_of(st.none(), st.integers(-400, 60))), max_size=20))
def test_an_action_counts_once_due_or_done_and_passes_only_if_done_by_its_due_date(specs):
    """An action is counted in the period it fell due or was done in, whichever came first, once it is due or done."""
    actions = tuple(rules.IntelligenceAction(i, i, i, TODAY - 500 * DAY, TODAY + due * DAY,
                                             None if done is None else TODAY + done * DAY)
                    for i, (due, done) in enumerate(specs))
    checks = {c.nominal_id: c.passed for c in run("intelligence_actions", rules.Rows(intelligence_actions=actions))}
    start = D(2009, 3, 31)
    for a in actions:
        done = a.completed_on if a.completed_on and a.completed_on <= TODAY else None
        # Counted on the day it was done or fell due, whichever came first, once due or done.
        if (done or a.due_on < TODAY) and start < min(a.due_on, done or a.due_on):
            assert checks[a.pk] == (done is not None and done <= a.due_on)
        else:
            assert a.pk not in checks


# QM-42 and QM-50: Risk Matrix 2000.
def rm2000(pk, nominal, assessed_on, peer=None):
    return rules.Assessment(pk, nominal, rules.APPROVED, assessed_on, assessed_on, assessed_on, "medium", "", "", peer)


def test_peer_review_of_the_latest_risk_matrix_2000():
    """Para 5.6: '81% of probation staff said they had not had their RM2000 assessments reviewed by an appropriately
    qualified colleague': 19 of 100 reviewed."""
    people = [rm2000(i, i, D(2009, 6, 1), D(2009, 6, 5) if i < 19 else None) for i in range(100)]
    # An older assessment peer reviewed does not stand for the latest one.
    people.append(rm2000(1000, 50, D(2008, 1, 1), D(2008, 1, 2)))
    found = rules.figure(run("rm2000_peer_reviewed", rules.Rows(assessments=tuple(people))))
    assert (found.passed, found.counted, found.percent) == (19, 100, 19)
    # Reviewed after the day measured: not yet.
    assert rules.figure(run("rm2000_peer_reviewed", rules.Rows(assessments=tuple(people)), day=D(2009, 6, 4))).passed == 0


def test_a_risk_matrix_2000_not_reviewed_for_up_to_three_years_fails():
    """Para 9.1: issues in 22.5% of the 62 records, among them 'no review of the RM2000 following a considerable lapse
    of time (up to 3 years)': 14 of 62 records (22.6%) with a Risk Matrix 2000 older than a year."""
    people = [rm2000(i, i, TODAY - (3 * 365 if i < 14 else 200) * DAY) for i in range(62)]
    checks = run("rm2000_current", rules.Rows(assessments=tuple(people)), within_days=365)
    found = rules.figure(checks)
    assert (found.failed, found.counted) == (14, 62) and round(100 * found.failed / found.counted, 1) == 22.6
    assert checks[0].what == "Risk Matrix 2000 of 1 April 2007 older than 365 days" and checks[0].fix == ("risk:nominal", 0)
    # A draft or one never completed does not count as done.
    draft = rules.Assessment(99, 99, rules.DRAFT, TODAY, None, None, "", "", "")
    assert run("rm2000_current", rules.Rows(assessments=(draft,)), within_days=365) == []


def test_the_risk_is_assessed_after_release_from_custody():
    """Para 9.1: 'no review of the prison risk assessment following release from prison'."""
    registrations = (
        rules.Registration(1, 1, D(2009, 1, 1), TODAY - 30 * DAY, True),  # released a month ago, assessed in 5 days
        rules.Registration(2, 2, D(2009, 1, 1), TODAY - 60 * DAY, True),  # released two months ago, none
        rules.Registration(3, 3, D(2009, 1, 1), TODAY - 3 * DAY, True),  # released three days ago: not due
        rules.Registration(4, 4, D(2009, 1, 1), None, True),  # still in custody
        rules.Registration(5, 5, D(2009, 1, 1), TODAY - 60 * DAY, False),  # registered in the community
        rules.Registration(6, 6, D(2009, 1, 1), TODAY - 40 * DAY, True),  # assessed only before release
    )
    rosh = (rules.Rosh(1, 1, TODAY - 25 * DAY, TODAY - 25 * DAY, "high"),
            rules.Rosh(2, 6, TODAY - 45 * DAY, TODAY - 45 * DAY, "high"))
    checks = run("release_reviewed", rules.Rows(registrations=registrations, rosh=rosh), within_days=10)
    assert [(c.nominal_id, c.passed) for c in checks] == [(1, True), (2, False), (6, False)]
    assert checks[1].what.startswith("Risk not assessed within 10 days of release on")


# From the register.
def figure(user, area, key):
    today = timezone.localdate()
    return rules.figure(rules.MEASURES[key].evaluate(queries.rows_for(user, area), today, queries.info(key, today).settings))


def test_level1_measures_read_the_arrangements(world, client):
    today = timezone.localdate()
    police = world.agencies["police"]
    screened_case, alone_case = world.case, world.unallocated
    meeting = Meeting.objects.create(area=world.north, kind=Meeting.Kind.SCREENING, held_on=today - 200 * DAY,
                                     venue="Police HQ", chair=world.coordinator, created_by=world.coordinator,
                                     status=Meeting.Status.HELD)
    AgendaCase.objects.create(meeting=meeting, nominal=screened_case, added_by=world.coordinator)
    for person in (screened_case, alone_case):
        episode = Eligibility.objects.create(nominal=person, category=1, identified_on=today - 300 * DAY,
                                             lead_agency=police, agency=police)
        LevelDecision.objects.create(eligibility=episode, nominal=person, level=1, forum="lead_agency",
                                     decided_by=world.police_sup, decided_on=today - 190 * DAY, rationale="Low risk",
                                     information_considered="Reports", next_review=today + 30 * DAY, agency=police)
    screened = figure(world.coordinator, world.north, "level1_screened")
    assert (screened.passed, screened.counted) == (1, 2)
    # Neither has had multi-agency attention in the last four months; a referral of one screened last week counts.
    assert (figure(world.coordinator, world.north, "level1_oversight").passed,
            figure(world.coordinator, world.north, "level1_oversight").counted) == (0, 2)
    Referral.objects.create(eligibility=Eligibility.objects.get(nominal=alone_case), nominal=alone_case, requested_level=2,
                            referred_on=today - 10 * DAY, reason="Escalating", risk_summary="High", cannot_manage_alone="x",
                            asks_of_agencies="y", status="returned", screened_on=today - 7 * DAY, agency=police)
    assert figure(world.coordinator, world.north, "level1_oversight").passed == 1
    client.force_login(world.coordinator)
    page = client.get(reverse("quality:measure", args=["north", "level1_screened"])).content.decode()
    assert "QM-21" in page and "SMITH, Peter" in page and reverse("arrangements:case", args=[alone_case.pk]) in page
    page = client.get(reverse("quality:measures", args=["north"])).content.decode()
    for qm in ("QM-21", "QM-22", "QM-42", "QM-50"):
        assert qm in page


def intelligence(world, *, by, status, code="", agency=None, evaluated_by=None, due):
    today = timezone.localdate()
    item = IntelligenceItem.objects.create(
        nominal=world.case, information="Seen near a school", source_type="frontline", obtained_on=today - 60 * DAY,
        submitted_at=timezone.now() - 60 * DAY, due_on=today - 55 * DAY, created_by=by, status=status,
        handling_code=code, agency=agency, evaluated_by=evaluated_by,
        evaluated_at=timezone.now() - 56 * DAY if evaluated_by else None)
    act = IntelligenceAction.objects.create(nominal=world.case, item=item, kind="visit", description="Visit the address",
                                            owner=world.om, due_on=due, agency=agency)
    return item, act


@pytest.fixture
def actions(world):
    today = timezone.localdate()
    police, probation = world.agencies["police"], world.agencies["probation"]
    shared, _ = intelligence(world, by=world.police, status="registered", code="P", agency=police,
                             evaluated_by=world.om, due=today - 10 * DAY)  # coded P: the police may read it
    kept, _ = intelligence(world, by=world.police, status="registered", code="C", agency=police,
                           evaluated_by=world.om, due=today - 20 * DAY)  # coded C: those responsible only
    return shared, kept, probation


def test_an_action_counts_only_for_a_reader_who_may_read_its_item(world, actions, client):
    shared, kept, _ = actions
    # The record's team supervisor answers for its intelligence: both overdue actions count.
    assert (figure(world.probation_sup, world.north, "intelligence_actions").counted,
            figure(world.probation_sup, world.north, "intelligence_actions").passed) == (2, 0)
    # The co-ordinator (police) reads the item coded P, not the one coded C: one action, never the other's.
    assert figure(world.coordinator, world.north, "intelligence_actions").counted == 1
    client.force_login(world.coordinator)
    page = client.get(reverse("quality:measure", args=["north", "intelligence_actions"])).content.decode()
    assert reverse("intelligence:item", args=[world.case.pk, shared.pk]) in page
    assert reverse("intelligence:item", args=[world.case.pk, kept.pk]) not in page and "Visit the address" not in page
    IntelligenceAction.objects.filter(item=shared).update(completed_on=timezone.localdate() - 11 * DAY)
    assert figure(world.coordinator, world.north, "intelligence_actions").passed == 1


PERSONAS = ["coordinator", "probation_sup", "police_sup", "om", "colleague", "other_office", "police", "children",
            "housing", "health", "officer", "admin", "south", "south_coordinator"]


def test_the_condition_on_items_agrees_with_the_rule_for_one_item_for_every_persona(world, actions):
    shared, kept, probation = actions
    submitted, _ = intelligence(world, by=world.police, status="submitted", agency=world.agencies["police"],
                                due=timezone.localdate())
    own, _ = intelligence(world, by=world.om, status="registered", code="P", agency=probation,
                          evaluated_by=world.probation_sup, due=timezone.localdate())
    items = [shared, kept, submitted, own]
    for name in PERSONAS:
        user = getattr(world, name)
        by_rule = {i.pk for i in items if policy.can(user, policy.READ, world.case) and policy.may_read_intelligence(
            user, IntelligenceItem.objects.select_related("nominal").get(pk=i.pk))}
        by_condition = set(IntelligenceItem.objects.filter(pk__in=[i.pk for i in items], nominal__in=policy.nominals_for(user))
                           .filter(policy.intelligence_readable(user)).values_list("pk", flat=True))
        assert by_condition == by_rule, name
        counted = {c.nominal_id for c in rules.MEASURES["intelligence_actions"].evaluate(
            queries.rows_for(user, world.north), timezone.localdate(), queries.info("intelligence_actions", timezone.localdate()).settings)}
        assert counted <= {world.case.pk}, name


def test_peer_review_and_the_age_of_a_risk_matrix_2000_from_the_register(world, client):
    today = timezone.localdate()
    probation = world.agencies["probation"]
    old = Assessment.objects.create(nominal=world.case, risk_type="reconviction", tool="rm2000", status="approved",
                                    assessed_on=today - 800 * DAY, level="high", completed_at=timezone.now(),
                                    approved_at=timezone.now(), agency=probation)
    fresh = Assessment.objects.create(nominal=world.unallocated, risk_type="reconviction", tool="rm2000",
                                      status="completed", assessed_on=today - 30 * DAY, level="medium",
                                      completed_at=timezone.now(), agency=probation)
    PeerReview.objects.create(assessment=fresh, reviewer=world.colleague, agrees=True, comments="Agreed")
    reviewed = figure(world.probation_sup, world.north, "rm2000_peer_reviewed")
    assert (reviewed.passed, reviewed.counted) == (1, 2)
    current = figure(world.probation_sup, world.north, "rm2000_current")
    assert (current.passed, current.counted) == (1, 2)
    client.force_login(world.probation_sup)
    page = client.get(reverse("quality:measure", args=["north", "rm2000_peer_reviewed"])).content.decode()
    assert "QM-42" in page and reverse("risk:assessment", args=[old.pk]) in page and "Agreed" not in page
    page = client.get(reverse("quality:measure", args=["north", "rm2000_current"])).content.decode()
    assert "older than 365 days" in page and reverse("risk:nominal", args=[world.case.pk]) in page
