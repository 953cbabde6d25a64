"""The supervision API: orders, requirements and enforcement as the caller may see them (treatment details only for
probation and health), appointments booked and their outcomes recorded through the services, a stale outcome refused."""
import json

from mappa.audit.models import AuditEvent
from tests.test_supervision import SECRET, appointment, days, miss, order, treatment  # noqa: F401 - fixtures

JSON = "application/json"


def test_the_summary_gives_requirements_progress_and_enforcement(order, client):  # noqa: F811
    w = order
    treatment(w)
    miss(w, days(-10))
    client.force_login(w.om)
    body = client.get(f"/api/v1/nominals/{w.case.pk}/supervision/").json()
    [requirement] = body["requirements"]
    assert requirement["kind"] == "treatment" and requirement["treatment_details_withheld"] is False
    assert requirement["progress"] == {"ordered": 12, "done": 0, "unit": "days"}
    [state] = body["orders"]
    assert state["order"] == w.order.pk and state["unacceptable_absences"] == 1 and state["enforcement_step"]
    assert AuditEvent.objects.filter(actor=w.om, nominal=w.case, action="view").exists()


def test_an_agency_not_allowed_treatment_details_gets_none_of_them(order, client):  # noqa: F811
    w = order
    treatment(w)
    client.force_login(w.police)
    response = client.get(f"/api/v1/nominals/{w.case.pk}/supervision/")
    [requirement] = response.json()["requirements"]
    assert requirement["treatment_details_withheld"] is True and requirement["label"] == "Treatment requirement"
    assert SECRET not in response.content.decode() and "drugs" not in response.content.decode().lower()


def test_an_appointment_is_booked_and_its_outcome_recorded_once(order, client):  # noqa: F811
    w = order
    client.force_login(w.om)
    url = f"/api/v1/nominals/{w.case.pk}/appointments/"
    created = client.post(url, json.dumps({"order": w.order.pk, "kind": "supervision", "on": days(-1).isoformat(),
                                           "place": "Hallam office"}), content_type=JSON)
    assert created.status_code == 201, created.content
    booked = created.json()
    assert booked["outcome"] is None or booked["outcome"] == ""
    outcome_url = f"{url}{booked['id']}/outcome/"
    missing = client.post(outcome_url, json.dumps({"version": booked["version"], "outcome": "unacceptable"}),
                          content_type=JSON)
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    done = client.post(outcome_url, json.dumps({"version": booked["version"], "outcome": "unacceptable",
                                                "reason": "Did not come, no contact"}), content_type=JSON)
    assert done.status_code == 200 and done.json()["outcome"] == "unacceptable"
    stale = client.post(outcome_url, json.dumps({"version": booked["version"], "outcome": "kept"}), content_type=JSON)
    assert stale.status_code in (400, 409)
    listed = client.get(url).json()
    assert [a["id"] for a in listed] == [booked["id"]]


def test_an_order_of_another_person_or_a_reader_outside_the_case_is_refused(order, client):  # noqa: F811
    w = order
    client.force_login(w.om)
    url = f"/api/v1/nominals/{w.case.pk}/appointments/"
    wrong = client.post(url, json.dumps({"order": 999999, "on": days(1).isoformat()}), content_type=JSON)
    assert wrong.status_code == 400 and "order" in wrong.json()["errors"]
    client.force_login(w.south)
    for path in (url, f"/api/v1/nominals/{w.case.pk}/supervision/"):
        assert client.get(path).status_code == 404
    client.force_login(w.housing)  # a read-only partner sees but books nothing
    assert client.post(url, json.dumps({"order": w.order.pk, "on": days(1).isoformat()}),
                       content_type=JSON).status_code in (403, 404)
