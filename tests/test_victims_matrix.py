"""Victim access as a matrix of its own: every reader, every route a victim's details could leave by (pages, search,
API, the work list, the plan and its PDF, the history, the export, map layers, address and route checks,
notifications, counts). The victim liaison officer, the manager and the team's supervisors see them; everyone else
who reads the case learns only that one victim is recorded, and the measures that bind him."""
import datetime
import json

import pytest
from django.utils import timezone

from mappa.core.models import Notification
from mappa.licences import services as licences
from mappa.orders import services as orders
from mappa.orders.models import Sentence
from mappa.victims import services
from tests.test_victims_services import ADDRESS, NAME, readers, victims  # noqa: F401

J = {"content_type": "application/json"}
HOME = (51.7345, 0.4725)
SECRETS = (NAME, "Wren Gardens", "01234 567890", "Former partner", "opted_in", "Opted in")


@pytest.fixture
def matrix(victims):  # noqa: F811
    w = victims
    sentence = Sentence.objects.get(conviction=w.conviction)
    orders.update_record(actor=w.om, item=sentence, version=sentence.version, data={
        "custody_from": sentence.sentenced_on, "release_date": timezone.localdate() + datetime.timedelta(days=100)})
    services.add_request(actor=w.vlo, victim=w.past, data={
        "requested_on": timezone.localdate(), "kind": "exclusion_zone", "details": f"Away from {ADDRESS}"})
    services.add_contact(actor=w.vlo, victim=w.past, data={
        "occurred_on": timezone.localdate() - datetime.timedelta(days=300), "method": "phone", "reached": True,
        "summary": "Phoned Ms Quenby", "views": "Afraid of him"})
    w.zone, _ = licences.add_zone(actor=w.om, nominal=w.case, data={
        "label": "Protected place", "kind": "protected", "radius_m": 500,
        "geometry": {"type": "Point", "coordinates": [HOME[1], HOME[0]]}})
    return w


def _leaks(body: str) -> list[str]:
    return [s for s in SECRETS if s in body]


def test_no_route_carries_a_victims_details_to_a_reader_who_may_not_see_them(matrix, client, monkeypatch):
    from mappa.plans import views as plan_views

    w = matrix
    captured = {}

    def pdf_html(template, context, **kwargs):
        from django.http import HttpResponse
        from django.template.loader import render_to_string

        captured["html"] = render_to_string(template, {**context, **kwargs})
        return HttpResponse(b"%PDF")

    monkeypatch.setattr(plan_views, "pdf_response", pdf_html)
    case = w.case.pk
    pages = ["/", "/people/?q=Quenby", "/people/?q=Philippa+Quenby", f"/people/{case}/", f"/people/{case}/history/",
             f"/people/{case}/export/", f"/victims/people/{case}/", f"/plans/{case}/", f"/licences/people/{case}/",
             f"/licences/zones/{w.zone.pk}/", f"/safeguarding/people/{case}/",
             "/api/v1/nominals/?q=Quenby", f"/api/v1/nominals/{case}/", f"/api/v1/nominals/{case}/victims/",
             f"/api/v1/nominals/{case}/plan/", f"/api/v1/licences/nominals/{case}/zones/",
             f"/api/v1/licences/nominals/{case}/address-locations/"]
    for user, sees in readers(w):
        client.force_login(user)
        bodies = {url: client.get(url) for url in pages}
        captured.clear()
        bodies["plan.pdf"] = client.get(f"/plans/{case}/plan.pdf")
        route = client.post(f"/api/v1/licences/nominals/{case}/route-check/",
                            json.dumps({"route": [[HOME[0], 0.44], [HOME[0], 0.50]]}), **J)
        bodies["route-check"] = route
        for url, response in bodies.items():
            assert response.status_code != 500, (user.username, url)
        if sees:
            assert NAME in bodies[f"/victims/people/{case}/"].content.decode(), user.username
            continue
        for url in ("/people/?q=Quenby", "/people/?q=Philippa+Quenby", "/api/v1/nominals/?q=Quenby"):
            body = bodies.pop(url).content.decode()  # a search shows what was typed; it must not find the case
            assert f"/people/{case}/" not in body and f'"id":{case},' not in body.replace(" ", ""), (user.username, url)
        for url, response in bodies.items():
            body = response.content.decode(errors="replace") if url != "plan.pdf" else captured.get("html", "")
            assert _leaks(body) == [], (user.username, url, _leaks(body))
        victims_api = bodies[f"/api/v1/nominals/{case}/victims/"]
        if victims_api.status_code == 200:  # the count, the same for everyone who reads the case
            assert victims_api.json()["count"] == 1 and victims_api.json()["victims"] == []
    for note in Notification.objects.all():
        assert _leaks(note.message) == [], note.recipient.username


def test_a_reader_who_may_not_see_victims_cannot_reach_one_by_id(matrix, client):
    w = matrix
    contact, request = w.past.contacts.get(), w.past.condition_requests.get()
    for user, sees in readers(w):
        if sees:
            continue
        client.force_login(user)
        for url in (f"/victims/{w.past.pk}/", f"/victims/{w.past.pk}/edit/", f"/victims/{w.past.pk}/contacts/new/",
                    f"/victims/{w.past.pk}/requests/new/", f"/api/v1/nominals/{w.case.pk}/victims/{w.past.pk}/",
                    f"/api/v1/nominals/{w.case.pk}/victims/{w.past.pk}/contacts/",
                    f"/api/v1/nominals/{w.case.pk}/victims/{w.past.pk}/condition-requests/"):
            # the API's contact log and requests take only additions
            response = client.post(url, "{}", **J) if url.endswith(("contacts/", "condition-requests/")) else client.get(url)
            assert response.status_code in (403, 404), (user.username, url)
            assert _leaks(response.content.decode()) == [], (user.username, url)
        assert str(contact.pk) and str(request.pk)  # ids exist; nothing above reached them
