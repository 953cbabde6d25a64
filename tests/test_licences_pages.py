"""The licence and zone pages: who may see and change them, what they show, and how they refuse bad input."""
import datetime
import json
import re

import pytest
from django.utils import timezone

from mappa.audit.models import AuditEvent
from mappa.licences import services
from mappa.licences.models import AddressLocation, Licence, LicenceCondition, Zone
from mappa.nominals import services as register
from mappa.nominals.items import KINDS

TODAY = timezone.localdate()
SQUARE = {"type": "Polygon", "coordinates": [[[0.465, 51.730], [0.480, 51.730], [0.480, 51.739], [0.465, 51.739], [0.465, 51.730]]]}


@pytest.fixture
def case(world):
    licence = services.create_licence(actor=world.om, nominal=world.case, data={
        "kind": "standard", "start_date": TODAY - datetime.timedelta(days=30), "end_date": TODAY + datetime.timedelta(days=300),
        "issued_by": "HMP Brackford"})
    curfew = services.add_condition(actor=world.om, licence=licence, code="curfew",
                                    parameters={"address": "the approved premises", "start": "19:00", "end": "07:00"})
    no_contact = services.add_condition(actor=world.om, licence=licence, code="no_contact", parameters={"people": [world.victim.pk]})
    zone, _ = services.add_zone(actor=world.om, nominal=world.case, data={"label": "Victim's home area", "geometry": SQUARE, "handling": "victim"})
    address = register.create_item(actor=world.om, nominal=world.case, kind=KINDS["addresses"],
                                   data={"status": "proposed", "line1": "9 Orchard Way", "postcode": "NX2 6PL"})
    location = services.record_location(actor=world.om, address=address, latitude=51.7345, longitude=0.4725)
    world.licence, world.curfew, world.no_contact, world.zone, world.location = licence, curfew, no_contact, zone, location
    return world


def pages(w):
    n = w.case.pk
    return [f"/licences/people/{n}/", f"/licences/{w.licence.pk}/", f"/licences/zones/{w.zone.pk}/",
            f"/licences/locations/{w.location.pk}/", f"/licences/people/{n}/route/?route=51.7345,0.45%0A51.7345,0.50"]


def write_pages(w):
    n = w.case.pk
    return [f"/licences/people/{n}/licences/new/", f"/licences/people/{n}/zones/new/", f"/licences/people/{n}/locations/new/",
            f"/licences/{w.licence.pk}/edit/", f"/licences/{w.licence.pk}/conditions/new/", f"/licences/{w.licence.pk}/variations/new/"]


def test_the_manager_sees_every_page_with_its_marking_and_each_view_is_audited(case, login):
    client = login(case.om)
    for url in pages(case) + write_pages(case):
        before = AuditEvent.objects.filter(actor=case.om, action="view").count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert "OFFICIAL-SENSITIVE" in response.content.decode()
        assert AuditEvent.objects.filter(actor=case.om, action="view").count() == before + 1, url


@pytest.mark.parametrize("who", ["south", "health", "admin"])
def test_other_areas_unrelated_agencies_and_administrators_get_not_found(case, login, who):
    client = login(getattr(case, who))
    for url in pages(case) + write_pages(case):
        assert client.get(url).status_code == 404, url


def test_anonymous_callers_are_sent_to_sign_in(case, client):
    for url in pages(case) + write_pages(case):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], url


def test_a_read_only_partner_can_read_but_not_change(case, login):
    client = login(case.housing)
    assert client.get(f"/licences/people/{case.case.pk}/").status_code == 200
    for url in write_pages(case):
        assert client.get(url).status_code == 403, url


def test_restricted_items_never_reach_agencies_not_allowed_them(case, login):
    # children's services partner on the case but may not see victim details
    page = login(case.children).get(f"/licences/people/{case.case.pk}/").content.decode()
    assert "home area" not in page and "Alice Victim" not in page
    assert "Also checked against zones you may not see: the offender manager will confirm." in page
    licence = login(case.children).get(f"/licences/{case.licence.pk}/").content.decode()
    assert "Stay at the approved premises" in licence and "Alice Victim" not in licence
    assert login(case.children).get(f"/licences/zones/{case.zone.pk}/").status_code == 404
    police = login(case.police).get(f"/licences/people/{case.case.pk}/").content.decode()
    assert "Victim&#x27;s home area" in police


def test_the_case_page_panel_shows_the_licence_conditions_and_the_rejection(case, login):
    page = login(case.om).get(f"/people/{case.case.pk}/").content.decode()
    panel = page[page.index('id="licence"'):]
    assert "On licence until" in panel and "Stay at the approved premises from 19:00 until 07:00" in panel
    assert "Rejected" in panel and "The proposed address is inside exclusion zone" in panel
    assert ">Licence<" in page  # the tab


def test_the_zone_pages_draw_a_picture_without_tiles_or_inline_script(case, login, settings):
    settings.MAPPA_MAP_TILES = ""
    response = login(case.om).get(f"/licences/locations/{case.location.pk}/")
    html = response.content.decode()
    assert "Proposed address rejected" in html and "<svg" in html and "<polygon" in html
    assert 'data-tiles=""' in html
    assert "tile" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>\s*[^<\s]", html.split("js-enabled")[1])
    data = json.loads(re.search(r'data-features="([^"]*)"', html).group(1).replace("&quot;", '"').replace("&#x27;", "'"))
    assert {f["properties"]["kind"] for f in data["features"]} == {"exclusion", "address"}


def test_a_configured_tile_server_is_allowed_by_the_content_security_policy(case, login, settings):
    settings.MAPPA_MAP_TILES = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = login(case.om).get(f"/licences/people/{case.case.pk}/zones/new/")
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in response.content.decode()
    assert "https://tiles.example.org" in response["Content-Security-Policy"]


def test_adding_a_licence_with_its_end_before_its_start_is_refused_with_a_message(case, login):
    client = login(case.om)
    response = client.post(f"/licences/people/{case.case.pk}/licences/new/", {
        "kind": "standard", "start_date_day": "1", "start_date_month": "6", "start_date_year": "2026",
        "end_date_day": "1", "end_date_month": "5", "end_date_year": "2026", "issued_by": "HMP Brackford"})
    assert response.status_code == 200
    assert "The licence must end after it starts" in response.content.decode()
    assert Licence.objects.count() == 1


def test_adding_a_condition_through_the_pages(case, login):
    client = login(case.om)
    choose = client.get(f"/licences/{case.licence.pk}/conditions/new/").content.decode()
    assert "Notify relationships" in choose and "Polygraph testing" in choose
    unknown = client.get(f"/licences/{case.licence.pk}/conditions/new/", {"code": "made_up"}).content.decode()
    assert "Choose a condition from the list" in unknown
    bad = client.post(f"/licences/{case.licence.pk}/conditions/new/", {"code": "curfew", "param_address": "AP", "param_start": "7pm", "param_end": "07:00"})
    assert "Curfew starts must be a time on the 24-hour clock" in bad.content.decode()
    ok = client.post(f"/licences/{case.licence.pk}/conditions/new/", {"code": "notify_relationships"})
    assert ok.status_code == 302
    assert LicenceCondition.objects.filter(code="notify_relationships").exists()


def test_recording_a_variation_through_the_pages(case, login):
    client = login(case.om)
    response = client.post(f"/licences/{case.licence.pk}/variations/new/", {
        "kind": "remove", "condition": case.curfew.pk, "requested_by": "Jonah Davis", "request": "Remove the curfew",
        "decision": "refused", "decided_on_day": str(TODAY.day), "decided_on_month": str(TODAY.month),
        "decided_on_year": str(TODAY.year), "decided_by": "SPO", "reason": "Not yet", "consulted": "MAPPA"})
    assert response.status_code == 302
    page = client.get(f"/licences/{case.licence.pk}/").content.decode()
    assert "Remove a condition: Curfew" in page and "Refused" in page and "Not yet" in page


def test_a_self_crossing_zone_is_refused_on_the_page_and_nothing_saved(case, login):
    client = login(case.om)
    response = client.post(f"/licences/people/{case.case.pk}/zones/new/", {
        "label": "Bow tie", "kind": "exclusion", "shape": "polygon",
        "coordinates": "51.73, 0.46\n51.74, 0.48\n51.73, 0.48\n51.74, 0.46"})
    html = response.content.decode()
    assert response.status_code == 200 and "The boundary crosses itself" in html and "govuk-error-summary" in html
    assert not Zone.objects.filter(label="Bow tie").exists()


def test_a_zone_typed_as_a_circle_without_javascript_flags_the_address_inside(case, login):
    client = login(case.om)
    response = client.post(f"/licences/people/{case.case.pk}/zones/new/", {
        "label": "Around the school", "kind": "exclusion", "shape": "circle", "centre": "51.7345, 0.4725", "radius_m": "300"})
    zone = Zone.objects.get(label="Around the school")
    assert response.status_code == 302 and response["Location"] == f"/licences/zones/{zone.pk}/"
    assert zone.geometry == {"type": "Point", "coordinates": [0.4725, 51.7345]} and zone.radius_m == 300
    page = client.get(response["Location"]).content.decode()
    assert "The proposed address is inside exclusion zone “Around the school”" in page


def test_locating_an_address_on_the_page_explains_the_rejection(case, login):
    client = login(case.om)
    address = register.create_item(actor=case.om, nominal=case.case, kind=KINDS["addresses"],
                                   data={"status": "proposed", "line1": "1 Inside Street", "postcode": "NX2 6PL"})
    response = client.post(f"/licences/people/{case.case.pk}/locations/new/",
                           {"address": address.pk, "latitude": "51.7350", "longitude": "0.4700"}, follow=True)
    html = response.content.decode()
    assert "Proposed address rejected" in html and "is inside exclusion zone “Victim&#x27;s home area”" in html
    assert AddressLocation.objects.get(address=address).rejected


def test_a_location_typed_wrongly_is_refused_with_a_message(case, login):
    client = login(case.om)
    response = client.post(f"/licences/people/{case.case.pk}/locations/new/",
                           {"address": case.address.pk, "latitude": "north", "longitude": "0.47"})
    assert "Enter the latitude as a number" in response.content.decode()
    response = client.post(f"/licences/people/{case.case.pk}/locations/new/",
                           {"address": case.address.pk, "latitude": "48.85", "longitude": "2.35"})
    assert "outside the United Kingdom" in response.content.decode()
    assert not AddressLocation.objects.filter(address=case.address).exists()


def test_a_stale_location_edit_is_refused(case, login):
    client = login(case.om)
    services.record_location(actor=case.om, address=case.location.address, latitude=51.80, longitude=0.50,
                             version=case.location.version)
    response = client.post(f"/licences/people/{case.case.pk}/locations/new/", {
        "address": case.location.address.pk, "latitude": "51.70", "longitude": "0.40", "version": case.location.version})
    assert "Someone else recorded this address" in response.content.decode()
    assert AddressLocation.objects.get(pk=case.location.pk).latitude == 51.80


def test_a_stale_licence_edit_shows_both_values(case, login):
    client = login(case.om)
    opened = case.licence.version
    services.update_licence(actor=case.colleague, licence=case.licence, data={"issued_by": "The Parole Board"}, version=opened)
    l = case.licence
    response = client.post(f"/licences/{l.pk}/edit/", {
        "version": opened, "kind": "standard", "issued_by": "HMP Somewhere",
        "start_date_day": l.start_date.day, "start_date_month": l.start_date.month, "start_date_year": l.start_date.year,
        "end_date_day": l.end_date.day, "end_date_month": l.end_date.month, "end_date_year": l.end_date.year})
    html = response.content.decode()
    assert "Someone else changed this" in html and "The Parole Board" in html and "HMP Somewhere" in html


def test_a_route_check_shows_the_crossing(case, login):
    html = login(case.om).get(f"/licences/people/{case.case.pk}/route/", {"route": "51.7345, 0.45\n51.7345, 0.50"}).content.decode()
    assert "The route crosses or comes near 1 zone" in html and "crosses exclusion zone" in html and "<polyline" in html
    bad = login(case.om).get(f"/licences/people/{case.case.pk}/route/", {"route": "51.7345, 0.45"}).content.decode()
    assert "A route needs a start and an end point" in bad


def test_a_route_between_two_located_addresses(case, login):
    home = register.create_item(actor=case.om, nominal=case.case, kind=KINDS["addresses"],
                                data={"status": "proposed", "line1": "West End", "postcode": "NX2 6PL"})
    west = services.record_location(actor=case.om, address=home, latitude=51.7345, longitude=0.45)
    html = login(case.om).get(f"/licences/people/{case.case.pk}/route/", {"start": west.pk, "route": "51.7345, 0.50"}).content.decode()
    assert "crosses exclusion zone" in html
    # an address the user may not see cannot be chosen
    other = login(case.om).get(f"/licences/people/{case.case.pk}/route/", {"start": 999999, "route": "51.7345, 0.50"}).content.decode()
    assert "Choose an address from the list" in other


def test_a_variation_adding_a_condition_shows_its_details_and_keeps_what_was_typed(case, login):
    client = login(case.om)
    step = client.post(f"/licences/{case.licence.pk}/variations/new/", {
        "kind": "add", "code": "curfew", "requested_by": "MAPPA level 2", "step": "details"}).content.decode()
    assert "New: curfew starts" in step and 'value="MAPPA level 2"' in step and "govuk-error-summary" not in step
    bad = client.post(f"/licences/{case.licence.pk}/variations/new/", {
        "kind": "add", "code": "curfew", "requested_by": "MAPPA level 2", "request": "Curfew at home",
        "decision": "approved", "decided_on_day": str(TODAY.day), "decided_on_month": str(TODAY.month),
        "decided_on_year": str(TODAY.year), "decided_by": "SPO", "reason": "Risk", "param_address": "home",
        "param_start": "19:00", "param_end": "19:00"})
    assert "The curfew must end at a different time from when it starts" in bad.content.decode()
    assert LicenceCondition.objects.filter(code="curfew").count() == 1
