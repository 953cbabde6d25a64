"""The programme, approved premises and start-of-order measures (QM-45, QM-80, QM-81, QM-82, QM-98): golden
examples from the inspection's figures as pure rules, then read from the register, where every persona counts only
the referrals, placements, orders and licences of records they may see."""
import datetime

from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.interventions.models import Programme, ProgrammeReferral
from mappa.licences.models import Licence
from mappa.orders.models import Conviction, Sentence
from mappa.quality import queries, rules
from mappa.resettlement.models import PremisesPlacement
from mappa.risk.models import Assessment

D = datetime.date
DAY = datetime.timedelta(days=1)
TODAY = D(2010, 3, 31)


def settings(**params):
    return rules.Settings(100, {"window_months": 12, **params})


def run(key, rows, day=TODAY, **params):
    return rules.MEASURES[key].evaluate(rows, day, settings(**params))


def referral(pk, referred_on, *, started_on=None, sexual=True, eligibility="eligible", pre_work=False, pre_done_on=None,
             outcome="", outcome_on=None, order_ends_on=None, nominal=None):
    return rules.ProgrammeReferral(pk, nominal or pk, referred_on, sexual, referred_on, eligibility, referred_on, started_on,
                                   pre_work, pre_done_on, outcome, outcome_on, order_ends_on)


# QM-80.
def test_of_27_ten_waited_six_to_twelve_months_and_three_over_a_year():
    """Para 6.1 (catalogue T-22): 'of 27, ten waited six to twelve months, three over a year'. Some still wait,
    some have started in the period; the figure is those under six months, and the bands are shown beside it."""
    found = []
    for i in range(14):  # under six months: 7 started last month after 3 months' wait, 7 waiting 2 months so far
        found.append(referral(i + 1, D(2009, 12, 1), started_on=D(2010, 3, 1)) if i < 7 else referral(i + 1, D(2010, 1, 20)))
    for i in range(10):  # six to twelve months: 5 started after 8 months, 5 waiting 7 months so far
        found.append(referral(i + 20, D(2009, 6, 1), started_on=D(2010, 2, 1)) if i < 5 else referral(i + 20, D(2009, 8, 15)))
    for i in range(3):  # over a year, still waiting
        found.append(referral(i + 40, D(2008, 12, 1)))
    # Not counted: found not eligible, another kind of programme, started before the period, finished unstarted.
    found += [referral(50, D(2008, 1, 1), eligibility="not_eligible"), referral(51, D(2008, 1, 1), sexual=False),
              referral(52, D(2008, 1, 1), started_on=D(2009, 2, 1)),
              referral(53, D(2008, 1, 1), outcome="not_completed", outcome_on=D(2009, 1, 1))]
    rows = rules.Rows(programme_referrals=tuple(found))
    checks = run("programme_wait", rows, bands=[6, 12])
    assert rules.figure(checks) == rules.Figure(14, 27)
    assert rules.programme_wait_bands(rows, TODAY, settings(bands=[6, 12])) == [
        ("Waited less than 6 months", 14), ("Waited 6 to 12 months", 10), ("Waited over 12 months", 3)]
    late = next(c for c in checks if c.nominal_id == 40)
    assert late.what == "Waited over 12 months from referral on 1 December 2008, still waiting"
    assert late.fix == ("interventions:referral", 40, 40)
    # Six months to the day is the 6 to 12 month band.
    assert not run("programme_wait", rules.Rows(programme_referrals=(referral(1, D(2009, 9, 30)),)), bands=[6, 12])[0].passed
    # Before a referral was made it is not counted: then only the two of January 2008 were waiting.
    assert [c.nominal_id for c in run("programme_wait", rows, day=D(2008, 11, 30), bands=[6, 12])] == [52, 53]


# QM-81.
def test_a_number_ended_their_order_before_completing_the_programme():
    """Para 6.1: 'a number of offenders' finished their order or licence without completing the programme."""
    found = (
        referral(1, D(2008, 1, 1), outcome="completed", outcome_on=D(2009, 5, 1), order_ends_on=D(2009, 6, 1)),
        referral(2, D(2008, 1, 1), order_ends_on=D(2009, 6, 1)),  # still waiting when it ended
        referral(3, D(2008, 1, 1), outcome="completed", outcome_on=D(2009, 7, 1), order_ends_on=D(2009, 6, 1)),  # too late
        referral(4, D(2008, 1, 1), outcome="not_completed", outcome_on=D(2009, 5, 1), order_ends_on=D(2009, 6, 1)),
        referral(5, D(2008, 1, 1), eligibility="not_eligible", order_ends_on=D(2009, 6, 1)),  # not required
        referral(6, D(2008, 1, 1), order_ends_on=D(2011, 6, 1)),  # the order runs on
        referral(7, D(2008, 1, 1), order_ends_on=D(2008, 6, 1)),  # ended before the period
        referral(8, D(2008, 1, 1)),  # under no order or licence named
    )
    checks = run("programme_before_end", rules.Rows(programme_referrals=found))
    assert [(c.nominal_id, c.passed) for c in checks] == [(1, True), (2, False), (3, False), (4, False)]
    assert checks[1].what == "Order or licence ended on 1 June 2009 before the programme was completed"


# QM-82.
def test_pre_programme_work_was_incomplete_in_almost_half():
    """Para 6.2: pre-programme work incomplete in 'almost half the relevant cases' (no number given: nine of
    twenty here)."""
    start = D(2010, 1, 11)
    found = [referral(i + 1, D(2009, 6, 1), started_on=start, pre_work=True,
                      pre_done_on=start - 10 * DAY if i < 11 else (None if i < 16 else start + 7 * DAY)) for i in range(20)]
    found += [referral(30, D(2009, 6, 1), started_on=start),  # no pre-programme work set: not counted
              referral(31, D(2009, 6, 1), pre_work=True)]  # not started yet: not counted
    checks = run("pre_programme", rules.Rows(programme_referrals=tuple(found)))
    assert rules.figure(checks) == rules.Figure(11, 20) and rules.figure(checks).percent == 55
    assert checks[-1].what == "Pre-programme work not finished before the start on 11 January 2010"


# QM-98.
def test_sixteen_of_twenty_five_had_appropriate_move_on_and_the_median_stay():
    """Para 8.7: 'only 16 of 25 had appropriate move-on accommodation', and stays were longer than needed."""
    found = []
    for i in range(25):
        arrived = D(2009, 6, 1) + i * DAY
        left = arrived + (60 + 4 * i) * DAY
        departure, destination = ("planned", "Supported housing, Bradwell") if i < 16 else (
            ("planned", "") if i < 18 else ("unplanned", "Recalled to HMP Brackford"))
        found.append(rules.Placement(i + 1, i + 1, arrived, left, departure, destination))
    found += [rules.Placement(40, 40, D(2010, 1, 1), None, "", ""),  # still resident
              rules.Placement(41, 41, D(2008, 1, 1), D(2008, 6, 1), "unplanned", "")]  # left before the period
    rows = rules.Rows(placements=tuple(found))
    checks = run("move_on", rows)
    assert rules.figure(checks) == rules.Figure(16, 25) and rules.figure(checks).percent == 64
    assert checks[-1].fix == ("resettlement:resettlement", 25) and "without a planned move-on" in checks[-1].what
    assert rules.median_stay(rows, TODAY, settings()) == [("Median stay of those who left, in days", 108)]
    assert rules.median_stay(rules.Rows(), TODAY, settings()) == []


# QM-45.
def rosh(pk, nominal, on):
    return rules.Rosh(pk, nominal, on, on, "high")


def test_a_risk_assessment_on_time_at_the_start_of_most_orders_and_licences():
    """Para 5.12: the risk of harm assessment was on time at the start of the order or licence in 'most of the
    cases'. An assessment within the days either side of the start counts; a start whose days have not run, with
    none yet, is not counted."""
    starts = (
        rules.Start(1, 1, rules.ORDER, D(2009, 9, 1), D(2009, 9, 1)),  # assessed 10 days after
        rules.Start(2, 2, rules.LICENCE, D(2009, 9, 1), D(2009, 9, 1)),  # assessed in prison a week before release
        rules.Start(3, 3, rules.ORDER, D(2009, 9, 1), D(2009, 9, 1)),  # assessed 40 days after: late
        rules.Start(4, 4, rules.LICENCE, D(2009, 9, 1), D(2009, 9, 1)),  # never assessed
        rules.Start(5, 5, rules.ORDER, D(2010, 3, 25), D(2010, 3, 25)),  # six days ago: not due
        rules.Start(6, 6, rules.ORDER, D(2008, 9, 1), D(2008, 9, 1)),  # before the period
        rules.Start(7, 7, rules.ORDER, D(2009, 9, 1), D(2009, 9, 1)),  # assessed two years before: too early
    )
    assessed = (rosh(1, 1, D(2009, 9, 11)), rosh(2, 2, D(2009, 8, 25)), rosh(3, 3, D(2009, 10, 11)),
                rosh(7, 7, D(2007, 9, 1)))
    checks = run("assessed_at_start", rules.Rows(starts=starts, rosh=assessed), within_days=15)
    assert [(c.nominal_id, c.passed) for c in checks] == [(1, True), (2, True), (3, False), (4, False), (7, False)]
    assert checks[2].what == "No risk of serious harm assessment within 15 days of the order's start on 1 September 2009"
    assert "licence's start" in checks[3].what and checks[3].fix == ("risk:nominal", 4)


# From the register.
def programme(world, person, **fields):
    return ProgrammeReferral.objects.create(
        nominal=person, programme=Programme.objects.get(code="core-sotp"), reason="Sexual offending", agency=world.agencies["probation"],
        **fields)


def test_every_persona_counts_only_the_records_they_may_see(world):
    today = timezone.localdate()
    probation = world.agencies["probation"]
    people = (world.case, world.unallocated, world.elsewhere)
    for person in people:
        programme(world, person, referred_on=today - 300 * DAY, eligibility="eligible", listed_on=today - 290 * DAY)
        PremisesPlacement.objects.create(
            nominal=person, premises="ap-1", arrived_on=today - 200 * DAY, expected_departure_on=today - 100 * DAY,
            signing_in_hours=4, curfew_from=datetime.time(23), curfew_to=datetime.time(7), departed_on=today - 90 * DAY,
            departure="unplanned", agency=probation)
        Licence.objects.create(nominal=person, start_date=today - 60 * DAY, end_date=today + 300 * DAY, issued_by="HMP Brackford",
                               agency=probation)
    for persona in ("coordinator", "probation_sup", "police_sup", "om", "colleague", "other_office", "police", "children",
                    "housing", "health", "officer", "admin", "south", "south_coordinator"):
        user = getattr(world, persona)
        rows = queries.rows_for(user, world.north)
        expected = {p.pk for p in people if policy.can(user, policy.READ, p)}
        for name in ("programme_referrals", "placements", "starts"):
            assert {r.nominal_id for r in getattr(rows, name)} <= expected, (persona, name)
        assert {c.nominal_id for key in ("programme_wait", "move_on", "assessed_at_start")
                for c in rules.MEASURES[key].evaluate(rows, today, queries.info(key, today).settings)} <= expected, persona
    # The team's supervisor counts their team's two; the other office's case is not theirs.
    rows = queries.rows_for(world.probation_sup, world.north)
    assert {r.nominal_id for r in rows.programme_referrals} == {world.case.pk, world.unallocated.pk}


def test_the_measure_pages_show_the_failing_cases_the_bands_and_where_to_put_them_right(world, client):
    today = timezone.localdate()
    probation = world.agencies["probation"]
    waiting = programme(world, world.case, referred_on=today - 400 * DAY, eligibility="eligible", listed_on=today - 390 * DAY)
    programme(world, world.elsewhere, referred_on=today - 400 * DAY, eligibility="eligible")
    offence = Conviction.objects.create(nominal=world.case, offence="Sexual assault", convicted_on=today - 100 * DAY,
                                        sexual=True, agency=probation)
    Sentence.objects.create(nominal=world.case, conviction=offence, kind="community", sentenced_on=today - 60 * DAY,
                            length_months=24, order_end=today + 600 * DAY, agency=probation)
    Assessment.objects.create(nominal=world.unallocated, risk_type="rosh", tool="oasys", status="approved",
                              assessed_on=today - 30 * DAY, level="high", completed_at=timezone.now(), agency=probation)
    client.force_login(world.probation_sup)
    page = client.get(reverse("quality:measure", args=["north", "programme_wait"])).content.decode()
    assert "QM-80" in page and "DAVIS, Jonah" in page and "DAVIES" not in page
    assert reverse("interventions:referral", args=[world.case.pk, waiting.pk]) in page
    assert 'data-testid="breakdown"' in page and "Waited over 12 months" in page
    page = client.get(reverse("quality:measure", args=["north", "assessed_at_start"])).content.decode()
    assert "QM-45" in page and "within 15 days of the order" in page and reverse("risk:nominal", args=[world.case.pk]) in page
    page = client.get(reverse("quality:measures", args=["north"])).content.decode()
    for qm in ("QM-45", "QM-80", "QM-81", "QM-82", "QM-98"):
        assert qm in page


# QM-131 and QM-133: staff.
ROLES = {
    "courses": {"rm2000": "Risk Matrix 2000", "oasys": "OASys", "home_visiting": "Home visiting", "visor": "ViSOR"},
    "roles": {"offender_manager": {"name": "Probation offender manager", "training": ["oasys", "rm2000", "home_visiting"]},
              "public_protection_officer": {"name": "Police public protection officer", "training": ["visor", "rm2000"]}},
    "held_by": {"probation:practitioner": "offender_manager", "police:practitioner": "public_protection_officer"},
}


def test_seven_of_forty_five_probation_staff_were_not_trained_in_risk_matrix_2000():
    """Para 5.5: of 45 probation staff responsible for Risk Matrix 2000, 7 were not trained in it."""
    staff = [rules.StaffMember(i, 1, "probation", "practitioner") for i in range(1, 46)]
    training = [rules.StaffTraining(m.pk, course, D(2008, 1, 1), None) for m in staff for course in ("oasys", "home_visiting")]
    training += [rules.StaffTraining(m.pk, "rm2000", D(2008, 1, 1), None) for m in staff[:38]]
    # Not counted: a supervisor (no role listed here), and someone of an agency whose role needs nothing listed.
    staff += [rules.StaffMember(50, 1, "probation", "supervisor"), rules.StaffMember(51, 1, "housing", "practitioner")]
    rows = rules.Rows(staff=tuple(staff), staff_training=tuple(training))
    checks = run("staff_trained", rows, roles=ROLES)
    assert rules.figure(checks) == rules.Figure(38, 45)
    assert checks[-1] == rules.Check(None, False, "No current training in Risk Matrix 2000", ("workforce:person", 45), staff_id=45)
    # A refresher lapsed last month fails from then; training taken later does not count before it was taken.
    lapsed = rules.Rows(staff=(staff[0],), staff_training=(
        rules.StaffTraining(1, "oasys", D(2008, 1, 1), D(2010, 2, 28)), rules.StaffTraining(1, "rm2000", D(2008, 1, 1), None),
        rules.StaffTraining(1, "home_visiting", D(2010, 3, 15), None)))
    assert run("staff_trained", lapsed, roles=ROLES)[0].what == "No current training in OASys"
    assert run("staff_trained", lapsed, day=D(2010, 2, 1), roles=ROLES)[0].what == "No current training in Home visiting"


def test_most_offender_managers_were_supervised_monthly():
    """Para 10.13: supervision monthly (T-26), provided to 'most'. A practitioner counts; a supervisor does not."""
    staff = tuple(rules.StaffMember(i, 1, "probation", "practitioner") for i in range(1, 5)) + (
        rules.StaffMember(9, 1, "probation", "supervisor"),)
    sessions = (rules.StaffSession(1, 1, D(2010, 3, 10), D(2010, 3, 10)),  # this month
                rules.StaffSession(2, 2, D(2010, 3, 1), D(2010, 3, 1)),  # a month ago, less a day
                rules.StaffSession(3, 3, D(2010, 1, 5), D(2010, 1, 5)),  # too long ago
                rules.StaffSession(4, 4, D(2010, 3, 20), D(2010, 3, 30)),  # recorded ten days late
                rules.StaffSession(5, 9, D(2009, 1, 1), D(2009, 1, 1)))
    checks = run("staff_supervised", rules.Rows(staff=staff, staff_sessions=sessions), interval={"months": 1})
    assert [(c.staff_id, c.passed) for c in checks] == [(1, True), (2, True), (3, False), (4, True)]
    assert checks[2].what == "No supervision recorded since 5 January 2010 (due every month)"
    assert checks[2].fix == ("workforce:add_supervision", 3)
    # On 25 March the late record of the 20th was not yet made.
    earlier = run("staff_supervised", rules.Rows(staff=staff, staff_sessions=sessions), day=D(2010, 3, 25), interval={"months": 1})
    assert [(c.staff_id, c.passed) for c in earlier][3] == (4, False)


def test_staff_are_named_and_counted_only_for_the_supervisor_of_their_team(world, client):
    from mappa.workforce.models import StaffSupervision

    today = timezone.localdate()
    StaffSupervision.objects.create(supervisor=world.probation_sup, supervisee=world.om, held_on=today - 7 * DAY,
                                    agreed="Carry on", next_due=today + 21 * DAY, recorded_by=world.probation_sup)
    sup = queries.rows_for(world.probation_sup, world.north)
    assert {m.pk for m in sup.staff} == {world.om.pk, world.colleague.pk, world.probation_sup.pk}
    checks = rules.MEASURES["staff_supervised"].evaluate(sup, today, queries.info("staff_supervised", today).settings)
    assert {(c.staff_id, c.passed) for c in checks} == {(world.om.pk, True), (world.colleague.pk, False)}
    # Nobody else counts or is shown a member of staff: not the co-ordinator, nor the staff themselves; another
    # team's supervisor only their own team.
    for persona in ("coordinator", "om", "other_office", "admin", "south_coordinator"):
        rows = queries.rows_for(getattr(world, persona), world.north)
        assert rows.staff == () and rows.staff_training == () and rows.staff_sessions == (), persona
    assert {m.pk for m in queries.rows_for(world.police_sup, world.north).staff} == {world.police.pk, world.police_sup.pk}
    client.force_login(world.probation_sup)
    page = client.get(reverse("quality:measure", args=["north", "staff_supervised"])).content.decode()
    assert "QM-133" in page and world.colleague.display_name in page
    assert reverse("workforce:add_supervision", args=[world.colleague.pk]) in page
    page = client.get(reverse("quality:measure", args=["north", "staff_trained"])).content.decode()
    assert "QM-131" in page and "No current training in" in page and world.om.display_name in page
    client.force_login(world.coordinator)
    page = client.get(reverse("quality:measure", args=["north", "staff_supervised"])).content.decode()
    # (The managers of the cases the co-ordinator reads stay in the filter, as for every measure: a record names its
    # manager. No member of staff is listed as failing, nor counted.)
    assert "no member of staff is counted for you" in page and 'data-testid="failing"' not in page
    assert "No member of staff you may see fails this measure." in page
