"""The workforce API: the same policy, services and audit as the pages. A supervisor's team only to its supervisor,
sessions only to their two people and the team's supervisor, cases named only to a reader who may see them, a stale
correction a 409, bad input a 400 naming the field, and nothing changed by a refusal."""
import datetime

from django.utils import timezone

from mappa.audit.models import AuditEvent
from mappa.workforce import services
from mappa.workforce.models import CourseRecord, StaffSupervision

TODAY = timezone.localdate()
PROBLEM = "application/problem+json"


def days(n):
    return str(TODAY + datetime.timedelta(days=n))


def problem(response, status):
    assert response.status_code == status and response["Content-Type"] == PROBLEM, response.content
    return response.json()


def test_the_team_is_for_its_supervisor_only(world, login):
    w = world
    body = login(w.probation_sup).get("/api/v1/workforce/team/").json()
    om = next(m for m in body["members"] if m["id"] == w.om.pk)
    assert om["cases"] == [w.case.pk] and om["case_count"] == 1 and om["over_capacity"] is False
    assert om["missing_training"] == ["OASys", "Risk Matrix 2000", "Home visiting of sexual offenders"]
    assert om["supervision"] == "due" and om["next_supervision_due"] is None
    assert w.om.pk not in {m["id"] for m in login(w.police_sup).get("/api/v1/workforce/team/").json()["members"]}
    for who in (w.om, w.coordinator, w.admin):
        problem(login(who).get("/api/v1/workforce/team/"), 403)


def test_a_supervisor_records_a_session_and_reads_it_back_with_its_cases(world, login):
    w = world
    client = login(w.probation_sup)
    before = AuditEvent.objects.count()
    response = client.post("/api/v1/workforce/supervisions/", {
        "supervisee": w.om.pk, "held_on": days(-2), "accountability": True, "guidance": True,
        "agreed": "Bring the RM2000 up to date", "cases": [w.case.pk]}, content_type="application/json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["cases"] == [w.case.pk] and made["supervisor"] == w.probation_sup.pk and made["version"] == 1
    assert AuditEvent.objects.count() == before + 2
    assert login(w.om).get(f"/api/v1/workforce/supervisions/{made['id']}/").json()["agreed"] == "Bring the RM2000 up to date"
    assert [s["id"] for s in login(w.om).get("/api/v1/workforce/supervisions/").json()] == [made["id"]]
    problem(login(w.police_sup).get(f"/api/v1/workforce/supervisions/{made['id']}/"), 404)
    assert login(w.colleague).get("/api/v1/workforce/supervisions/").json() == []


def test_bad_input_is_a_400_naming_the_field_and_a_refusal_a_403_and_nothing_changes(world, login):
    w = world
    body = problem(login(w.probation_sup).post("/api/v1/workforce/supervisions/", {
        "supervisee": w.om.pk, "held_on": days(3), "agreed": "Something"}, content_type="application/json"), 400)
    assert {"held_on", "accountability"} <= set(body["errors"])
    body = problem(login(w.probation_sup).post("/api/v1/workforce/supervisions/", {
        "supervisee": w.om.pk, "held_on": days(-1), "accountability": True, "agreed": "x", "cases": [w.south_case.pk]},
        content_type="application/json"), 400)
    assert "cases" in body["errors"]
    problem(login(w.om).post("/api/v1/workforce/supervisions/", {
        "supervisee": w.om.pk, "held_on": days(-1), "accountability": True, "agreed": "My own"},
        content_type="application/json"), 403)
    assert not StaffSupervision.objects.exists()


def test_a_stale_correction_is_a_409_with_the_current_version(world, login):
    w = world
    made = services.record_supervision(actor=w.probation_sup, supervisee=w.om, data={
        "held_on": TODAY, "accountability": True, "agreed": "First"})
    client = login(w.probation_sup)
    url = f"/api/v1/workforce/supervisions/{made.pk}/"
    assert client.patch(url, {"version": 1, "agreed": "Second"}, content_type="application/json").json()["version"] == 2
    body = problem(client.patch(url, {"version": 1, "agreed": "Third"}, content_type="application/json"), 409)
    assert body["current_version"] == 2
    problem(client.patch(url, {"agreed": "No version"}, content_type="application/json"), 400)
    problem(login(w.om).patch(url, {"version": 2, "agreed": "Mine"}, content_type="application/json"), 403)
    assert StaffSupervision.objects.get(pk=made.pk).agreed == "Second"


def test_training_is_read_by_the_person_and_recorded_by_their_supervisor_not_themselves(world, login):
    w = world
    url = f"/api/v1/workforce/people/{w.om.pk}/training/"
    response = login(w.probation_sup).post(url, {"course": "visor", "completed_on": days(-10)},
                                           content_type="application/json")
    assert response.status_code == 201
    assert [t["training"] for t in login(w.om).get(url).json()["training"]] == ["ViSOR"]
    problem(login(w.om).post(url, {"course": "sarn", "completed_on": days(-1)}, content_type="application/json"), 403)
    body = problem(login(w.probation_sup).post(url, {"course": "juggling", "completed_on": days(-1)},
                                               content_type="application/json"), 400)
    assert "course" in body["errors"]
    problem(login(w.police_sup).get(url), 404)
    assert CourseRecord.objects.count() == 1
