"""Home visits: services (rules enforced for page and API alike), access to hazards, audit, work list."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core import extensions, facts
from mappa.nominals.models import Activity
from mappa.visits import queries, services
from mappa.visits.models import Visit
from tests.conftest import known_facts

TODAY = timezone.localdate()
REGISTERED_ON = TODAY - datetime.timedelta(days=60)


@pytest.fixture
def registered(world, monkeypatch):
    """The person is a registered sex offender with high RoSH, as the orders and risk parts would say."""
    known_facts(monkeypatch, world.case, rosh="high", notification_requirements=facts.Flag(
        True, facts.Source("Notification requirements (SOA 2003 Part 2)"), since=REGISTERED_ON))
    return world


CHECK = {"record_read": True, "changes_seen": "New partner noted", "pnc_checked": True,
         "pnc_result": "Not wanted; no new convictions", "crewing": "double", "equipment": "Airwave radio", "officer": "DC Ahmed"}


def plan(actor, nominal, agency="police", **kw):
    return services.plan_visit(actor=actor, nominal=nominal, data={"visit_agency": agency, "planned_for": TODAY, **kw})


def test_without_a_power_a_police_visit_is_refused_saying_so(world):
    with pytest.raises(ValidationError) as refused:
        plan(world.police, world.case)
    assert "No power to visit" in str(refused.value)


def test_the_initial_visit_is_due_after_registration_and_on_the_work_list(registered):
    w = registered
    police = next(d for d in queries.schedules(w.police, w.case, TODAY) if d.agency == "police")
    assert police.schedule.interval == {"months": 1} and police.why == "Initial visit after registration"
    assert police.due == REGISTERED_ON + datetime.timedelta(days=28) and police.overdue_on(TODAY)
    assert "Notification requirements" in police.schedule.power.describe()
    lines = [i for i in extensions.work_for(w.om, TODAY) if i.kind == "home_visit"]
    assert any("Police home visit" in i.what for i in lines)


def test_attended_only_after_a_saved_check_then_the_next_visit_is_due_from_it(registered):
    w = registered
    visit = plan(w.police, w.case)
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(actor=w.police, visit=visit, data={"outcome": "attended"}, version=visit.version)
    assert "pre-visit check" in str(refused.value)
    with pytest.raises(ValidationError) as incomplete:
        services.save_check(actor=w.police, visit=visit, data={**CHECK, "pnc_checked": False}, version=visit.version)
    assert "pnc_checked" in incomplete.value.message_dict
    visit = services.save_check(actor=w.police, visit=visit, data=CHECK, version=visit.version,
                                hazards=[{"kind": "dog", "details": "Large dog in the yard", "handling": "intelligence"}])
    visit = services.record_outcome(actor=w.police, visit=visit, version=visit.version, data={
        "outcome": "attended", "present": "Partner and her son (9)", "under_18_present": True,
        "seen_devices": "Laptop in the bedroom", "observations": "Compliant; partner's son lives there"})
    entry = Activity.objects.get(pk=visit.activity_id)
    assert entry.kind == "home_visit" and "Laptop in the bedroom" in entry.details and "under 18" in entry.details
    police = next(d for d in queries.schedules(w.police, w.case, TODAY) if d.agency == "police")
    assert police.last_attended == TODAY and police.why == "Next routine visit" and not police.overdue_on(TODAY)
    assert AuditEvent.objects.filter(object_type="visit", object_id=str(visit.pk)).count() == 3


def test_hazards_are_read_only_by_those_allowed_their_restriction(registered):
    w = registered
    visit = plan(w.police, w.case)
    services.save_check(actor=w.police, visit=visit, data=CHECK, version=visit.version,
                        hazards=[{"kind": "weapon", "details": "Crossbow kept in the shed", "handling": "intelligence"},
                                 {"kind": "children", "details": "Partner's son lives there", "handling": ""}])
    assert policy.hazards_for(w.police, w.case).count() == 2
    seen_by_probation = [h.details for h in policy.hazards_for(w.om, w.case)]
    assert seen_by_probation == ["Partner's son lives there"]


def test_a_joint_visit_is_recorded_once_and_counts_for_both_agencies(registered):
    w = registered
    visit = plan(w.om, w.case, agency="joint")
    visit = services.save_check(actor=w.om, visit=visit, data=CHECK, version=visit.version)
    services.record_outcome(actor=w.om, visit=visit, data={"outcome": "attended"}, version=visit.version)
    dues = {d.agency: d for d in queries.schedules(w.police, w.case, TODAY)}
    assert dues["police"].last_attended == TODAY and dues["probation"].last_attended == TODAY
    assert dues["probation"].schedule.interval == {"months": 4}
    assert [v.pk for v in queries.visits(w.police, w.case)] == [visit.pk] == [v.pk for v in queries.visits(w.om, w.case)]


def test_two_failed_attempts_open_the_warrant_route(registered):
    w = registered
    first = plan(w.police, w.case)
    services.record_outcome(actor=w.police, visit=first, data={"outcome": "no_answer"}, version=first.version)
    with pytest.raises(ValidationError):
        services.record_warrant(actor=w.police, visit=first, applied_on=TODAY, outcome="Granted", version=first.version + 1)
    second = plan(w.police, w.case)
    second = services.record_outcome(actor=w.police, visit=second, data={"outcome": "refused"}, version=second.version)
    assert queries.warrant_due(w.police, w.case, TODAY)
    with pytest.raises(PermissionDenied):
        services.record_warrant(actor=w.om, visit=second, applied_on=TODAY, outcome="Granted", version=second.version)
    done = services.record_warrant(actor=w.police, visit=second, applied_on=TODAY, outcome="Granted; entry made",
                                   version=second.version)
    assert Visit.objects.get(pk=done.pk).warrant_outcome == "Granted; entry made"


def test_a_warrant_is_recorded_only_against_the_last_failed_police_attempt(registered):
    """s.96B(2): the warrant follows the occasions on which entry could not be had; the service, not the page,
    keeps it to the attempt that opened the route (never an earlier attempt or another agency's visit)."""
    w = registered
    first = plan(w.police, w.case)
    first = services.record_outcome(actor=w.police, visit=first, data={"outcome": "no_answer"}, version=first.version)
    second = plan(w.police, w.case)
    services.record_outcome(actor=w.police, visit=second, data={"outcome": "refused"}, version=second.version)
    assert queries.warrant_due(w.police, w.case, TODAY)
    with pytest.raises(ValidationError) as err:
        services.record_warrant(actor=w.police, visit=first, applied_on=TODAY, outcome="Granted", version=first.version)
    assert "last failed police or joint attempt" in err.value.message_dict["warrant_outcome"][0]
    assert Visit.objects.get(pk=first.pk).warrant_outcome == ""


def test_others_cannot_record_visits_and_bad_input_changes_nothing(registered):
    w = registered
    with pytest.raises(PermissionDenied):
        plan(w.children, w.case, agency="probation")
    with pytest.raises(PermissionDenied):
        plan(w.om, w.case, agency="police")
    visit = plan(w.police, w.case)
    with pytest.raises(ValidationError):
        services.record_outcome(actor=w.police, visit=visit, data={"outcome": "maybe"}, version=visit.version)
    assert Visit.objects.get(pk=visit.pk).outcome == ""


def test_a_supervisor_agrees_a_case_schedule_with_a_reason(registered):
    w = registered
    with pytest.raises(ValidationError) as unagreed:
        services.agree_schedule(actor=w.police, nominal=w.case, visit_agency="police", every_months=2, reason="Stable")
    assert "agreed_by" in unagreed.value.message_dict
    with pytest.raises(ValidationError):
        services.agree_schedule(actor=w.police, nominal=w.case, visit_agency="police", every_months=2, reason=" ",
                                agreed_by=w.police_sup)
    services.agree_schedule(actor=w.police, nominal=w.case, visit_agency="police", every_months=2, agreed_by=w.police_sup,
                            reason="Stable for a year; agreed at MAPPA level 1 review")
    police = next(d for d in queries.schedules(w.police, w.case, TODAY) if d.agency == "police")
    assert police.schedule.interval == {"months": 2} and "Stable for a year" in police.schedule.reason


def test_the_initial_visit_is_due_even_before_a_risk_level_is_set(world, monkeypatch):
    # Para 7.24: "unacceptable delays in completing the initial home visit following registration".
    def provider(reader, nominal):
        return facts.Facts(notification_requirements=facts.Flag(True, facts.Source("Registered"), since=REGISTERED_ON))

    monkeypatch.setattr(facts, "_providers", [*facts._providers, provider])
    police = next(d for d in queries.schedules(world.police, world.case, TODAY) if d.agency == "police")
    assert police.schedule.interval is None and "No risk level" in police.schedule.reason
    assert police.why == "Initial visit after registration" and police.overdue_on(TODAY)


def test_a_visit_keeps_when_it_was_due_so_its_timeliness_can_be_told(registered, login):
    # Para 7.24: visits on time, late "but not unacceptably so", or with "unacceptable delays".
    w = registered
    visit = plan(w.police, w.case)
    assert visit.due_on == REGISTERED_ON + datetime.timedelta(days=28)
    visit = services.save_check(actor=w.police, visit=visit, data=CHECK, version=visit.version)
    services.record_outcome(actor=w.police, visit=visit, data={"outcome": "attended"}, version=visit.version)
    page = login(w.police).get(f"/visits/{w.case.pk}/")
    assert b"(unacceptably late)" in page.content


def test_a_supervisors_work_list_has_the_visits_of_every_case_in_the_team(world, monkeypatch):
    """A team of more than a hundred cases: the visit due on the last one is listed like the first."""
    from mappa.nominals import services as register

    people = [register.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Case", "last_name": f"Number {chr(97 + n // 26)}{chr(97 + n % 26)}"})
              for n in range(105)]
    last = people[-1]

    def provider(reader, nominal):
        return facts.Facts(rosh="high") if getattr(nominal, "pk", None) == last.pk else facts.Facts()

    monkeypatch.setattr(facts, "_providers", [*facts._providers, provider])
    lines = [i for i in extensions.work_for(world.probation_sup, TODAY) if i.kind == "home_visit"]
    assert [i.nominal_id for i in lines] == [last.pk] and "Probation home visit" in lines[0].what
