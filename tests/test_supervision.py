"""Supervision: services (rules enforced, audit, versions), pages, panel, work list and the access matrix for
treatment details (only probation and health read them, on the page, the panel, the work list and the history)."""
import datetime
from decimal import Decimal

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
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS
from mappa.orders.models import Breach
from mappa.supervision import queries, registrations, services
from mappa.supervision.models import Appointment, Requirement, TreatmentDetail

TODAY = timezone.localdate()
SECRET = "Methadone script from the Quaybridge recovery service"


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def order(world):
    w = world
    conviction = orders.create_record(actor=w.om, nominal=w.case, kind=KINDS["convictions"], data={
        "offence": "Burglary", "convicted_on": days(-200)})
    w.order = orders.create_record(actor=w.om, nominal=w.case, kind=KINDS["sentences"], data={
        "conviction": conviction, "kind": "community", "sentenced_on": days(-200), "length_months": Decimal("24"),
        "order_end": days(530)})
    register.add_partner(actor=w.om, nominal=w.case, user=w.health)
    return w


def treatment(w):
    return services.add_requirement(actor=w.om, nominal=w.case, data={
        "sentence": w.order, "kind": "treatment", "days": 12, "starts_on": days(-190)},
        treatment={"treatment": "drugs", "provider": SECRET, "testing": "Weekly tests"})


def appointment(w, on, **kw):
    return services.add_appointment(actor=w.om, nominal=w.case, data={"sentence": w.order, "on": on, **kw})


def miss(w, on):
    a = appointment(w, on)
    return services.record_outcome(actor=w.om, appointment=a, outcome="unacceptable", reason="Did not come",
                                   version=a.version)


def test_unpaid_work_hours_count_from_kept_sessions_with_audit(order):
    w = order
    upw = services.add_requirement(actor=w.om, nominal=w.case, data={
        "sentence": w.order, "kind": "unpaid_work", "hours": 60, "starts_on": days(-190)})
    session = appointment(w, days(-3), kind="unpaid_work", requirement=upw)
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(actor=w.om, appointment=session, outcome="kept", version=session.version)
    assert "Enter the hours worked" in str(refused.value)
    services.record_outcome(actor=w.om, appointment=session, outcome="kept", hours=6, version=session.version)
    upw.refresh_from_db()
    assert upw.progress.describe() == "6 of 60 hours done, 54 left"
    assert AuditEvent.objects.filter(object_type="requirement", object_id=str(upw.pk), action="update").exists()
    with pytest.raises(ValidationError) as again:  # recorded once: the hours are not counted twice
        services.record_outcome(actor=w.om, appointment=session, outcome="kept", hours=6, version=session.version + 1)
    assert "already recorded" in str(again.value)


def test_an_absence_needs_its_reason_and_a_future_appointment_has_no_outcome(order):
    w = order
    a = appointment(w, days(-1))
    with pytest.raises(ValidationError) as refused:
        services.record_outcome(actor=w.om, appointment=a, outcome="unacceptable", version=a.version)
    assert "Give the reason for the absence" in str(refused.value)
    later = appointment(w, days(3))
    with pytest.raises(ValidationError):
        services.record_outcome(actor=w.om, appointment=later, outcome="kept", version=later.version)
    a.refresh_from_db()
    assert a.outcome == "" and a.version == 1  # bad input changed nothing


def test_requirement_rules_and_a_requirement_only_on_an_order(order):
    w = order
    with pytest.raises(ValidationError) as refused:
        services.add_requirement(actor=w.om, nominal=w.case, data={"sentence": w.order, "kind": "unpaid_work",
                                                                  "starts_on": days(-10)})
    assert "hours" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.add_requirement(actor=w.om, nominal=w.case, data={"sentence": None, "kind": "curfew",
                                                                  "starts_on": days(-10), "ends_on": days(10)})
    assert not Requirement.objects.exists()


def test_enforcement_warning_then_breach_to_court_with_its_outcome(order):
    w = order
    first = miss(w, days(-60))
    warning = services.give_warning(actor=w.om, nominal=w.case, data={
        "sentence": w.order, "appointment": first, "kind": "warning", "given_on": days(-59), "reason": "Missed"})
    assert warning.given_by == w.om
    miss(w, days(-30))
    state = queries.states(w.om, w.case, TODAY)[0]
    assert state.enforcement.step == "final_warning" and not state.enforcement.done
    miss(w, days(-12))
    state = queries.states(w.om, w.case, TODAY)[0]
    assert state.enforcement.step == "breach" and state.enforcement.due_on == days(-2)
    lines = [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_breach"]
    assert len(lines) == 1 and lines[0].due == days(-2) and lines[0].overdue_on(TODAY)
    breach = services.start_breach(actor=w.om, nominal=w.case, order=w.order, what="Three unacceptable absences",
                                   occurred_on=days(-12))
    assert breach.against == Breach.Against.COMMUNITY and breach.decision == Breach.Decision.BREACH_ACTION
    assert not [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_breach"]
    with pytest.raises(ValidationError):
        services.record_court_outcome(actor=w.om, breach=breach, data={
            "court": "Bradwell Magistrates", "heard_on": days(-20), "outcome": "requirement_added"})
    outcome = services.record_court_outcome(actor=w.om, breach=breach, data={
        "court": "Bradwell Magistrates", "heard_on": days(-1), "outcome": "requirement_added",
        "details": "Curfew added"})
    assert outcome.get_outcome_display().startswith("Order to continue with a requirement added")
    assert AuditEvent.objects.filter(object_type="courtoutcome", action="create").count() == 1


def test_a_read_only_partner_records_nothing(order):
    w = order
    with pytest.raises(PermissionDenied):
        services.add_appointment(actor=w.housing, nominal=w.case, data={"sentence": w.order, "on": days(1)})
    assert not Appointment.objects.exists()


def test_objective_links_to_a_plan_item_and_a_health_need_is_restricted(order):
    from mappa.plans import services as plans

    w = order
    item = plans.add_item(actor=w.om, nominal=w.case, data={"heading": "supervision", "what": "Weekly reporting"})
    ete = services.add_objective(actor=w.om, nominal=w.case, data={"need": "ete", "objective": "Find work",
                                                                  "target_on": days(60), "plan_item": item})
    assert ete.handling == "" and ete.plan_item == item
    drugs = services.add_objective(actor=w.om, nominal=w.case, data={"need": "drugs", "objective": "Stay off heroin",
                                                                   "target_on": days(60)})
    assert drugs.handling == "health"
    assert list(queries.objectives(w.police, w.case)) == [ete]
    reviewed = services.update_objective(actor=w.om, objective=ete, version=ete.version, data={
        "status": "achieved", "reviewed_on": TODAY, "review_notes": "Started at the depot"})
    assert reviewed.status == "achieved" and reviewed.version == ete.version + 1
    with pytest.raises(StaleEdit):  # an edit opened before the review is refused, not saved over it
        services.update_objective(actor=w.om, objective=ete, version=ete.version, data={"objective": "Find any work"})


# ---- the access matrix: treatment details ----

def test_only_probation_and_health_read_treatment_details(order):
    w = order
    req = treatment(w)
    for user in (w.om, w.health, w.probation_sup):
        assert policy.treatment_details_for(user, nominal=w.case).count() == 1, user
        assert queries.requirements(user, w.case)[0].detail is not None
    for user in (w.police, w.children, w.housing, w.coordinator):
        assert not policy.treatment_details_for(user, nominal=w.case).exists(), user
        row = queries.requirements(user, w.case)[0]
        assert row.hidden and row.detail is None and row.label == "Treatment requirement"
    assert not policy.history_for(w.police, w.case).filter(object_type="treatmentdetail").exists()
    assert policy.history_for(w.om, w.case).filter(object_type="treatmentdetail").exists()
    detail = TreatmentDetail.objects.get(requirement=req)
    assert not policy.item_history_for(w.police, detail).exists()


def test_an_agency_not_allowed_treatment_details_cannot_record_them(order):
    w = order
    with pytest.raises(PermissionDenied):
        services.add_requirement(actor=w.police, nominal=w.case, data={
            "sentence": w.order, "kind": "treatment", "starts_on": days(-10)}, treatment={"treatment": "alcohol"})
    detail_holder = treatment(w)
    detail = TreatmentDetail.objects.get(requirement=detail_holder)
    with pytest.raises(PermissionDenied):
        services.update_treatment(actor=w.police, detail=detail, data={"provider": "x"}, version=detail.version)


@pytest.mark.parametrize("who,sees", [("om", True), ("health", True), ("police", False), ("children", False),
                                      ("housing", False)])
def test_the_page_and_the_panel_show_treatment_details_only_to_those_allowed(order, login, who, sees):
    w = order
    treatment(w)
    appointment(w, days(-2), kind="treatment")
    client = login(getattr(w, who))
    page = client.get(f"/supervision/{w.case.pk}/")
    assert page.status_code == 200
    overview = client.get(f"/people/{w.case.pk}/")
    history = client.get(f"/people/{w.case.pk}/history/")
    for response in (page, overview, history):
        text = response.content.decode()
        assert (SECRET in text) == sees, (who, response.request["PATH_INFO"])
        assert ("Drug rehabilitation" in text) == (sees and response is not history)
    assert ("Treatment requirement" in page.content.decode()) != sees


def test_work_list_names_no_treatment_and_runs_a_fixed_number_of_queries(order):
    w = order
    treatment(w)
    miss(w, days(-20))
    appointment(w, days(-1), kind="treatment")
    lines = [i for i in extensions.work_for(w.om, TODAY) if i.kind.startswith("supervision")]
    assert {i.kind for i in lines} == {"supervision_outcome", "supervision_warning"}
    assert not any("rehabilitation" in i.what.lower() or SECRET in i.what for i in lines)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            registrations.work(w.om, TODAY)
        return len(ctx.captured_queries)

    few = count()
    for n in range(6):  # more cases, orders and appointments: the same number of queries
        case = register.create_nominal(actor=w.om, manager=w.om, data={"first_name": "Extra", "last_name": f"Case{'abcdef'[n]}"})
        conviction = orders.create_record(actor=w.om, nominal=case, kind=KINDS["convictions"], data={
            "offence": "Theft", "convicted_on": days(-100)})
        sentence = orders.create_record(actor=w.om, nominal=case, kind=KINDS["sentences"], data={
            "conviction": conviction, "kind": "suspended", "sentenced_on": days(-100), "length_months": Decimal("12"),
            "order_end": days(265)})
        for back in (-40, -3):
            a = services.add_appointment(actor=w.om, nominal=case, data={"sentence": sentence, "on": days(back)})
            if back == -40:
                services.record_outcome(actor=w.om, appointment=a, outcome="unacceptable", reason="No", version=a.version)
    assert count() == few


def test_pages_answer_and_bad_input_changes_nothing(order, login):
    w = order
    client = login(w.om)
    for path in ("", "requirements/add/", "appointments/add/", "warnings/add/", "breach/", "objectives/add/"):
        assert client.get(f"/supervision/{w.case.pk}/{path}").status_code == 200, path
    response = client.post(f"/supervision/{w.case.pk}/appointments/add/", {"sentence": w.order.pk, "kind": "supervision"})
    assert response.status_code == 200 and "Enter date" in response.content.decode()
    assert not Appointment.objects.exists()
    response = client.post(f"/supervision/{w.case.pk}/appointments/add/", {
        "sentence": w.order.pk, "kind": "supervision", "on_day": days(-1).day, "on_month": days(-1).month,
        "on_year": days(-1).year, "at": "10:30", "place": "Bradwell office"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    made = Appointment.objects.get()
    response = client.post(f"/supervision/{w.case.pk}/appointments/{made.pk}/outcome/", {
        "version": made.version, "outcome": "acceptable"})
    assert "Give the reason for the absence" in response.content.decode()
    response = client.post(f"/supervision/{w.case.pk}/appointments/{made.pk}/outcome/", {
        "version": made.version, "outcome": "acceptable", "reason": "In hospital"})
    assert response.status_code == 302
    page = client.get(f"/supervision/{w.case.pk}/").content.decode()
    assert "Missed: acceptable absence: In hospital" in page


def test_a_record_outside_the_readers_scope_is_not_found(order, login):
    w = order
    assert login(w.south).get(f"/supervision/{w.case.pk}/").status_code == 404
    assert login(w.police).get(f"/supervision/{w.case.pk}/requirements/add/").status_code == 200
    assert login(w.housing).get(f"/supervision/{w.case.pk}/requirements/add/").status_code in (403, 404)


def test_requirement_and_treatment_edits_check_versions_and_rules(order):
    w = order
    req = treatment(w)
    detail = policy.treatment_details_for(w.health, nominal=w.case).get()
    changed = services.update_treatment(actor=w.health, detail=detail, version=detail.version,
                                        data={"progress_notes": "Attending; tests clear"})
    assert changed.version == detail.version + 1
    with pytest.raises(StaleEdit):
        services.update_treatment(actor=w.om, detail=detail, version=detail.version, data={"testing": "Monthly"})
    with pytest.raises(ValidationError) as refused:
        services.update_requirement(actor=w.om, requirement=req, version=req.version, data={"hours": 40})
    assert "Only unpaid work is ordered in hours" in str(refused.value)
    done = services.update_requirement(actor=w.om, requirement=req, version=req.version, data={"status": "completed"})
    assert done.status == "completed"
    assert AuditEvent.objects.filter(object_type="treatmentdetail", action="update").count() == 1


def test_treatment_details_are_changed_on_their_own_page_only_by_those_allowed(order, login):
    w = order
    req = treatment(w)
    assert login(w.police).get(f"/supervision/{w.case.pk}/requirements/{req.pk}/treatment/").status_code == 404
    client = login(w.om)
    url = f"/supervision/{w.case.pk}/requirements/{req.pk}/treatment/"
    assert SECRET in client.get(url).content.decode()
    detail = policy.treatment_details_for(w.om, nominal=w.case).get()
    response = client.post(url, {"version": detail.version, "provider": SECRET, "testing": "Weekly tests",
                                 "progress_notes": "Engaging with his keyworker"})
    assert response.status_code == 302
    assert "Engaging with his keyworker" in client.get(f"/supervision/{w.case.pk}/").content.decode()
    assert "Engaging with his keyworker" not in login(w.police).get(f"/supervision/{w.case.pk}/").content.decode()
    response = login(w.om).post(f"/supervision/{w.case.pk}/requirements/{req.pk}/", {
        "version": req.version, "status": "completed"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "completed"
