"""The victims API: the same rules as the pages, for every reader."""
import json

from mappa.victims.models import Victim
from tests.test_victims_services import NAME, readers, victims  # noqa: F401

J = {"content_type": "application/json"}


def test_schema_lists_the_victim_endpoints(world, client):
    client.force_login(world.om)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/nominals/{nominal_pk}/victims/" in paths
    assert "/api/v1/nominals/{nominal_pk}/victims/{id}/" in paths


def test_matrix_of_the_api(victims, client):  # noqa: F811
    w = victims
    for user, sees in readers(w):
        client.force_login(user)
        listing = client.get(f"/api/v1/nominals/{w.case.pk}/victims/")
        detail = client.get(f"/api/v1/nominals/{w.case.pk}/victims/{w.past.pk}/")
        assert listing.status_code != 500 and detail.status_code != 500, user.username
        if sees:
            assert listing.json()["victims"][0]["name"] == NAME and detail.json()["name"] == NAME
            continue
        assert detail.status_code == 404, user.username
        assert NAME not in listing.content.decode() and NAME not in detail.content.decode(), user.username
        if listing.status_code == 200:
            assert listing.json()["count"] == 1 and listing.json()["victims"] == []


def test_bad_input_is_a_400_naming_the_field(victims, client):  # noqa: F811
    w = victims
    client.force_login(w.vlo)
    response = client.post(f"/api/v1/nominals/{w.case.pk}/victims/", json.dumps({"kind": "past", "name": ""}), **J)
    assert response.status_code == 400 and "name" in response.json()["errors"]
    response = client.post(f"/api/v1/nominals/{w.case.pk}/victims/", json.dumps({"kind": "past", "name": "A",
                                                                               "conviction": 999999}), **J)
    assert response.status_code == 400 and "conviction" in response.json()["errors"]
    response = client.patch(f"/api/v1/nominals/{w.case.pk}/victims/{w.past.pk}/", json.dumps({"phone": "1"}), **J)
    assert response.status_code == 400 and "version" in response.json()["errors"]
    response = client.post(f"/api/v1/nominals/{w.case.pk}/victims/{w.past.pk}/condition-requests/",
                           json.dumps({"requested_on": "2025-04-01", "kind": "no_contact", "details": "x",
                                       "outcome": "refused"}), **J)
    assert response.status_code == 400
    assert Victim.objects.count() == 1
    client.force_login(w.police)
    response = client.post(f"/api/v1/nominals/{w.case.pk}/victims/", json.dumps({"kind": "past", "name": "B"}), **J)
    assert response.status_code == 403 and Victim.objects.count() == 1


def test_a_whole_victim_through_the_api(victims, client):  # noqa: F811
    w = victims
    client.force_login(w.om)
    created = client.post(f"/api/v1/nominals/{w.case.pk}/victims/", json.dumps({
        "kind": "potential", "description": "Children of his new partner", "is_child": True}), **J)
    assert created.status_code == 201, created.content
    vid, version = created.json()["id"], created.json()["version"]
    changed = client.patch(f"/api/v1/nominals/{w.case.pk}/victims/{vid}/", json.dumps({"version": version,
                                                                                     "relationship": "Neighbour"}), **J)
    assert changed.status_code == 200 and changed.json()["relationship"] == "Neighbour"
    contact = client.post(f"/api/v1/nominals/{w.case.pk}/victims/{w.past.pk}/contacts/", json.dumps({
        "occurred_on": "2025-04-01", "method": "phone", "summary": "Called"}), **J)
    assert contact.status_code == 201
    assert client.get(f"/api/v1/nominals/{w.case.pk}/victims/{w.past.pk}/").json()["contacts"][0]["summary"] == "Called"
