"""The victim, probation visit, review and disclosure measures read from the register: a reader counts only the
victims whose details they may see (the team's supervisor does, the area's co-ordinator of the police does not),
a victim is judged by the statutory contact scheme in force on the day of sentence, someone in custody is not
owed a probation home visit, and each failing case links to where it is put right."""
import datetime

from django.urls import reverse
from django.utils import timezone

from mappa.orders.models import Conviction, Sentence
from mappa.plans.models import Plan, PlanReview, PlanReviewTrigger
from mappa.quality import queries, rules
from mappa.risk.models import Assessment
from mappa.victims.models import ContactEntry, Victim

DAY = datetime.timedelta(days=1)


def figure(user, area, key):
    today = timezone.localdate()
    found = queries.info(key, today)
    return rules.figure(rules.MEASURES[key].evaluate(queries.rows_for(user, area), today, found.settings))


def victims(world):
    today = timezone.localdate()
    probation = world.agencies["probation"]
    offence = Conviction.objects.create(nominal=world.case, offence="Rape", convicted_on=today - 120 * DAY, sexual=True,
                                        agency=probation)
    Sentence.objects.create(nominal=world.case, conviction=offence, kind="custody", sentenced_on=today - 100 * DAY,
                            length_months=48, agency=probation)
    in_contact = Victim.objects.create(nominal=world.case, kind="past", name="Alice Victim", agency=probation,
                                       scheme_offered_on=today - 400 * DAY, scheme_response="opted_in",
                                       scheme_responded_on=today - 390 * DAY)
    not_offered = Victim.objects.create(nominal=world.case, kind="past", name="Beth Victim", agency=probation,
                                        conviction=offence)
    # Recorded a year ago, as the register then held them (a measure counts a row from the day it was recorded).
    Victim.objects.filter(pk__in=[in_contact.pk, not_offered.pk]).update(created_at=timezone.now() - 365 * DAY)
    return in_contact, not_offered


def test_victim_measures_count_only_victims_the_reader_may_see(world, client):
    in_contact, not_offered = victims(world)
    # The team's supervisor sees the case's victims: no contact with the manager in six months, and the offer of
    # statutory contact (due 56 days after the sentence 100 days ago) not made.
    assert (figure(world.probation_sup, world.north, "victim_liaison").failed,
            figure(world.probation_sup, world.north, "victim_liaison").counted) == (1, 1)
    assert (figure(world.probation_sup, world.north, "victim_offer").failed,
            figure(world.probation_sup, world.north, "victim_offer").counted) == (1, 1)
    # The area's co-ordinator (of the police) reads the record but not its victims: nothing is counted for them.
    for key in ("victim_liaison", "victim_offer", "review_liaison"):
        assert figure(world.coordinator, world.north, key).counted == 0, key
    client.force_login(world.coordinator)
    page = client.get(reverse("quality:measure", args=["north", "victim_offer"])).content.decode()
    assert "QM-34" in page and "No case you may see fails this measure." in page and "DAVIS" not in page
    client.force_login(world.probation_sup)
    page = client.get(reverse("quality:measure", args=["north", "victim_offer"])).content.decode()
    assert "DAVIS, Jonah" in page and reverse("victims:edit", args=[not_offered.pk]) in page
    assert "Beth" not in page and "Alice" not in page  # the failing list names the case, never the victim
    page = client.get(reverse("quality:measure", args=["north", "victim_liaison"])).content.decode()
    assert "QM-32" in page and reverse("victims:nominal", args=[world.case.pk]) in page
    # The liaison officer and the manager in touch last week: the record passes.
    ContactEntry.objects.create(victim=in_contact, occurred_on=timezone.localdate() - 7 * DAY, method="manager",
                                summary="Talked through the victim's concerns before the review")
    assert figure(world.probation_sup, world.north, "victim_liaison").passed == 1


def test_a_plan_review_in_a_statutory_victim_case_needs_the_liaison_officers_input(world):
    in_contact, _ = victims(world)
    today = timezone.localdate()
    plan = Plan.objects.create(nominal=world.case, started_on=today - 200 * DAY)
    review = PlanReview.objects.create(
        nominal=world.case, plan=plan, kind="scheduled", completed_on=today - 30 * DAY, reviewer=world.om,
        considered="The plan", victim_views="None sought", changes="None", outcome="no_change")
    found = figure(world.probation_sup, world.north, "review_liaison")
    assert (found.passed, found.counted) == (0, 1)
    ContactEntry.objects.create(victim=in_contact, occurred_on=today - 40 * DAY, method="manager", summary="Input")
    assert figure(world.probation_sup, world.north, "review_liaison").passed == 1
    # A significant event reviewed in time, and one never reviewed.
    PlanReviewTrigger.objects.create(nominal=world.case, kind="address", summary="Moved", occurred_on=today - 32 * DAY,
                                     review=review)
    PlanReviewTrigger.objects.create(nominal=world.case, kind="breach", summary="Breach", occurred_on=today - 20 * DAY)
    events = figure(world.coordinator, world.north, "event_reviewed")
    assert (events.passed, events.counted) == (1, 2)


def test_probation_visits_are_owed_to_high_risk_of_harm_cases_in_the_community(world, client):
    victims(world)  # world.case is serving the custodial sentence
    today = timezone.localdate()
    for person in (world.case, world.unallocated):
        Assessment.objects.create(
            nominal=person, risk_type="rosh", tool="oasys", status="approved", assessed_on=today - 180 * DAY,
            level="high", rosh_levels={"children": {"community": "high"}}, completed_at=timezone.now(),
            approved_at=timezone.now(), agency=world.agencies["probation"])
    checks = rules.MEASURES["probation_visits"].evaluate(
        queries.rows_for(world.coordinator, world.north), today, queries.info("probation_visits", today).settings)
    assert [(c.nominal_id, c.passed) for c in checks] == [(world.unallocated.pk, False)]
    client.force_login(world.probation_sup)
    page = client.get(reverse("quality:measure", args=["north", "probation_visits"])).content.decode()
    assert "QM-89" in page and "No probation home visit in the last 4 months" in page
    assert reverse("visits:visits", args=[world.unallocated.pk]) in page and "paras 7.12-7.13" in page


PERSONAS = ["coordinator", "probation_sup", "police_sup", "om", "colleague", "other_office", "police", "children",
            "housing", "health", "officer", "admin", "south", "south_coordinator"]


def test_for_every_persona_the_victims_counted_are_exactly_those_whose_details_they_may_see(world):
    from mappa.access import policy

    probation = world.agencies["probation"]
    found = [Victim.objects.create(nominal=person, kind="past", name="A Victim", agency=probation)
             for person in (world.case, world.unallocated, world.elsewhere)]
    world.other_office.victim_liaison = True
    world.other_office.save()
    for persona in PERSONAS:
        user = getattr(world, persona)
        expected = {v.pk for v in found if policy.can(user, policy.READ, v.nominal) and policy.may_see_victims(user, v.nominal)}
        assert {v.pk for v in queries.rows_for(user, world.north).victims} == expected, persona
    assert {v.pk for v in queries.rows_for(world.other_office, world.north).victims} == {found[2].pk}
