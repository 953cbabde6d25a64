"""Approved premises and resettlement pathways: services (rules enforced, audit, versions, significant events),
pages, panel, work list and the access matrix for the health and substance misuse pathway (only probation and
health read its details: on the page, the panel, the work list, search and the history)."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core import extensions
from mappa.core.concurrency import StaleEdit
from mappa.nominals import services as register
from mappa.nominals.models import SignificantEvent
from mappa.resettlement import queries, registrations, services
from mappa.resettlement.models import Pathway, PathwayAction, PathwayDetail, PremisesIncident, PremisesPlacement
from mappa.risk.models import ReviewRequest

TODAY = timezone.localdate()
SECRET = "Buprenorphine from the Quaybridge recovery service"
ACTION_SECRET = "Keyworker session at Quaybridge recovery"


def ours(nominal):
    """The significant events this part raised on the record (the world has others)."""
    return SignificantEvent.objects.filter(nominal=nominal, source_type__in=["premisesincident", "premisesplacement"])


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def ap(world):
    register.add_partner(actor=world.om, nominal=world.case, user=world.health)
    return world


def arrive(w, arrived=-30, **data):
    return services.add_placement(actor=w.om, nominal=w.case, data={
        "premises": "northshire", "arrived_on": days(arrived), **data})


def health_pathway(w):
    pathway = services.add_pathway(actor=w.om, nominal=w.case, data={
        "kind": "health_substance", "assessed_on": days(-20), "need": ""},
        detail={"focus": "drugs", "need": SECRET, "provider": "Quaybridge"})
    services.add_action(actor=w.om, pathway=pathway, data={"action": ACTION_SECRET, "who": "Drug worker",
                                                           "target_on": days(-3)})
    return pathway


def test_a_referral_is_decided_and_a_refusal_needs_its_reason(ap):
    w = ap
    with pytest.raises(ValidationError) as refused:
        services.add_referral(actor=w.om, nominal=w.case, data={"referred_on": days(-5), "premises": "nowhere",
                                                               "reason": "Homeless on release"})
    assert "Choose approved premises from the list" in str(refused.value)
    referral = services.add_referral(actor=w.om, nominal=w.case, data={
        "referred_on": days(-5), "premises": "northshire", "reason": "Homeless on release"})
    with pytest.raises(ValidationError) as no_reason:
        services.decide_referral(actor=w.om, referral=referral, decision="refused", reason="", version=referral.version)
    assert "Give the reason the place was refused" in str(no_reason.value)
    referral.refresh_from_db()
    assert referral.decision == "" and referral.version == 1  # bad input changed nothing
    decided = services.decide_referral(actor=w.om, referral=referral, decision="accepted", reason="",
                                       version=referral.version)
    assert decided.decision == "accepted" and decided.decided_on == TODAY
    with pytest.raises(StaleEdit):  # a decision opened before this one is refused, not saved over it
        services.decide_referral(actor=w.om, referral=referral, decision="refused", reason="Full", version=1)
    assert AuditEvent.objects.filter(object_type="premisesreferral", action="update").count() == 1


def test_a_placement_takes_the_regime_and_stay_from_the_reference_data(ap):
    w = ap
    placement = arrive(w)
    assert placement.signing_in_hours == 4  # R-46 "every four hours", the reference row's default
    assert (placement.curfew_from, placement.curfew_to) == (datetime.time(23), datetime.time(7))
    assert placement.expected_departure_on == days(-30) + datetime.timedelta(weeks=12)
    with pytest.raises(ValidationError) as still_there:
        arrive(w, arrived=-2)
    assert "still in approved premises" in str(still_there.value)
    with pytest.raises(ValidationError) as reason:  # a longer interval is recorded with its reason
        services.plan_move_on(actor=w.om, placement=placement, version=placement.version, data={"signing_in_hours": 6})
    assert "Give the reason" in str(reason.value)
    changed = services.plan_move_on(actor=w.om, placement=placement, version=placement.version, data={
        "signing_in_hours": 6, "signing_in_reason": "Friday prayers at the mosque"})
    assert changed.signing_in_hours == 6 and changed.version == placement.version + 1
    with pytest.raises(StaleEdit):
        services.plan_move_on(actor=w.om, placement=placement, version=placement.version,
                              data={"move_on_plan": "Supported housing"})


def test_an_unplanned_departure_and_a_rule_breach_are_significant_events_asking_for_reviews(ap):
    w = ap
    placement = arrive(w)
    services.add_incident(actor=w.om, nominal=w.case, data={
        "placement": placement, "occurred_on": days(-10), "kind": "bullying", "details": "Taunted by residents"})
    assert not ours(w.case).exists()  # not a breach of the rules
    breach = services.add_incident(actor=w.om, nominal=w.case, data={
        "placement": placement, "occurred_on": days(-5), "kind": "curfew", "details": "Back at 01:30"})
    event = ours(w.case).get()
    assert event.kind == "breach" and event.source_type == "premisesincident" and event.source_id == str(breach.pk)
    assert ReviewRequest.objects.filter(nominal=w.case, event=event).exists()  # the risk review hears of it
    with pytest.raises(ValidationError) as where:
        services.record_departure(actor=w.om, placement=placement, version=placement.version, data={
            "departed_on": days(-1), "departure": "planned", "destination": ""})
    assert "Say where they moved on to" in str(where.value)
    services.record_departure(actor=w.om, placement=placement, version=placement.version, data={
        "departed_on": days(-1), "departure": "unplanned", "destination": "", "departure_notes": "Did not return"})
    left = ours(w.case).filter(kind="address").get()
    assert "Left approved premises unplanned" in left.summary and left.occurred_on == days(-1)
    assert ReviewRequest.objects.filter(event__in=ours(w.case)).count() == 2
    with pytest.raises(ValidationError):  # an incident after they left is refused
        services.add_incident(actor=w.om, nominal=w.case, data={
            "placement": placement, "occurred_on": TODAY, "kind": "rules", "details": "x"})
    assert PremisesIncident.objects.count() == 2


def test_a_planned_move_on_is_not_a_significant_event(ap):
    w = ap
    placement = arrive(w)
    services.record_departure(actor=w.om, placement=placement, version=placement.version, data={
        "departed_on": days(-1), "departure": "planned", "destination": "Housing provider flat"})
    assert not ours(w.case).exists()


def test_a_read_only_partner_records_nothing(ap):
    w = ap
    with pytest.raises(PermissionDenied):
        services.add_pathway(actor=w.housing, nominal=w.case, data={"kind": "accommodation", "assessed_on": TODAY,
                                                                   "need": "x"})
    assert not Pathway.objects.exists()


def test_a_pathway_has_its_need_actions_and_outcome_with_versions(ap):
    w = ap
    with pytest.raises(ValidationError) as no_need:
        services.add_pathway(actor=w.om, nominal=w.case, data={"kind": "ete", "assessed_on": TODAY, "need": ""})
    assert "Describe the need assessed" in str(no_need.value)
    ete = services.add_pathway(actor=w.om, nominal=w.case, data={"kind": "ete", "assessed_on": days(-40),
                                                               "need": "No qualifications; wants warehouse work"})
    action = services.add_action(actor=w.om, pathway=ete, data={"action": "Forklift course", "who": "Jobcentre",
                                                                "target_on": days(20)})
    done = services.complete_action(actor=w.om, action=action, done_on=days(-1), version=action.version)
    assert done.done_by == w.om
    with pytest.raises(ValidationError) as wrong:
        services.record_outcome(actor=w.om, pathway=ete, outcome="settled", when="end_of_order", version=ete.version)
    assert "Choose an outcome of this pathway" in str(wrong.value)
    reached = services.record_outcome(actor=w.om, pathway=ete, outcome="employed", when="end_of_order",
                                      version=ete.version)
    assert reached.outcome_label == "In employment" and reached.outcome_on == TODAY
    with pytest.raises(StaleEdit):
        services.record_outcome(actor=w.om, pathway=ete, outcome="training", when="review", version=ete.version)


# ---- the access matrix: the health and substance misuse pathway ----

def test_only_probation_and_health_read_the_health_pathway(ap):
    w = ap
    pathway = health_pathway(w)
    services.record_outcome(actor=w.om, pathway=pathway, outcome="abstinent", when="review", notes="Clear tests",
                            version=pathway.version)
    for user in (w.om, w.health, w.probation_sup):
        assert policy.pathway_details_for(user, nominal=w.case).count() == 1, user
        [row] = queries.pathways(user, w.case)
        assert row.detail.need == SECRET and [a.action for a in row.actions] == [ACTION_SECRET]
        assert row.outcome_label == "Abstinent or stable"
    for user in (w.police, w.children, w.housing, w.coordinator):
        assert not policy.pathway_details_for(user, nominal=w.case).exists(), user
        assert not policy.pathway_actions_for(user, nominal=w.case).exists(), user
        [row] = queries.pathways(user, w.case)
        assert row.hidden and row.detail is None and row.actions == [] and row.need == "" and row.outcome_label == ""
        history = policy.history_for(user, w.case)
        assert not history.filter(object_type__in=["pathwaydetail", "pathwayaction"]).exists(), user
        assert SECRET not in str(list(history.values_list("changes", flat=True)))
    assert policy.history_for(w.om, w.case).filter(object_type="pathwaydetail").exists()
    detail = PathwayDetail.objects.get()
    assert not policy.item_history_for(w.police, detail).exists()


def test_an_agency_not_allowed_the_health_pathway_cannot_record_or_change_it(ap):
    w = ap
    with pytest.raises(PermissionDenied):
        services.add_pathway(actor=w.police, nominal=w.case, data={"kind": "health_substance", "assessed_on": TODAY,
                                                                  "need": ""}, detail={"focus": "alcohol", "need": "x"})
    pathway = health_pathway(w)
    with pytest.raises(PermissionDenied):
        services.add_action(actor=w.police, pathway=pathway, data={"action": "x", "who": "y", "target_on": TODAY})
    with pytest.raises(PermissionDenied):
        services.record_outcome(actor=w.police, pathway=pathway, outcome="reduced", when="review",
                                version=pathway.version)
    assert PathwayAction.objects.count() == 1


@pytest.mark.parametrize("who,sees", [("om", True), ("health", True), ("police", False), ("children", False),
                                      ("housing", False)])
def test_pages_panel_history_and_search_show_the_health_pathway_only_to_those_allowed(ap, login, who, sees):
    w = ap
    health_pathway(w)
    arrive(w)
    client = login(getattr(w, who))
    page = client.get(f"/resettlement/{w.case.pk}/")
    assert page.status_code == 200
    overview = client.get(f"/people/{w.case.pk}/")
    history = client.get(f"/people/{w.case.pk}/history/")
    for response in (page, overview, history):
        text = response.content.decode()
        assert (SECRET in text) == sees, (who, response.request["PATH_INFO"])
        assert (ACTION_SECRET in text) == (sees and response is not overview), (who, response.request["PATH_INFO"])
    assert "Northshire Approved Premises" in overview.content.decode()  # the panel
    assert ("Details shown to probation and health only" in page.content.decode()) != sees
    found = client.get("/people/", {"q": "Quaybridge"}).content.decode()
    assert "Davis" not in found or sees  # the restricted words find nobody for those not allowed them
    api = client.get(f"/api/v1/nominals/{w.case.pk}/pathways/").content.decode()
    assert (SECRET in api) == sees and (ACTION_SECRET in api) == sees


def test_the_health_pathway_pages_are_not_found_for_an_agency_not_allowed(ap, login):
    w = ap
    pathway = health_pathway(w)
    action = PathwayAction.objects.get()
    police = login(w.police)
    for path in (f"pathways/{pathway.pk}/actions/add/", f"pathways/{pathway.pk}/outcome/", f"actions/{action.pk}/done/"):
        assert police.get(f"/resettlement/{w.case.pk}/{path}").status_code == 404, path
    assert "health_substance" not in police.get(f"/resettlement/{w.case.pk}/pathways/add/").content.decode()
    assert ACTION_SECRET in login(w.om).get(f"/resettlement/{w.case.pk}/actions/{action.pk}/done/").content.decode()


# ---- work list ----

def test_work_list_has_the_move_on_plan_and_overdue_actions_in_a_fixed_number_of_queries(ap):
    w = ap
    placement = arrive(w, arrived=-20, expected_departure_on=days(30))
    health_pathway(w)
    housing = services.add_pathway(actor=w.om, nominal=w.case, data={"kind": "accommodation", "assessed_on": days(-15),
                                                                     "need": "Needs a flat"})
    services.add_action(actor=w.om, pathway=housing, data={"action": "Housing Options referral", "who": "OM",
                                                           "target_on": days(-2)})
    lines = [i for i in extensions.work_for(w.om, TODAY) if i.kind.startswith("resettlement")]
    move_on = [i for i in lines if i.kind == "resettlement_move_on"]
    assert len(move_on) == 1 and move_on[0].due == days(2)  # 28 days before the expected departure (F-130, P-20)
    actions = sorted(i.what for i in lines if i.kind == "resettlement_action")
    assert actions == ["Pathway action overdue (accommodation): Housing Options referral",
                       "Pathway action overdue (health and substance misuse)"]
    assert not any(ACTION_SECRET in i.what or SECRET in i.what for i in lines)
    team = [i for i in registrations.work(w.probation_sup, TODAY, members=[w.om]) if i.kind.startswith("resettlement")]
    assert {i.whose for i in team} == {w.om.display_name} and len(team) == 3
    services.plan_move_on(actor=w.om, placement=placement, version=placement.version, data={
        "move_on_plan": "Supported housing", "move_on_agreed_on": TODAY})
    assert not [i for i in extensions.work_for(w.om, TODAY) if i.kind == "resettlement_move_on"]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            registrations.work(w.om, TODAY)
        return len(ctx.captured_queries)

    few = count()
    for n in range(4):  # more cases, placements and actions: the same number of queries
        case = register.create_nominal(actor=w.om, manager=w.om, data={"first_name": "Extra", "last_name": f"Case{'abcd'[n]}"})
        services.add_placement(actor=w.om, nominal=case, data={"premises": "southmoor", "arrived_on": days(-60)})
        p = services.add_pathway(actor=w.om, nominal=case, data={"kind": "finance", "assessed_on": days(-9), "need": "Debt"})
        services.add_action(actor=w.om, pathway=p, data={"action": "Debt advice", "who": "CAB", "target_on": days(-1)})
    assert count() == few


# ---- pages ----

def test_pages_answer_with_empty_states_and_bad_input_changes_nothing(ap, login):
    w = ap
    client = login(w.om)
    page = client.get(f"/resettlement/{w.case.pk}/").content.decode()
    for empty in ("No referrals to approved premises.", "No approved premises placements.",
                  "No resettlement pathways recorded."):
        assert empty in page
    for path in ("referrals/add/", "placements/add/", "incidents/add/", "pathways/add/"):
        assert client.get(f"/resettlement/{w.case.pk}/{path}").status_code == 200, path
    response = client.post(f"/resettlement/{w.case.pk}/referrals/add/", {"premises": "northshire", "reason": "x"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    response = client.post(f"/resettlement/{w.case.pk}/placements/add/", {
        "premises": "northshire", "arrived_on_day": days(-3).day, "arrived_on_month": days(-3).month,
        "arrived_on_year": days(-3).year, "signing_in_hours": "8"})
    assert response.status_code == 200 and "Give the reason for signing in other than every 2 to 4 hours" in \
        response.content.decode()
    assert not PremisesPlacement.objects.exists()
    response = client.post(f"/resettlement/{w.case.pk}/placements/add/", {
        "premises": "northshire", "arrived_on_day": days(-3).day, "arrived_on_month": days(-3).month,
        "arrived_on_year": days(-3).year, "key_worker": "Sam Pryor"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    placement = PremisesPlacement.objects.get()
    url = f"/resettlement/{w.case.pk}/placements/{placement.pk}/move-on/"
    form = {"version": placement.version, "move_on_plan": "Supported housing", "move_on_to": "Foyer",
            "expected_departure_on_day": days(60).day, "expected_departure_on_month": days(60).month,
            "expected_departure_on_year": days(60).year, "signing_in_hours": 4}
    assert client.post(url, form).status_code == 302
    stale = client.post(url, {**form, "move_on_to": "Family"})  # the same version again: someone saved since
    assert stale.status_code == 200 and "Someone else changed this" in stale.content.decode()
    placement.refresh_from_db()
    assert placement.move_on_to == "Foyer"
    page = client.get(f"/resettlement/{w.case.pk}/").content.decode()
    assert "Supported housing" in page and "Sam Pryor" in page


def test_a_record_outside_the_readers_scope_is_not_found(ap, login):
    w = ap
    assert login(w.south).get(f"/resettlement/{w.case.pk}/").status_code == 404
    assert login(w.housing).get(f"/resettlement/{w.case.pk}/pathways/add/").status_code in (403, 404)
