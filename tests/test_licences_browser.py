"""In a real browser: draw an exclusion zone on the map, then see a proposed address inside it rejected."""
import json
import os
import re

import pytest
from playwright.sync_api import expect

from mappa.licences import geometry as geo
from mappa.licences.models import Zone
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from tests.browser import serious_violations, sign_in

pytestmark = pytest.mark.browser


def test_draw_a_zone_and_see_a_proposed_address_inside_it_rejected(world, live_server, page, settings):  # noqa: F811
    settings.MAPPA_MAP_TILES = ""  # offline: no tile server
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if "could not" in msg.text else None)
    address = register.create_item(actor=world.om, nominal=world.case, kind=KINDS["addresses"],
                                   data={"status": "proposed", "line1": "9 Orchard Way", "town": "Hallam Cross", "postcode": "NX2 6PL"})
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/{world.case.pk}/")
    page.get_by_role("link", name="Licence", exact=True).click()
    page.get_by_role("link", name="Add a zone").click()

    # Draw a polygon with leaflet-geoman: four clicks, then click the first corner to close it.
    page.locator(".leaflet-pm-icon-polygon").click()
    page.locator("[data-app-map]").scroll_into_view_if_needed()  # below the case header: on screen to click
    box = page.locator("[data-app-map]").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - 120, cy - 80), (cx + 120, cy - 80), (cx + 120, cy + 80), (cx - 120, cy + 80)]
    for x, y in corners:
        page.mouse.click(x, y)
        page.wait_for_timeout(150)
    page.mouse.click(*corners[0])
    drawn = json.loads(page.locator("#id_geojson").input_value())
    assert drawn["type"] == "Polygon" and len(drawn["coordinates"][0]) == 5
    assert page.locator("#id_shape_2").is_checked() or page.get_by_label("GeoJSON (the map fills this in when you draw)").is_checked()

    page.get_by_label("Name of the zone").fill("Victim's street")
    page.get_by_role("button", name="Save zone").click()
    expect(page.get_by_role("heading", name="Victim's street")).to_be_visible()
    assert page.locator("svg.app-zone-picture polygon").count() == 1

    # Locate the proposed address in the middle of the zone: it is rejected, with the reason and a picture.
    zone = Zone.objects.get(label="Victim's street")
    inside = zone.shape().anchor()
    assert geo.check_point(inside, [zone.shape()], 0)[0].status == "inside"
    page.goto(f"{live_server.url}/licences/people/{world.case.pk}/locations/new/")
    page.get_by_label("Address", exact=True).select_option(str(address.pk))
    page.get_by_label("Latitude").fill(f"{inside.lat:.6f}")
    page.get_by_label("Longitude").fill(f"{inside.lon:.6f}")
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_text("Proposed address rejected").first).to_be_visible()
    expect(page.get_by_text("The proposed address is inside exclusion zone “Victim's street”")).to_be_visible()
    page.screenshot(path=os.environ.get("MAPPA_ZONE_SCREENSHOT", "/tmp/mappa-zone-rejected.png"), full_page=True)
    assert page.csp_errors == [] and errors == []


def test_picking_an_address_on_the_map_fills_in_its_coordinates(world, live_server, page):  # noqa: F811
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/licences/people/{world.case.pk}/locations/new/")
    page.locator("[data-app-map]").scroll_into_view_if_needed()  # below the case header: on screen to click
    box = page.locator("[data-app-map]").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lat, lon = float(page.get_by_label("Latitude").input_value()), float(page.get_by_label("Longitude").input_value())
    assert 49.8 < lat < 61 and -8.7 < lon < 2  # the map starts over the United Kingdom
    assert page.csp_errors == []


def test_the_map_pages_have_no_serious_accessibility_issues(world, live_server, browser):
    from mappa.licences import services

    services.add_zone(actor=world.om, nominal=world.case, data={"label": "Zone", "geometry": {
        "type": "Point", "coordinates": [0.47, 51.73]}, "radius_m": 300})
    # The audit script is injected by the test, so only the test's page may bypass the CSP.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if "could not" in msg.text else None)
    sign_in(page, live_server, "om")
    for url in (f"/licences/people/{world.case.pk}/", f"/licences/people/{world.case.pk}/zones/new/",
                f"/licences/people/{world.case.pk}/locations/new/"):
        page.goto(f"{live_server.url}{url}")
        assert serious_violations(page) == [], url
        assert page.locator(".leaflet-interactive").count() >= 1, url  # the circle zone is drawn
    assert errors == []
    context.close()


def test_labels_on_the_map_are_shown_as_text_never_as_markup(world, live_server, page, settings):  # noqa: F811
    """A zone's name and an address are typed by people: on the map they are text, whatever they contain."""
    from mappa.licences import services

    settings.MAPPA_MAP_TILES = ""
    zone_label, line1 = "<b>x</b><img src=x>", "<i>y</i> Mill Lane"
    services.add_zone(actor=world.om, nominal=world.case, data={
        "label": zone_label, "geometry": {"type": "Point", "coordinates": [0.4725, 51.7345]}, "radius_m": 300})
    address = register.create_item(actor=world.om, nominal=world.case, kind=KINDS["addresses"],
                                   data={"status": "proposed", "line1": line1, "postcode": "NX2 6PL"})
    services.record_location(actor=world.om, address=address, latitude=51.7420, longitude=0.4725)  # north of the zone
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/licences/people/{world.case.pk}/")
    map_element = page.locator("[data-app-map]")
    expect(map_element).to_have_class(re.compile("app-map--live"))
    map_element.scroll_into_view_if_needed()

    def hover(lat, lon):
        x, y = page.evaluate("([lat, lon]) => { const p = document.querySelector('[data-app-map]').mappaMap"
                             ".latLngToContainerPoint([lat, lon]); return [p.x, p.y] }", [lat, lon])
        box = map_element.bounding_box()
        page.mouse.move(box["x"] + x, box["y"] + y)

    hover(51.7345, 0.4725)
    zone_tooltip = page.locator(".leaflet-tooltip").filter(has_text="<b>")
    expect(zone_tooltip).to_have_text(zone_label)
    assert zone_tooltip.locator("b, img").count() == 0
    hover(51.7420, 0.4725)
    address_tooltip = page.locator(".leaflet-tooltip").filter(has_text="Mill Lane")
    expect(address_tooltip).to_contain_text(line1)
    assert address_tooltip.locator("i").count() == 0
    assert page.csp_errors == []
