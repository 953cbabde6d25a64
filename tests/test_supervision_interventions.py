"""Polygraph examinations, medication to reduce sexual arousal and circles of support and accountability: the
services (rules, audit, versions, significant events that make the risk and plan reviews due), the pages with
GOV.UK errors, the panel, the work list, the API, and the access matrix for medication (health information: only
probation and health read it, on the page, the panel, the API, search, the history and the export)."""
import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core import extensions
from mappa.core.concurrency import StaleEdit
from mappa.nominals.models import SignificantEvent
from mappa.supervision import rules, services
from mappa.supervision.models import CircleOfSupport, Medication, PolygraphExam
from tests.test_supervision import TODAY, days, order  # noqa: F401 - the fixture

DRUG = "Cyproterone acetate from the Quaybridge forensic clinic"
JSON = "application/json"


def exam(w, **kw):
    return services.add_polygraph(actor=w.om, nominal=w.case, data={
        "examined_on": days(-3), "examiner": "A. Tester", "kind": "maintenance", "outcome": "nsr", **kw})


def medication(w, actor=None, **kw):
    return services.add_medication(actor=actor or w.om, nominal=w.case, data={
        "drug": DRUG, "prescriber": "Dr Hale", "consent_on": days(-100), "started_on": days(-90), **kw})


def events_of(w, kind):
    return SignificantEvent.objects.filter(nominal=w.case, kind=kind)


# ---- polygraph ----

def test_a_clear_examination_is_no_significant_event_but_a_disclosure_is(order):
    w = order
    clear = exam(w)
    assert not clear.significant and not events_of(w, "polygraph").exists()
    assert AuditEvent.objects.filter(object_type="polygraphexam", action="create").count() == 1
    exam(w, examined_on=days(-1), outcome="nsr", disclosures="Admitted using a second phone")
    [event] = events_of(w, "polygraph")
    assert "disclosures made" in event.summary and event.source_type == "polygraphexam"
    # The event feeds the existing reviews: the risk assessments' review request.
    from mappa.risk.models import ReviewRequest
    assert ReviewRequest.objects.filter(nominal=w.case, event=event).exists()


def test_a_significant_response_feeds_the_plan_review(order):
    from mappa.plans import services as plans
    from mappa.plans.models import PlanReviewTrigger

    w = order
    plans.add_item(actor=w.om, nominal=w.case, data={"heading": "supervision", "what": "Weekly reporting"})
    exam(w, outcome="sr")
    assert PlanReviewTrigger.objects.filter(nominal=w.case, kind="polygraph").exists()


def test_an_examination_that_becomes_significant_raises_the_event_once(order):
    w = order
    e = exam(w)
    changed = services.update_polygraph(actor=w.om, exam=e, version=e.version,
                                        data={"disclosures": "Told the examiner of contact with a child"})
    assert events_of(w, "polygraph").count() == 1
    services.update_polygraph(actor=w.om, exam=changed, version=changed.version, data={"actions": "Home visit"})
    assert events_of(w, "polygraph").count() == 1
    with pytest.raises(StaleEdit):  # an edit opened before the change is refused
        services.update_polygraph(actor=w.om, exam=e, version=e.version, data={"actions": "None"})


def test_polygraph_bad_input_changes_nothing(order):
    w = order
    with pytest.raises(ValidationError) as refused:
        services.add_polygraph(actor=w.om, nominal=w.case, data={
            "examined_on": days(2), "examiner": "", "kind": "maintenance", "outcome": "refused", "disclosures": "x"})
    assert set(refused.value.message_dict) == {"examined_on", "examiner", "disclosures"}
    with pytest.raises(PermissionDenied):
        services.add_polygraph(actor=w.housing, nominal=w.case, data={
            "examined_on": days(-2), "examiner": "A", "kind": "maintenance", "outcome": "nsr"})
    assert not PolygraphExam.objects.exists() and not events_of(w, "polygraph").exists()


# ---- medication ----

def test_medication_needs_consent_before_it_starts_and_a_review_says_what_it_found(order):
    w = order
    with pytest.raises(ValidationError) as refused:
        medication(w, consent_on=days(-10), started_on=days(-20))
    assert "Medication cannot start before consent was given" in str(refused.value)
    m = medication(w)
    with pytest.raises(ValidationError) as unsaid:
        services.update_medication(actor=w.om, medication=m, version=m.version, data={"reviewed_on": days(-1)})
    assert "Say what the review found" in str(unsaid.value)
    reviewed = services.update_medication(actor=w.health, medication=m, version=m.version, data={
        "reviewed_on": days(-1), "review_notes": "Side effects manageable; continue"})
    assert reviewed.version == m.version + 1
    with pytest.raises(StaleEdit):
        services.update_medication(actor=w.om, medication=m, version=m.version, data={"prescriber": "Dr Other"})


def test_only_probation_and_health_record_or_change_medication(order):
    w = order
    with pytest.raises(PermissionDenied):
        medication(w, actor=w.police)
    m = medication(w)
    with pytest.raises(PermissionDenied):
        services.update_medication(actor=w.police, medication=m, version=m.version, data={"prescriber": "x"})
    assert Medication.objects.count() == 1


def test_a_review_falls_due_on_the_work_list_and_is_overdue_after_its_date(order):
    w = order
    m = medication(w, started_on=days(-90))  # 12 weeks (the project default row) from the start: six days ago
    [line] = [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_medication"]
    assert line.due == days(-6) and line.overdue_on(TODAY)
    assert line.what == "Review medication to reduce sexual arousal"
    assert not [i for i in extensions.work_for(w.police, TODAY) if i.kind == "supervision_medication"]
    services.update_medication(actor=w.om, medication=m, version=m.version, data={
        "reviewed_on": TODAY, "review_notes": "Continue"})
    assert not [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_medication"]
    soon = medication(w, consent_on=days(-85), started_on=days(-80))  # due in four days: within the look-ahead
    [line] = [i for i in extensions.work_for(w.om, TODAY) if i.kind == "supervision_medication"]
    assert line.due == days(4) and not line.overdue_on(TODAY) and str(soon.pk) in line.url


# ---- the access matrix: medication is health information ----

@pytest.mark.parametrize("who,sees", [("om", True), ("health", True), ("probation_sup", True), ("police", False),
                                      ("children", False), ("housing", False), ("coordinator", False)])
def test_medication_is_shown_only_to_probation_and_health(order, login, who, sees):
    w = order
    m = medication(w)
    client = login(getattr(w, who))
    responses = {
        "page": client.get(f"/supervision/{w.case.pk}/"),
        "overview": client.get(f"/people/{w.case.pk}/"),
        "history": client.get(f"/people/{w.case.pk}/history/"),
        "api": client.get(f"/api/v1/nominals/{w.case.pk}/supervision/medication/"),
        "search": client.get("/people/", {"q": "Cyproterone"}),
    }
    if who != "housing":
        responses["export"] = client.get(f"/people/{w.case.pk}/export/")
    for where, response in responses.items():
        assert response.status_code == 200, (who, where, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        assert (DRUG in text) == (sees and where in ("page", "overview", "history", "api")), (who, where)
        if where == "search":  # the search box repeats the words asked for; no person is found by them
            assert "Davis" not in text, who
    assert ("Medication to reduce sexual arousal" in responses["page"].content.decode()) == sees
    edit = client.get(f"/supervision/{w.case.pk}/medication/{m.pk}/")
    assert (edit.status_code == 200) == (sees and who != "coordinator"), (who, edit.status_code)
    assert policy.medication_for(getattr(w, who), nominal=w.case).exists() == sees
    assert policy.item_history_for(getattr(w, who), m).exists() == sees


def test_the_api_refuses_medication_to_an_agency_not_allowed_it(order, client):
    w = order
    m = medication(w)
    client.force_login(w.police)
    url = f"/api/v1/nominals/{w.case.pk}/supervision/medication/"
    assert client.get(url).json() == []
    made = client.post(url, json.dumps({"drug": "x", "prescriber": "y", "consent_on": days(-1).isoformat()}),
                       content_type=JSON)
    assert made.status_code == 403
    changed = client.patch(f"{url}{m.pk}/", json.dumps({"version": m.version, "drug": "x"}), content_type=JSON)
    assert changed.status_code == 404
    assert Medication.objects.get().drug == DRUG


# ---- circles of support and accountability ----

def test_a_circle_is_referred_starts_and_its_concern_is_a_significant_event(order):
    w = order
    circle = services.add_circle(actor=w.om, nominal=w.case, data={"referred_on": days(-60), "provider": "Circles North"})
    with pytest.raises(ValidationError) as refused:
        services.update_circle(actor=w.om, circle=circle, version=circle.version, data={
            "started_on": days(-70), "volunteers": 3})
    assert "A circle cannot start before the referral" in str(refused.value)
    started = services.update_circle(actor=w.om, circle=circle, version=circle.version, data={
        "started_on": days(-30), "volunteers": 3})
    with pytest.raises(ValidationError) as no_reason:
        services.update_circle(actor=w.om, circle=started, version=started.version, data={"ended_on": days(-1)})
    assert "Say why the circle ended" in str(no_reason.value)
    with pytest.raises(ValidationError):
        services.add_concern(actor=w.om, circle=started, data={"raised_on": days(-2), "concern": " "})
    assert not events_of(w, "circle_concern").exists()
    services.add_concern(actor=w.om, circle=started, data={
        "raised_on": days(-2), "concern": "He has been visiting the park by the school", "action": "Home visit booked"})
    [event] = events_of(w, "circle_concern")
    assert "visiting the park" in event.summary
    from mappa.risk.models import ReviewRequest
    assert ReviewRequest.objects.filter(nominal=w.case, event=event).exists()


# ---- pages ----

def test_pages_show_govuk_errors_and_change_nothing_then_save(order, login):
    w = order
    client = login(w.om)
    base = f"/supervision/{w.case.pk}/"
    for path in ("polygraph/add/", "medication/add/", "circles/add/"):
        assert client.get(base + path).status_code == 200, path
    response = client.post(base + "polygraph/add/", {"examiner": ""})
    text = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in text and "Enter the examiner" in text
    assert not PolygraphExam.objects.exists()
    d = days(-2)
    response = client.post(base + "polygraph/add/", {
        "examined_on_day": d.day, "examined_on_month": d.month, "examined_on_year": d.year, "examiner": "A. Tester",
        "kind": "sexual_history", "outcome": "sr", "disclosures": "Admitted two earlier offences"})
    assert response.status_code == 302
    page = client.get(base).content.decode()
    assert "Significant response" in page and "Admitted two earlier offences" in page
    overview = client.get(f"/people/{w.case.pk}/").content.decode()
    assert "Last polygraph" in overview and "significant response, disclosures made" in overview
    response = client.post(base + "circles/add/", {"referred_on_day": d.day, "referred_on_month": d.month,
                                                   "referred_on_year": d.year, "volunteers": "3"})
    assert "Volunteers are counted once the circle has started" in response.content.decode()
    assert not CircleOfSupport.objects.exists()


def test_a_stale_edit_shows_what_changed_meanwhile(order, login):
    w = order
    e = exam(w)
    services.update_polygraph(actor=w.om, exam=e, version=e.version, data={"actions": "Visit"})
    d = e.examined_on
    response = login(w.om).post(f"/supervision/{w.case.pk}/polygraph/{e.pk}/", {
        "version": e.version, "examined_on_day": d.day, "examined_on_month": d.month, "examined_on_year": d.year,
        "examiner": "A. Tester", "kind": "maintenance", "outcome": "nsr", "actions": "Nothing"})
    assert response.status_code == 200
    e.refresh_from_db()
    assert e.actions == "Visit"


def test_the_api_records_and_changes_a_polygraph_and_a_circle(order, client):
    w = order
    client.force_login(w.om)
    url = f"/api/v1/nominals/{w.case.pk}/supervision/polygraph/"
    bad = client.post(url, json.dumps({"examined_on": days(-1).isoformat(), "kind": "maintenance"}), content_type=JSON)
    assert bad.status_code == 400
    made = client.post(url, json.dumps({"examined_on": days(-1).isoformat(), "examiner": "A. Tester",
                                        "kind": "compliance", "outcome": "refused"}), content_type=JSON)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["significant"] is True and events_of(w, "polygraph").count() == 1
    changed = client.patch(f"{url}{body['id']}/", json.dumps({"version": body["version"], "actions": "Recall considered"}),
                           content_type=JSON)
    assert changed.status_code == 200 and changed.json()["actions"] == "Recall considered"
    stale = client.patch(f"{url}{body['id']}/", json.dumps({"version": body["version"], "actions": "x"}),
                         content_type=JSON)
    assert stale.status_code == 409
    circles = f"/api/v1/nominals/{w.case.pk}/supervision/circles/"
    circle = client.post(circles, json.dumps({"referred_on": days(-20).isoformat()}), content_type=JSON).json()
    concern = client.post(f"{circles}{circle['id']}/concerns/", json.dumps({
        "raised_on": days(-1).isoformat(), "concern": "Missed two circle meetings"}), content_type=JSON)
    assert concern.status_code == 201
    assert client.get(circles).json()[0]["concerns"][0]["concern"] == "Missed two circle meetings"
    client.force_login(w.south)
    assert client.get(url).status_code == 404


# ---- pure rules ----

dates = st.dates(min_value=datetime.date(2009, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(st.sampled_from(["nsr", "sr", "no_opinion", "refused"]), st.text(max_size=20))
def test_significance_is_a_response_a_refusal_or_a_disclosure(outcome, disclosures):
    expected = outcome in ("sr", "refused") or bool(disclosures.strip())
    assert rules.polygraph_significant(outcome, disclosures) is expected


@given(dates, st.one_of(st.none(), dates), st.integers(min_value=1, max_value=52))
def test_a_review_is_due_the_interval_after_the_last_review_or_the_start(started, reviewed, weeks):
    due = rules.medication_review_due(started, reviewed, {"weeks": weeks})
    assert due - (reviewed or started) == datetime.timedelta(weeks=weeks)


@given(dates, dates, st.one_of(st.none(), dates), dates)
def test_medication_never_starts_before_consent_nor_is_withdrawn_before_it(consent, started, withdrawn, today):
    errors = rules.medication_errors(consent, withdrawn, started, None, today)
    assert ("started_on" in errors) == (started < consent)
    if withdrawn is not None and withdrawn < consent:
        assert "consent_withdrawn_on" in errors
    if not errors:
        assert consent <= today and started >= consent


@given(dates, st.one_of(st.none(), dates), st.one_of(st.none(), dates), dates)
def test_medication_is_taken_only_between_start_and_end_or_withdrawal(started, ended, withdrawn, today):
    active = rules.medication_active(started, ended, withdrawn, today)
    if active:
        assert started <= today and (ended is None or ended > today) and (withdrawn is None or withdrawn > today)


@given(dates, st.one_of(st.none(), dates), st.one_of(st.none(), dates), st.one_of(st.none(), st.integers(1, 9)), dates)
def test_a_circle_goes_referral_start_end_in_that_order(referred, started, ended, volunteers, today):
    errors = rules.circle_errors(referred, started, ended, volunteers, today)
    if not errors:
        assert referred <= today
        assert started is None or referred <= started <= today
        assert ended is None or (started is not None and started <= ended <= today)
        assert not volunteers or started is not None


def test_the_review_interval_row_says_it_is_a_project_default(db):
    from mappa.core import reference

    row = reference.in_force("supervision.medication.review_interval", TODAY)
    assert row.value == {"weeks": 12} and "project default" in row.source and "para 2.12" in row.source
