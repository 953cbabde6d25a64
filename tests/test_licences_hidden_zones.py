"""A zone a reader may not see (a victim's home) never shapes what that reader is told.

The children's services worker partners on the case but may not see victim details. The offender
manager drew "1 km around Victim 2's home" as a zone restricted as victim details. Whatever place or
route the worker checks, inside the zone, near it or far from it, she is told the same thing; the
address is still held for the manager's decision, the manager still sees why, every check is audited,
and many checks by one reader on one person are shown to the manager.
"""
import html
import json
import re

import pytest
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import AuditEvent
from mappa.core import reference
from mappa.core.models import Notification, ReferenceSetting
from mappa.licences import services
from mappa.licences.models import AddressLocation
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.nominals.models import SignificantEvent

TODAY = timezone.localdate()
J = {"content_type": "application/json"}
LABEL = "1 km around Victim 2's home"
INSIDE = (51.7345, 0.4725)  # the victim's home itself
NEAR = (51.7460, 0.4725)  # about 1.28 km north: outside the edge, within the 500 m warning distance
FAR = (51.8200, 0.6000)  # kilometres away
VISIBLE_SQUARE = {"type": "Polygon", "coordinates": [[[0.590, 51.815], [0.610, 51.815], [0.610, 51.825], [0.590, 51.825], [0.590, 51.815]]]}
# Answers vary with these only: which row, which address, the coordinates sent back, and when.
VARYING = {"id", "address", "latitude", "longitude", "checked_at"}


@pytest.fixture
def hidden(world):
    world.zone, _ = services.add_zone(actor=world.om, nominal=world.case, data={
        "label": LABEL, "geometry": {"type": "Point", "coordinates": [INSIDE[1], INSIDE[0]]}, "radius_m": 1000,
        "handling": "victim"})
    return world


def proposed(w, line1, actor=None):
    return register.create_item(actor=actor or w.children, nominal=w.case, kind=KINDS["addresses"],
                                data={"status": "proposed", "line1": line1, "postcode": "NX2 6PL"})


def locations_url(w):
    return f"/api/v1/licences/nominals/{w.case.pk}/address-locations/"


def locate(client, w, address, point, version=None):
    body = {"address": address.pk, "latitude": point[0], "longitude": point[1]}
    if version is not None:
        body["version"] = version
    return client.post(locations_url(w), body, **J)


def without_varying(row: dict) -> str:
    return json.dumps({k: v for k, v in row.items() if k not in VARYING}, sort_keys=True)


# ---- the API -------------------------------------------------------------------------------------

def test_a_reader_who_may_not_see_a_zone_gets_the_same_answer_inside_near_and_far_from_it(hidden, client):
    client.force_login(hidden.children)
    replies = []
    for n, point in enumerate((INSIDE, NEAR, FAR)):
        reply = locate(client, hidden, proposed(hidden, f"{n} Mill Road"), point)
        assert reply.status_code == 201
        replies.append(without_varying(reply.json()))
    assert replies[0] == replies[1] == replies[2]
    body = json.loads(replies[0])
    assert body["result"] == "clear" and body["rejected"] is False and body["findings"] == []
    assert body["complete"] is False and "zones you may not see" in body["note"] and "offender manager" in body["note"]
    assert "Victim" not in replies[0] and "distance" not in replies[0]
    listed = [without_varying(row) for row in client.get(locations_url(hidden)).json()]
    assert len(listed) == 3 and len(set(listed)) == 1 and listed[0] == replies[0]


def test_what_the_reader_may_see_is_still_reported_beside_the_hidden_zone(hidden, client):
    services.add_zone(actor=hidden.om, nominal=hidden.case, data={"label": "Eastmere town centre", "geometry": VISIBLE_SQUARE})
    client.force_login(hidden.children)
    body = locate(client, hidden, proposed(hidden, "1 Mill Road"), FAR).json()
    assert body["result"] == "inside" and body["rejected"] is True
    assert [f["explanation"][:58] for f in body["findings"]] == ["The proposed address is inside exclusion zone “Eastmere to"]
    assert body["complete"] is False and "zones you may not see" in body["note"]


def test_the_address_inside_is_held_and_the_manager_gets_the_finding(hidden, client):
    client.force_login(hidden.children)
    address = proposed(hidden, "1 Mill Road")
    locate(client, hidden, address, INSIDE)
    location = AddressLocation.objects.get(address=address)
    assert location.result == "inside" and location.rejected  # held: it cannot be approved
    client.force_login(hidden.om)
    [row] = client.get(locations_url(hidden)).json()
    assert row["rejected"] is True and row["result"] == "inside" and row["complete"] is True and row["note"] == ""
    assert row["findings"][0]["explanation"].startswith(f"The proposed address is inside exclusion zone “{LABEL}”")
    asked = Notification.objects.filter(recipient=hidden.om, nominal=hidden.case, kind="zone_check_decision")
    assert asked.count() == 1 and LABEL not in asked.get().message and "Victim" not in asked.get().message
    assert not Notification.objects.filter(recipient=hidden.children).exists()


def test_a_manager_who_may_see_every_zone_gets_the_full_answer(hidden, client):
    client.force_login(hidden.om)
    body = locate(client, hidden, proposed(hidden, "1 Mill Road", actor=hidden.om), NEAR).json()
    assert body["result"] == "near" and body["complete"] is True and body["note"] == ""
    assert "within the 500 m warning distance" in body["findings"][0]["explanation"]


def test_route_checks_answer_the_same_whether_or_not_they_cross_a_hidden_zone(hidden, client):
    url = f"/api/v1/licences/nominals/{hidden.case.pk}/route-check/"
    crossing = {"route": [[INSIDE[0], 0.44], [INSIDE[0], 0.50]]}
    passing = {"route": [[NEAR[0], 0.44], [NEAR[0], 0.50]]}
    clear = {"route": [[51.82, 0.58], [51.82, 0.62]]}
    client.force_login(hidden.children)
    answers = [client.post(url, route, **J) for route in (crossing, passing, clear)]
    assert all(a.status_code == 200 for a in answers)
    assert answers[0].content == answers[1].content == answers[2].content
    body = answers[0].json()
    assert body["crosses"] is False and body["findings"] == [] and "zones you may not see" in body["note"]
    client.force_login(hidden.om)
    mine = client.post(url, crossing, **J).json()
    assert mine["crosses"] is True and mine["findings"][0]["label"] == LABEL and mine["note"] == ""


def test_adding_a_zone_reports_rechecks_as_the_reader_may_see_them(hidden, client):
    client.force_login(hidden.children)
    locate(client, hidden, proposed(hidden, "1 Mill Road"), INSIDE)
    just_north = {"type": "Polygon", "coordinates": [[[0.470, 51.737], [0.475, 51.737], [0.475, 51.740], [0.470, 51.740], [0.470, 51.737]]]}
    reply = client.post(f"/api/v1/licences/nominals/{hidden.case.pk}/zones/", {"label": "Park", "geometry": just_north}, **J)
    assert reply.status_code == 201
    [row] = reply.json()["rechecked"]  # the address is near the new zone: told that, and nothing of the hidden one
    assert row["result"] == "near" and row["rejected"] is False and row["complete"] is False
    assert [f["explanation"][:50] for f in row["findings"]] == ["The proposed address is 278 m from the edge of exc"]


# ---- the pages -----------------------------------------------------------------------------------

def what_is_said(page: str) -> str:
    """The words of the page's main content, without the drawing, numbers (coordinates, times) or markup."""
    main = page[page.index("<main"):page.index("</main>")]
    main = re.sub(r"<svg.*?</svg>", "", main, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    return " ".join(re.sub(r"[\d.,:]+", "#", text).split())


def map_properties(page: str) -> list:
    raw = re.findall(r'data-features="([^"]*)"', page)
    return [[f["properties"] for f in json.loads(html.unescape(r))["features"]] for r in raw]


def marker_colours(page: str) -> list:
    return re.findall(r'<circle [^>]*r="6" fill="(#\w+)"', page)


def pages_for(w, client, location) -> dict:
    n = w.case.pk
    return {url: client.get(url).content.decode() for url in (
        f"/licences/locations/{location.pk}/", f"/licences/people/{n}/", f"/people/{n}/")}


def test_the_pages_tell_a_reader_the_same_inside_and_outside_a_zone_she_may_not_see(hidden, login):
    client = login(hidden.children)
    address = proposed(hidden, "1 Mill Road")
    told = []
    version = None
    for point in (INSIDE, FAR):
        body = {"address": address.pk, "latitude": point[0], "longitude": point[1]}
        if version is not None:
            body["version"] = version
        saved = client.post(f"/licences/people/{hidden.case.pk}/locations/new/", body, follow=True)
        assert saved.status_code == 200
        location = AddressLocation.objects.get(address=address)
        version = location.version
        seen = {"saved": what_is_said(saved.content.decode())}
        for url, page in pages_for(hidden, client, location).items():
            seen[url] = (what_is_said(page), map_properties(page), marker_colours(page))
        told.append(seen)
    inside, outside = told
    for key in inside:
        assert inside[key] == outside[key], key
    assert "zones you may not see" in inside["saved"] and "offender manager will confirm" in inside["saved"]
    # The case page has a "Victims" panel for every reader; what must not appear is the zone or whose home it rings.
    assert "rejected" not in inside["saved"].lower() and LABEL not in json.dumps(inside) and "Victim 2" not in json.dumps(inside)


def test_the_route_page_tells_a_reader_the_same_whether_or_not_the_route_crosses_a_hidden_zone(hidden, login):
    client = login(hidden.children)
    url = f"/licences/people/{hidden.case.pk}/route/?route="
    crossing = what_is_said(client.get(url + f"{INSIDE[0]},0.44%0A{INSIDE[0]},0.50").content.decode())
    clear = what_is_said(client.get(url + "51.82,0.58%0A51.82,0.62").content.decode())
    assert crossing == clear and "zones you may not see" in crossing
    mine = html.unescape(login(hidden.om).get(url + f"{INSIDE[0]},0.44%0A{INSIDE[0]},0.50").content.decode())
    assert f"crosses exclusion zone “{LABEL}”" in mine


def test_the_manager_still_sees_the_rejection_on_the_pages(hidden, login):
    address = proposed(hidden, "1 Mill Road")
    services.record_location(actor=hidden.children, address=address, latitude=INSIDE[0], longitude=INSIDE[1])
    location = AddressLocation.objects.get(address=address)
    page = login(hidden.om).get(f"/licences/locations/{location.pk}/").content.decode()
    assert "Proposed address rejected" in page and f"inside exclusion zone “{html.escape(LABEL)}”" in page


# ---- what is recorded ---------------------------------------------------------------------------

def test_the_rejection_is_recorded_where_only_those_who_may_see_the_zone_see_it(hidden):
    inside, far = proposed(hidden, "1 Mill Road"), proposed(hidden, "2 Mill Road")
    services.record_location(actor=hidden.children, address=inside, latitude=INSIDE[0], longitude=INSIDE[1])
    services.record_location(actor=hidden.children, address=far, latitude=FAR[0], longitude=FAR[1])
    from_checks = {"kind": "address", "source_type": "addresslocation"}
    assert not policy.items_for(hidden.children, SignificantEvent, nominal=hidden.case).filter(**from_checks).exists()
    [event] = policy.items_for(hidden.om, SignificantEvent, nominal=hidden.case).filter(**from_checks)
    assert event.summary.startswith("Proposed address rejected") and event.handling == "victim"
    history = history_as_the_reader_reads_it(hidden)
    assert "inside" not in history


def history_as_the_reader_reads_it(w) -> str:
    """The change history as the reader reads it (item rules apply)."""
    from django.test import Client

    client = Client()
    client.force_login(w.children)
    return what_is_said(client.get(f"/people/{w.case.pk}/history/").content.decode())


def test_each_check_is_audited(hidden, client):
    client.force_login(hidden.children)
    address = proposed(hidden, "1 Mill Road")
    locate(client, hidden, address, INSIDE)
    client.post(f"/api/v1/licences/nominals/{hidden.case.pk}/route-check/", {"route": [[51.82, 0.58], [51.82, 0.62]]}, **J)
    checks = AuditEvent.objects.filter(actor=hidden.children, nominal=hidden.case, details__has_key="zone_check")
    assert sorted(e.details["zone_check"] for e in checks) == ["address", "route"]
    route = checks.get(details__zone_check="route")
    assert route.details["route"] == [[51.82, 0.58], [51.82, 0.62]]


def test_the_limit_on_repeated_checks_is_reference_data(db):
    row = reference.in_force("licences.repeated_zone_checks")
    assert row.value["checks"] > 0 and row.value["hours"] > 0 and row.source


def test_repeated_checks_by_one_reader_on_one_person_are_shown_to_the_manager(hidden, client):
    ReferenceSetting.objects.create(key="licences.repeated_zone_checks", value={"checks": 3, "hours": 24},
                                    effective_from=TODAY, source="test")
    client.force_login(hidden.children)
    address = proposed(hidden, "1 Mill Road")
    route_url = f"/api/v1/licences/nominals/{hidden.case.pk}/route-check/"
    version = None
    for lat in (51.70, 51.72):
        version = locate(client, hidden, address, (lat, 0.47), version).json()["version"]
    client.post(route_url, {"route": [[51.82, 0.58], [51.82, 0.62]]}, **J)
    repeated = Notification.objects.filter(nominal=hidden.case, kind="zone_checks_repeated")
    assert not repeated.exists()  # three checks: not more than the limit
    locate(client, hidden, address, (51.74, 0.47), version)
    [notice] = repeated
    assert notice.recipient == hidden.om
    assert "Children Tester" in notice.message and "4" in notice.message
    assert "Victim" not in notice.message and LABEL not in notice.message and "51." not in notice.message
    for _ in range(3):
        client.post(route_url, {"route": [[51.82, 0.58], [51.82, 0.62]]}, **J)
    assert repeated.count() == 1  # told once for the period, not at every further check


def test_the_managers_own_checks_do_not_notify_herself(hidden, client):
    ReferenceSetting.objects.create(key="licences.repeated_zone_checks", value={"checks": 1, "hours": 24},
                                    effective_from=TODAY, source="test")
    client.force_login(hidden.om)
    for _ in range(3):
        client.post(f"/api/v1/licences/nominals/{hidden.case.pk}/route-check/", {"route": [[51.82, 0.58], [51.82, 0.62]]}, **J)
    assert not Notification.objects.filter(kind="zone_checks_repeated").exists()
