"""Supervision on licence (issue 23): appointments and warnings under a licence in force, its reporting schedule, and
the licence enforcement rule (warning, final warning, then recall to consider: never breach to court), which puts
recall to consider on the case manager's work list, linking to the orders part's recall form."""
import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core import extensions, reference
from mappa.core.concurrency import StaleEdit
from mappa.core.models import ReferenceSetting
from mappa.licences import services as licences
from mappa.nominals import queue
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS
from mappa.supervision import queries, registrations, rules, services
from mappa.supervision.models import Appointment, OrderWarning

TODAY = timezone.localdate()
D = datetime.date
JSON = "application/json"
# The row's value (supervision.licence_enforcement), as the golden tests read it: project default, no source number.
TABLE = {"window_months": 12, "final_warning_at": 2, "recall_at": 3}


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def on_licence(world):
    w = world
    conviction = orders.create_record(actor=w.om, nominal=w.case, kind=KINDS["convictions"], data={
        "offence": "Wounding with intent", "convicted_on": days(-800), "violent": True})
    w.sentence = orders.create_record(actor=w.om, nominal=w.case, kind=KINDS["sentences"], data={
        "conviction": conviction, "kind": "custody", "sentenced_on": days(-790), "length_months": Decimal("24"),
        "custody_from": days(-790), "release_kind": "automatic", "release_date": days(-100), "released_on": days(-100),
        "licence_start": days(-100), "licence_end": days(300), "sentence_expiry": days(300)})
    w.licence = licences.create_licence(actor=w.om, nominal=w.case, data={
        "kind": "standard", "sentence": w.sentence.pk, "issued_by": "HMP Brackford"})
    return w


def book(w, on, **kw):
    return services.add_appointment(actor=w.om, nominal=w.case, data={"licence": w.licence, "on": on, **kw})


def miss(w, on):
    a = book(w, on)
    return services.record_outcome(actor=w.om, appointment=a, outcome="unacceptable", reason="Did not come",
                                   version=a.version)


# ---- The rule: golden cases (good practice 2009-2012 section 2.10, E2.2-25, E3.1-02, REQ-ENF-02) ----

@pytest.mark.parametrize("absences, warnings, recalls, step, done", [
    ([], [], [], "", True),  # nothing to act on
    ([D(2010, 3, 1)], [], [], "warning", False),  # the first: a warning (E3.1-02 "After being warned")
    ([D(2010, 3, 1)], [(D(2010, 3, 2), "warning")], [], "warning", True),
    ([D(2010, 1, 1), D(2010, 3, 1)], [(D(2010, 1, 2), "warning")], [], "final_warning", False),  # E2.2-25
    ([D(2010, 1, 1), D(2010, 3, 1)], [(D(2010, 3, 3), "final_warning")], [], "final_warning", True),
    ([D(2010, 1, 1), D(2010, 2, 1), D(2010, 3, 1)], [], [], "recall", False),  # recall, not breach to court
    ([D(2010, 1, 1), D(2010, 2, 1), D(2010, 3, 1)], [], [D(2010, 3, 5)], "", True),  # asked for: count starts again
    ([D(2009, 1, 1), D(2009, 2, 1), D(2010, 3, 1)], [], [], "warning", False),  # outside 12 months: not counted
])
def test_licence_enforcement_golden(absences, warnings, recalls, step, done):
    state = rules.licence_enforcement(absences, warnings, recalls, D(2010, 3, 10), TABLE)
    assert (state.step, state.done) == (step, done)
    assert state.step != rules.BREACH


def test_the_recall_step_is_from_the_absence_that_calls_for_it_and_said_as_such():
    state = rules.licence_enforcement([D(2010, 1, 1), D(2010, 2, 1), D(2010, 3, 1), D(2010, 3, 8)], [], [],
                                      D(2010, 3, 10), TABLE)
    assert state.counted == 4 and state.trigger_on == D(2010, 3, 1) and state.due_on is None
    assert state.describe(12) == "4 unacceptable absences in the last 12 months: recall to be considered is due"


def test_the_reference_rows_are_dated_and_cited(db):
    row = reference.value("supervision.licence_enforcement", D(2010, 3, 10))
    assert row == TABLE
    cited = ReferenceSetting.objects.get(key="supervision.licence_enforcement")
    assert "project default" in cited.source and "E2.2-25" in cited.source
    # Reporting on a licence reads the order's row: no source gives licence reporting of its own.
    schedule = rules.reporting("low", D(2010, 1, 1), D(2010, 1, 20), reference.value(
        "supervision.reporting.interval", D(2010, 1, 20)), of="licence")
    assert schedule.every_days == 7 and "of the licence" in schedule.reason


# ---- Services ----

def test_an_appointment_under_a_licence_hangs_off_its_sentence_with_audit(on_licence):
    w = on_licence
    a = book(w, days(3), place="Hallam office")
    assert (a.licence_id, a.sentence_id) == (w.licence.pk, w.sentence.pk)
    event = AuditEvent.objects.get(object_type="appointment", object_id=str(a.pk), action="create")
    assert event.actor == w.om and event.nominal_id == w.case.pk


@pytest.mark.parametrize("case", ["after_end", "revoked", "both", "not_in_force", "no_sentence", "requirement"])
def test_refusals_change_nothing(on_licence, case):
    w = on_licence
    data = {"licence": w.licence, "on": days(3)}
    if case == "after_end":
        data["on"] = days(301)
    elif case == "revoked":
        type(w.licence).objects.filter(pk=w.licence.pk).update(revoked_on=days(-1))
    elif case == "both":
        data["sentence"] = w.sentence
    elif case == "not_in_force":
        type(w.licence).objects.filter(pk=w.licence.pk).update(end_date=days(-1))
    elif case == "no_sentence":
        type(w.licence).objects.filter(pk=w.licence.pk).update(sentence=None)
    elif case == "requirement":
        data["requirement"] = object()
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.add_appointment(actor=w.om, nominal=w.case, data=data)
    assert not Appointment.objects.exists() and AuditEvent.objects.count() == before


def test_a_reader_outside_the_case_books_nothing(on_licence):
    w = on_licence
    with pytest.raises((PermissionDenied, Http404)):
        services.add_appointment(actor=w.south, nominal=w.case, data={"licence": w.licence, "on": days(3)})
    assert not Appointment.objects.exists()


def test_warnings_then_recall_to_consider_on_the_work_list_and_recorded_where_recall_is(on_licence):
    w = on_licence
    first = miss(w, days(-60))
    services.give_warning(actor=w.om, nominal=w.case, data={
        "licence": w.licence, "appointment": first, "kind": "warning", "given_on": days(-59), "reason": "Missed"})
    assert OrderWarning.objects.get().licence_id == w.licence.pk
    [state] = queries.licence_states(w.om, w.case, TODAY)
    assert state.enforcement.step == "warning" and state.enforcement.done
    assert queries.states(w.om, w.case, TODAY) == []  # no order: the licence's absences are not an order's
    miss(w, days(-30))
    lines = [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_warning"]
    assert len(lines) == 1 and "final warning on licence" in lines[0].what
    miss(w, days(-12))
    [line] = [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_recall"]
    assert line.url == f"/orders/{w.case.pk}/recalls/new/" and line.due == days(-12)
    assert not [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_breach"]
    orders.create_record(actor=w.om, nominal=w.case, kind=KINDS["recalls"], data={
        "sentence": w.sentence, "kind": "standard", "requested_on": days(-11), "requested_by": "Offender manager",
        "reason": "Three unacceptable absences on licence"})
    assert not [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_recall"]
    assert not [i for i in extensions.work_for(w.police, TODAY) if i.kind == "supervision_recall"]


def test_a_warning_for_an_absence_on_another_licence_or_order_is_refused(on_licence):
    w = on_licence
    absence = miss(w, days(-5))
    Appointment.objects.filter(pk=absence.pk).update(licence=None)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.give_warning(actor=w.om, nominal=w.case, data={
            "licence": w.licence, "appointment": absence, "kind": "warning", "given_on": days(-4), "reason": "Missed"})
    assert "same licence" in str(refused.value)
    assert not OrderWarning.objects.exists() and AuditEvent.objects.count() == before


def test_a_stale_outcome_on_a_licence_appointment_is_refused(on_licence):
    w = on_licence
    a = book(w, days(-1))
    services.record_outcome(actor=w.om, appointment=a, outcome="kept", version=a.version)
    with pytest.raises((StaleEdit, ValidationError)):
        services.record_outcome(actor=w.om, appointment=a, outcome="unacceptable", reason="x", version=a.version)


def test_the_work_list_declares_the_kind_and_the_queue_names_it():
    assert "supervision_recall" in extensions.registry.work_kinds[registrations.work]
    assert queue.kind_label("supervision_recall") == "Recall to consider"


# ---- Pages and API ----

def test_the_page_shows_the_licence_beside_the_orders_for_the_om(on_licence, client):
    w = on_licence
    book(w, days(4), place="Hallam office")
    client.force_login(w.om)
    page = client.get(f"/supervision/{w.case.pk}/").content.decode()
    assert "Licence, reporting and enforcement" in page and "after the first weeks" in page
    assert "Hallam office" in page and "On licence" in page
    assert "Start breach action" not in page  # a licence is recalled, not breached to court
    form = client.get(f"/supervision/{w.case.pk}/appointments/add/").content.decode()
    assert "Licence" in form and str(w.licence) in form


def test_the_page_as_a_police_officer(on_licence, client):
    w = on_licence
    miss(w, days(-60))
    miss(w, days(-30))
    miss(w, days(-12))
    client.force_login(w.police)
    response = client.get(f"/supervision/{w.case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Licence, reporting and enforcement" in page and "Consider recall" in page
    writes = policy.can(w.police, policy.WRITE, w.case)
    assert ("Record a recall" in page) == writes and ("Make an appointment" in page) == writes


def test_the_case_page_panel_shows_the_licence_and_recall_to_consider(on_licence, client):
    w = on_licence
    for n in (-60, -30, -12):
        miss(w, days(n))
    client.force_login(w.om)
    overview = client.get(f"/people/{w.case.pk}/").content.decode()
    assert 'data-testid="panel-licence"' in overview and "Consider recall" in overview


def test_the_tab_shows_for_a_licence_in_force(on_licence):
    w = on_licence
    assert queries.has_supervision(w.om, w.case)
    type(w.licence).objects.filter(pk=w.licence.pk).update(end_date=days(-1))
    assert not queries.has_supervision(w.om, w.case)


def test_the_overview_answers_the_tabs_question_from_its_panel_and_agrees_with_it(on_licence, client):
    """The overview's Supervision panel reads everything the Supervision tab asks about: the tab takes its answer
    from there, not a read of its own, and shows exactly when the tab would on any other page of the person."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = on_licence
    client.force_login(w.om)
    tab = f'href="/supervision/{w.case.pk}/"'
    for in_force in (True, False):
        if not in_force:
            type(w.licence).objects.filter(pk=w.licence.pk).update(end_date=days(-1))
        with CaptureQueriesContext(connection) as overview_reads:
            overview = client.get(f"/people/{w.case.pk}/").content.decode()
        sql = [q["sql"] for q in overview_reads.captured_queries]  # before the next request empties the log
        details = client.get(f"/people/{w.case.pk}/details/").content.decode()
        assert (tab in overview) == (tab in details) == queries.has_supervision(w.om, w.case) == in_force
        # has_supervision's own read (its five EXISTS) is not among the overview's.
        assert sql and not any('"supervision_circleofsupport"' in q and "EXISTS" in q for q in sql)


def test_a_licence_appointment_is_booked_through_the_form(on_licence, client):
    w = on_licence
    client.force_login(w.om)
    on = days(5)
    response = client.post(f"/supervision/{w.case.pk}/appointments/add/", {
        "licence": str(w.licence.pk), "kind": "supervision", "on_day": on.day, "on_month": on.month,
        "on_year": on.year, "place": "Hallam office"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Appointment.objects.get().licence_id == w.licence.pk


def test_the_api_books_under_a_licence_and_gives_its_state(on_licence, client):
    w = on_licence
    client.force_login(w.om)
    url = f"/api/v1/nominals/{w.case.pk}/appointments/"
    created = client.post(url, json.dumps({"licence": w.licence.pk, "kind": "supervision",
                                           "on": days(-1).isoformat()}), content_type=JSON)
    assert created.status_code == 201, created.content
    assert created.json()["licence"] == w.licence.pk and created.json()["order"] == w.sentence.pk
    both = client.post(url, json.dumps({"licence": w.licence.pk, "order": w.sentence.pk, "kind": "supervision",
                                        "on": days(1).isoformat()}), content_type=JSON)
    assert both.status_code == 400 and Appointment.objects.count() == 1
    [state] = client.get(f"/api/v1/nominals/{w.case.pk}/supervision/").json()["licences"]
    assert state["licence"] == w.licence.pk and state["recall_to_consider"] is False
    client.force_login(w.south)
    assert client.post(url, json.dumps({"licence": w.licence.pk, "kind": "supervision", "on": days(2).isoformat()}),
                       content_type=JSON).status_code in (403, 404)
    assert Appointment.objects.count() == 1
