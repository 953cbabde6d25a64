"""The JSON API: schema, pagination, filtering, validation, and the same policy as the pages."""
from mappa.audit.models import AuditEvent
from mappa.nominals.models import Address, Nominal


def test_openapi_schema_is_served(world, client):
    client.force_login(world.om)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/nominals/" in schema["paths"]
    assert "/api/v1/nominals/{nominal_pk}/addresses/" in schema["paths"]
    assert "bearerAuth" in schema["components"]["securitySchemes"]
    nominals = schema["paths"]["/api/v1/nominals/"]
    assert {p["name"] for p in nominals["get"]["parameters"]} >= {"q", "date_of_birth", "unallocated", "manager", "page"}
    assert not {p["name"] for p in nominals["post"].get("parameters", [])} & {"q", "manager"}  # filters are for lists
    change = schema["paths"]["/api/v1/nominals/{id}/"]["patch"]["responses"]
    assert {"200", "400", "404", "409"} <= set(change)
    activities = schema["paths"]["/api/v1/nominals/{nominal_pk}/activities/"]["get"]["parameters"]
    assert {"text", "kind"} <= {p["name"] for p in activities}
    assert "/api/v1/nominals/{nominal_pk}/documents/{id}/download/" in schema["paths"]


def test_list_is_paginated_and_filterable(world, client):
    client.force_login(world.om)
    body = client.get("/api/v1/nominals/", {"page_size": 1}).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]
    unallocated = client.get("/api/v1/nominals/", {"unallocated": "true"}).json()
    assert [row["last_name"] for row in unallocated["results"]] == ["Smith"]


def test_search_by_alias_with_typo(world, client):
    client.force_login(world.om)
    body = client.get("/api/v1/nominals/", {"q": "Jon Smith"}).json()
    names = [(row["last_name"], row["matched_name"]) for row in body["results"]]
    assert ("Davis", "John Smyth") in names


def test_create_and_change_through_the_api(world, client):
    client.force_login(world.om)
    created = client.post("/api/v1/nominals/", {"first_name": "Ann", "last_name": "Lee", "date_of_birth": "1990-05-01"},
                          content_type="application/json")
    assert created.status_code == 201
    nominal = Nominal.objects.get(pk=created.json()["id"])
    assert nominal.team == world.om.team and nominal.manager is None
    address = client.post(f"/api/v1/nominals/{nominal.pk}/addresses/",
                          {"status": "proposed", "line1": "3 Station Road", "postcode": "br12ab"}, content_type="application/json")
    assert address.status_code == 201 and address.json()["postcode"] == "BR1 2AB"
    changed = client.patch(f"/api/v1/nominals/{nominal.pk}/addresses/{address.json()['id']}/",
                           {"town": "Bradwell", "version": 1}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2


def test_invalid_input_is_refused_with_plain_errors_and_changes_nothing(world, client):
    client.force_login(world.om)
    count, audit = Address.objects.count(), AuditEvent.objects.count()
    response = client.post(f"/api/v1/nominals/{world.case.pk}/addresses/", {"postcode": "NOT A CODE", "line1": "x"},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["postcode"] == ["Enter a real postcode, like SW1A 1AA"]
    assert Address.objects.count() == count and AuditEvent.objects.count() == audit


def test_future_date_of_birth_is_refused(world, client):
    client.force_login(world.om)
    response = client.post("/api/v1/nominals/", {"first_name": "A", "last_name": "B", "date_of_birth": "2999-01-01"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "date_of_birth" in response.json()["errors"]


def test_cannot_create_items_on_records_you_cannot_see(world, client):
    client.force_login(world.south)
    response = client.post(f"/api/v1/nominals/{world.case.pk}/vehicles/", {"registration": "AB12CDE"}, content_type="application/json")
    assert response.status_code == 404


def test_restricted_items_are_left_out_of_lists(world, client):
    client.force_login(world.children)
    rows = client.get(f"/api/v1/nominals/{world.case.pk}/activities/").json()["results"]
    summaries = {row["summary"] for row in rows}
    assert "Home visit, no concerns" in summaries
    assert "Seen near a school" not in summaries and "Mental health assessment booked" not in summaries


def test_system_entries_cannot_be_rewritten_by_any_route(world, client, login):
    """A "Record change" entry is written by the system when the record changes: no one may change it."""
    import pytest
    from django.core.exceptions import PermissionDenied

    from mappa.nominals import services
    from mappa.nominals.models import Activity

    entry = Activity.objects.filter(nominal=world.case, kind=Activity.Kind.CHANGE).first()
    summary = entry.summary
    client.force_login(world.children)
    response = client.patch(f"/api/v1/nominals/{world.case.pk}/activities/{entry.pk}/",
                            {"summary": "Nothing happened", "kind": "note", "version": entry.version},
                            content_type="application/json")
    assert response.status_code == 403 and "written by the system" in response.json()["detail"]
    page = login(world.om).get(f"/people/{world.case.pk}/activities/{entry.pk}/")
    assert page.status_code == 403 and "written by the system" in page.content.decode()
    posted = login(world.om).post(f"/people/{world.case.pk}/activities/{entry.pk}/", {
        "kind": "note", "summary": "Nothing happened", "occurred_on_day": "1", "occurred_on_month": "3",
        "occurred_on_year": "2024", "version": entry.version})
    assert posted.status_code == 403
    with pytest.raises(PermissionDenied):
        services.update_item(actor=world.om, item=entry, data={"handling": "victim"}, version=entry.version)
    entry.refresh_from_db()
    assert entry.summary == summary and entry.kind == Activity.Kind.CHANGE and entry.version == 1
