"""The interventions API: the catalogue, referrals listed and made through the services, a session's attendance and
the outcome recorded (a stale outcome refused, bad input a 400 problem that changes nothing), as the policy allows."""
import json

from mappa.audit.models import AuditEvent
from mappa.interventions.models import ProgrammeReferral, ProgrammeSession
from mappa.nominals.models import SignificantEvent
from tests.test_interventions import days, started
from tests.test_supervision import order  # noqa: F401 - fixture

JSON = "application/json"


def test_the_catalogue_lists_programmes_with_their_sources(order, client):  # noqa: F811
    client.force_login(order.om)
    body = client.get("/api/v1/programmes/").json()
    isotp = next(p for p in body if p["code"] == "i-sotp")
    assert isotp["sessions"] == 35 and "para 2.11" in isotp["source"]


def test_a_referral_is_made_and_listed_with_its_attendance(order, client):  # noqa: F811
    w = order
    client.force_login(w.om)
    url = f"/api/v1/nominals/{w.case.pk}/programme-referrals/"
    made = client.post(url, json.dumps({"programme": "core-sotp", "order": w.order.pk, "referred_on": days(-3).isoformat(),
                                        "reason": "Contact offence against a child"}), content_type=JSON)
    assert made.status_code == 201, made.content
    assert made.json()["stage"] == "referred" and made.json()["eligibility"] == "pending"
    assert AuditEvent.objects.filter(object_type="programmereferral", action="create").count() == 1
    [listed] = client.get(url).json()
    assert listed["programme"] == "core-sotp" and listed["attendance"]["attended"] == 0
    assert AuditEvent.objects.filter(actor=w.om, nominal=w.case, action="view").exists()


def test_bad_input_is_a_problem_and_changes_nothing(order, client):  # noqa: F811
    w = order
    client.force_login(w.om)
    url = f"/api/v1/nominals/{w.case.pk}/programme-referrals/"
    response = client.post(url, json.dumps({"programme": "core-sotp", "referred_on": days(5).isoformat(),
                                            "reason": "Contact offence"}), content_type=JSON)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["referred_on"] == ["The date must be today or in the past"]
    response = client.post(url, json.dumps({"programme": "core-sotp", "referred_on": days(-1).isoformat(),
                                            "reason": " "}), content_type=JSON)
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = client.post(url, json.dumps({"programme": "nothing-like-it", "referred_on": days(-1).isoformat(),
                                            "reason": "x"}), content_type=JSON)
    assert response.status_code == 400 and "programme" in response.json()["errors"]
    assert not ProgrammeReferral.objects.exists()


def test_attendance_and_a_non_completion_are_recorded_and_a_stale_outcome_refused(order, client):  # noqa: F811
    w = order
    r = started(w)
    client.force_login(w.om)
    base = f"/api/v1/nominals/{w.case.pk}/programme-referrals/{r.pk}/"
    session = client.post(base + "sessions/", json.dumps({"on": days(-50).isoformat(), "attendance": "unacceptable",
                                                          "reason": "Did not come"}), content_type=JSON)
    assert session.status_code == 201 and session.json()["attendance"] == "unacceptable"
    missing = client.post(base + "sessions/", json.dumps({"on": days(-43).isoformat(), "attendance": "acceptable"}),
                          content_type=JSON)
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    assert ProgrammeSession.objects.count() == 1
    stale = client.post(base + "outcome/", json.dumps({"version": r.version - 1, "outcome": "not_completed",
                                                       "outcome_on": days(-5).isoformat(), "outcome_reason": "Excluded"}),
                        content_type=JSON)
    assert stale.status_code == 409
    done = client.post(base + "outcome/", json.dumps({"version": r.version, "outcome": "not_completed",
                                                      "outcome_on": days(-5).isoformat(), "outcome_reason": "Excluded"}),
                       content_type=JSON)
    assert done.status_code == 200 and done.json()["stage"] == "finished" and done.json()["review_due_on"]
    assert done.json()["attendance"]["unacceptable"] == 1
    assert SignificantEvent.objects.filter(kind="intervention", nominal=w.case).count() == 1


def test_other_agencies_and_areas_are_answered_as_the_policy_says(order, client):  # noqa: F811
    w = order
    r = started(w)
    url = f"/api/v1/nominals/{w.case.pk}/programme-referrals/"
    client.force_login(w.south)
    assert client.get(url).status_code == 404
    client.force_login(w.housing)  # a read-only partner reads, and changes nothing
    assert client.get(url).status_code == 200
    response = client.post(url + f"{r.pk}/sessions/", json.dumps({"on": days(-50).isoformat(), "attendance": "attended"}),
                           content_type=JSON)
    assert response.status_code in (403, 404) and not ProgrammeSession.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(order, client):  # noqa: F811
    client.force_login(order.om)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/programmes/", "/api/v1/nominals/{nominal_pk}/programme-referrals/",
                 "/api/v1/nominals/{nominal_pk}/programme-referrals/{id}/sessions/",
                 "/api/v1/nominals/{nominal_pk}/programme-referrals/{id}/outcome/"):
        assert path in schema, path
