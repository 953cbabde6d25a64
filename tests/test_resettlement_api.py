"""The resettlement API: referrals and placements with the move-on plan, pathways as the caller may see them (the
health and substance misuse pathway's details only for probation and health), a pathway added and its outcome
recorded through the services, a stale outcome refused with 409."""
import json

from mappa.audit.models import AuditEvent
from mappa.resettlement.models import Pathway
from tests.test_resettlement import ACTION_SECRET, SECRET, TODAY, ap, arrive, days, health_pathway  # noqa: F401

JSON = "application/json"


def test_placements_give_the_move_on_plan_due(ap, client):  # noqa: F811
    w = ap
    arrive(w, arrived=-20, expected_departure_on=days(30))
    client.force_login(w.police)
    body = client.get(f"/api/v1/nominals/{w.case.pk}/resettlement/").json()
    [row] = body["placements"]
    assert row["premises_name"] == "Northshire Approved Premises" and row["stay_days"] == 20
    assert row["move_on_plan_due"] == days(2).isoformat() and row["move_on_plan_overdue"] is False
    assert row["placement"]["signing_in_hours"] == 4 and body["referrals"] == []
    assert AuditEvent.objects.filter(actor=w.police, nominal=w.case, action="view").exists()


def test_an_agency_not_allowed_gets_none_of_the_health_pathway(ap, client):  # noqa: F811
    w = ap
    health_pathway(w)
    client.force_login(w.police)
    response = client.get(f"/api/v1/nominals/{w.case.pk}/pathways/")
    [pathway] = response.json()
    assert pathway["details_withheld"] is True and pathway["focus"] is None and pathway["actions"] == []
    text = response.content.decode()
    assert SECRET not in text and ACTION_SECRET not in text and "drugs" not in text.lower()
    outcome = client.post(f"/api/v1/nominals/{w.case.pk}/pathways/{pathway['id']}/outcome/", json.dumps({
        "version": pathway["version"], "outcome": "reduced", "outcome_when": "review"}), content_type=JSON)
    assert outcome.status_code in (403, 404)
    client.force_login(w.health)
    [seen] = client.get(f"/api/v1/nominals/{w.case.pk}/pathways/").json()
    assert seen["need"] == SECRET and seen["focus"] == "drugs" and seen["actions"][0]["action"] == ACTION_SECRET


def test_a_pathway_is_added_and_its_outcome_recorded_once(ap, client):  # noqa: F811
    w = ap
    client.force_login(w.om)
    url = f"/api/v1/nominals/{w.case.pk}/pathways/"
    bad = client.post(url, json.dumps({"kind": "accommodation", "assessed_on": days(1).isoformat(), "need": "Flat"}),
                      content_type=JSON)
    assert bad.status_code == 400 and "assessed_on" in bad.json()["errors"]
    created = client.post(url, json.dumps({"kind": "accommodation", "assessed_on": TODAY.isoformat(),
                                           "need": "No fixed abode on release"}), content_type=JSON)
    assert created.status_code == 201, created.content
    made = created.json()
    assert made["need"] == "No fixed abode on release" and made["outcome"] is None
    outcome_url = f"{url}{made['id']}/outcome/"
    wrong = client.post(outcome_url, json.dumps({"version": made["version"], "outcome": "employed",
                                                 "outcome_when": "release"}), content_type=JSON)
    assert wrong.status_code == 400 and "outcome" in wrong.json()["errors"]
    done = client.post(outcome_url, json.dumps({"version": made["version"], "outcome": "settled",
                                                "outcome_when": "release"}), content_type=JSON)
    assert done.status_code == 200 and done.json()["outcome"] == "settled"
    stale = client.post(outcome_url, json.dumps({"version": made["version"], "outcome": "supported",
                                                 "outcome_when": "review"}), content_type=JSON)
    assert stale.status_code == 409
    assert Pathway.objects.get().outcome == "settled"


def test_a_health_pathway_by_api_needs_an_allowed_agency(ap, client):  # noqa: F811
    w = ap
    client.force_login(w.police)
    refused = client.post(f"/api/v1/nominals/{w.case.pk}/pathways/", json.dumps({
        "kind": "health_substance", "assessed_on": TODAY.isoformat(), "need": "Alcohol", "focus": "alcohol"}),
        content_type=JSON)
    assert refused.status_code == 403 and not Pathway.objects.exists()
    client.force_login(w.om)
    made = client.post(f"/api/v1/nominals/{w.case.pk}/pathways/", json.dumps({
        "kind": "health_substance", "assessed_on": TODAY.isoformat(), "need": SECRET, "focus": "drugs"}),
        content_type=JSON)
    assert made.status_code == 201 and made.json()["need"] == SECRET
    assert Pathway.objects.get().need == ""  # kept in the restricted details, not on the pathway


def test_a_reader_outside_the_case_is_refused(ap, client):  # noqa: F811
    w = ap
    client.force_login(w.south)
    assert client.get(f"/api/v1/nominals/{w.case.pk}/pathways/").status_code == 404
    assert client.get(f"/api/v1/nominals/{w.case.pk}/resettlement/").status_code == 404
