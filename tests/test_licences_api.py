"""The licences API: the same policy, validation, audit and stale-edit refusal as the pages."""
import datetime

from django.utils import timezone

from mappa.audit.models import AuditEvent
from mappa.licences.models import AddressLocation, Licence, LicenceCondition, Zone
from mappa.nominals import services as register
from mappa.nominals.items import KINDS

TODAY = timezone.localdate()
SQUARE = {"type": "Polygon", "coordinates": [[[0.465, 51.730], [0.480, 51.730], [0.480, 51.739], [0.465, 51.739], [0.465, 51.730]]]}
J = {"content_type": "application/json"}


def new_licence(client, nominal_pk, **extra):
    body = {"kind": "extended", "start_date": str(TODAY - datetime.timedelta(days=10)),
            "end_date": str(TODAY + datetime.timedelta(days=700)), "issued_by": "The Parole Board"} | extra
    return client.post(f"/api/v1/licences/nominals/{nominal_pk}/licences/", body, **J)


def test_schema_lists_the_licence_endpoints(world, client):
    client.force_login(world.om)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/licences/nominals/{nominal_pk}/zones/" in paths and "/api/v1/licences/{id}/conditions/" in paths


def test_a_whole_licence_through_the_api(world, client):
    client.force_login(world.om)
    catalogue = client.get("/api/v1/licences/catalogue/").json()
    assert {"notify_relationships", "notify_vehicles", "polygraph", "electronic_monitoring"} <= {e["code"] for e in catalogue}
    created = new_licence(client, world.case.pk)
    assert created.status_code == 201 and created.json()["current"] is True
    lid = created.json()["id"]
    cond = client.post(f"/api/v1/licences/{lid}/conditions/", {"code": "reporting", "parameters": {"place": "AP staff", "hours": 4}}, **J)
    assert cond.status_code == 201 and cond.json()["text"] == "Report to AP staff every 4 hours between 08:00 and 22:00."
    zone = client.post(f"/api/v1/licences/nominals/{world.case.pk}/zones/", {"label": "Zone", "geometry": SQUARE}, **J)
    assert zone.status_code == 201
    address = register.create_item(actor=world.om, nominal=world.case, kind=KINDS["addresses"],
                                   data={"status": "proposed", "line1": "9 Orchard Way", "postcode": "NX2 6PL"})
    loc = client.post(f"/api/v1/licences/nominals/{world.case.pk}/address-locations/",
                      {"address": address.pk, "latitude": 51.7345, "longitude": 0.4725}, **J)
    assert loc.status_code == 201 and loc.json()["rejected"] is True and loc.json()["result"] == "inside"
    assert loc.json()["findings"][0]["explanation"].startswith("The proposed address is inside exclusion zone “Zone”")
    route = client.post(f"/api/v1/licences/nominals/{world.case.pk}/route-check/", {"route": [[51.7345, 0.45], [51.7345, 0.50]]}, **J)
    assert route.status_code == 200 and route.json()["crosses"] is True
    var = client.post(f"/api/v1/licences/{lid}/variations/", {
        "kind": "remove", "condition": cond.json()["id"], "requested_by": "Jonah", "request": "Stop reporting",
        "decision": "approved", "decided_on": str(TODAY), "decided_by": "SPO", "reason": "Settled"}, **J)
    assert var.status_code == 201
    assert LicenceCondition.objects.get(pk=cond.json()["id"]).ended_on == TODAY
    assert client.get(f"/api/v1/licences/{lid}/variations/").json()[0]["decision"] == "approved"
    assert AuditEvent.objects.filter(actor=world.om, action="view", details__what="route check").exists()


def test_bad_input_is_refused_with_plain_errors_and_changes_nothing(world, client):
    client.force_login(world.om)
    bad = new_licence(client, world.case.pk, end_date=str(TODAY - datetime.timedelta(days=20)))
    assert bad.status_code == 400 and bad.json()["errors"] == {"end_date": ["The licence must end after it starts"]}
    lid = new_licence(client, world.case.pk).json()["id"]
    unknown = client.post(f"/api/v1/licences/{lid}/conditions/", {"code": "fly_to_the_moon"}, **J)
    assert unknown.status_code == 400 and "There is no licence condition “fly_to_the_moon”" in unknown.json()["errors"]["code"][0]
    crossing = client.post(f"/api/v1/licences/nominals/{world.case.pk}/zones/", {"label": "Bow tie", "geometry": {
        "type": "Polygon", "coordinates": [[[0.46, 51.73], [0.48, 51.74], [0.48, 51.73], [0.46, 51.74], [0.46, 51.73]]]}}, **J)
    assert crossing.status_code == 400 and crossing.json()["errors"]["geometry"][0].startswith("The boundary crosses itself")
    assert Licence.objects.count() == 1 and not LicenceCondition.objects.exists() and not Zone.objects.exists()


def test_a_stale_change_gets_409(world, client):
    client.force_login(world.om)
    created = new_licence(client, world.case.pk).json()
    url = f"/api/v1/licences/{created['id']}/"
    assert client.patch(url, {"issued_by": "HMP A", "version": created["version"]}, **J).status_code == 200
    stale = client.patch(url, {"issued_by": "HMP B", "version": created["version"]}, **J)
    assert stale.status_code == 409 and stale.json()["current_version"] == created["version"] + 1


def test_other_areas_outsiders_and_anonymous_callers_are_refused(world, client):
    client.force_login(world.om)
    lid = new_licence(client, world.case.pk).json()["id"]
    client.post(f"/api/v1/licences/nominals/{world.case.pk}/zones/", {"label": "Zone", "geometry": SQUARE, "handling": "victim"}, **J)
    urls = [f"/api/v1/licences/nominals/{world.case.pk}/licences/", f"/api/v1/licences/{lid}/", f"/api/v1/licences/{lid}/conditions/",
            f"/api/v1/licences/nominals/{world.case.pk}/zones/", f"/api/v1/licences/nominals/{world.case.pk}/address-locations/"]
    for who in (world.south, world.health):
        client.force_login(who)
        for url in urls:
            assert client.get(url).status_code == 404, url
    client.force_login(world.housing)
    assert new_licence(client, world.case.pk).status_code == 403
    client.force_login(world.children)
    assert client.get(f"/api/v1/licences/nominals/{world.case.pk}/zones/").json() == []  # victim details withheld
    client.logout()
    for url in urls:
        assert client.get(url).status_code in (401, 403), url
    assert Licence.objects.count() == 1 and not AddressLocation.objects.exists()
