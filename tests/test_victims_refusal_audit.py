"""A change refused for want of the victim liaison officer's input is itself audited (issue 19's leftover): who tried,
what change, on which record (and item, once it exists) and why, in a row written after the refused change has rolled
back, so it stands. Nothing of the victims is kept in it. For a home address (new or changed), a licence for a
release to come and the ending of a zone, from the form pages and the API."""
import datetime
import json

from django.core.exceptions import ValidationError
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action, AuditEvent
from mappa.licences import services as licences
from mappa.licences.models import Licence, Zone
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.nominals.models import Address
from mappa.victims import services as victims_services
from tests.test_victims_services import ADDRESS, NAME, victims  # noqa: F401
from tests.test_victims_vlo_input import SQUARE

TODAY = timezone.localdate()
J = {"content_type": "application/json"}
START = TODAY + datetime.timedelta(days=30)


def refusals(w):
    return AuditEvent.objects.filter(action=Action.REFUSED, nominal=w.case, details__refused="victim_liaison_input")


def the_refusal(w, actor, what, kind, about=None):
    [event] = refusals(w)
    assert event.actor == actor and event.details["what"] == what and event.details["kind"] == kind
    assert "liaison officer's input" in event.details["why"]
    assert event.object_id == (str(about.pk) if about is not None else "")
    text = json.dumps([event.object_label, event.details, event.changes, event.reason])
    assert NAME not in text and ADDRESS not in text  # nothing of the victim
    return event


def _zone(w):
    zone, _ = licences.add_zone(actor=w.om, nominal=w.case, data={"label": "Her street", "geometry": SQUARE})
    zone.refresh_from_db()
    return zone


def test_the_services_audit_each_refusal_and_nothing_else(victims):  # noqa: F811
    w = victims
    try:
        register.create_item(actor=w.om, nominal=w.case, kind=KINDS["addresses"],
                             data={"status": "proposed", "line1": "7 New Street", "postcode": "BR1 3CD"})
    except ValidationError:
        pass
    the_refusal(w, w.om, "proposed address recorded", "address")
    assert not Address.objects.filter(line1="7 New Street").exists()
    # An urgent change goes ahead: no refusal is recorded for it.
    address = register.create_item(actor=w.om, nominal=w.case, kind=KINDS["addresses"], data={
        "status": "proposed", "line1": "7 New Street", "postcode": "BR1 3CD", "urgent_reason": "Hostel place lost"})
    assert refusals(w).count() == 1
    try:  # a move to another place is refused too, and names the address it would have changed
        register.update_item(actor=w.om, item=address, data={"postcode": "BR2 4EF"}, version=address.version)
    except ValidationError:
        pass
    event = refusals(w).get(object_id=str(address.pk))
    assert event.details["what"] == "proposed address changed" and event.object_type == "address"
    assert Address.objects.get(pk=address.pk).postcode == "BR1 3CD"


def test_the_address_form_and_api_refusals_are_audited(victims, login, client):  # noqa: F811
    w = victims
    form = {"status": "proposed", "kind": "home", "line1": "7 New Street", "postcode": "BR1 3CD"}
    page = login(w.police).post(f"/people/{w.case.pk}/addresses/new/", form)
    assert page.status_code == 200 and 'id="id_urgent_reason_error"' in page.content.decode()
    the_refusal(w, w.police, "proposed address recorded", "address")
    client.force_login(w.om)
    answer = client.post(f"/api/v1/nominals/{w.case.pk}/addresses/",
                         json.dumps({"status": "proposed", "line1": "7 New Street", "postcode": "BR1 3CD"}), **J)
    assert answer.status_code == 400
    assert refusals(w).filter(actor=w.om, channel="api").count() == 1
    assert refusals(w).filter(actor=w.police, channel="web").count() == 1
    assert not Address.objects.filter(line1="7 New Street").exists()


def test_the_licence_form_and_api_refusals_are_audited(victims, login, client):  # noqa: F811
    w = victims
    form = {"kind": "standard", "sentence": "", "start_date_day": START.day, "start_date_month": START.month,
            "start_date_year": START.year, "end_date_day": START.day, "end_date_month": START.month,
            "end_date_year": START.year + 1, "issued_by": "HMP Brackford"}
    page = login(w.om).post(f"/licences/people/{w.case.pk}/licences/new/", form)
    assert page.status_code == 200 and 'id="id_urgent_reason_error"' in page.content.decode()
    the_refusal(w, w.om, "licence for release recorded", "licence")
    client.force_login(w.om)
    body = {"kind": "standard", "start_date": str(START), "end_date": str(START + datetime.timedelta(days=400)),
            "issued_by": "HMP Brackford"}
    answer = client.post(f"/api/v1/licences/nominals/{w.case.pk}/licences/", json.dumps(body), **J)
    assert answer.status_code == 400
    assert refusals(w).filter(channel="api", details__what="licence for release recorded").count() == 1
    assert not Licence.objects.filter(nominal=w.case).exists()


def test_the_zone_form_and_api_refusals_are_audited_on_the_zone(victims, login, client):  # noqa: F811
    w = victims
    zone = _zone(w)
    page = login(w.om).post(f"/licences/zones/{zone.pk}/", {"version": zone.version})
    assert page.status_code == 200 and 'id="id_urgent_reason_error"' in page.content.decode()
    event = the_refusal(w, w.om, f"{zone.get_kind_display().lower()} ended", "zone", about=zone)
    assert event.object_type == "zone"
    client.force_login(w.om)
    answer = client.post(f"/api/v1/licences/zones/{zone.pk}/end/", json.dumps({"version": zone.version}), **J)
    assert answer.status_code == 400
    assert refusals(w).filter(channel="api", object_id=str(zone.pk)).count() == 1
    assert Zone.objects.get(pk=zone.pk).ended_on is None


def test_the_refusal_is_in_the_access_log_not_the_case_history(victims):  # noqa: F811
    w = victims
    zone = _zone(w)
    try:
        licences.end_zone(actor=w.om, zone=zone, ended_on=TODAY, version=zone.version)
    except ValidationError:
        pass
    [event] = refusals(w)
    assert event in policy.access_log_for(w.om, w.case)
    assert event not in policy.history_for(w.om, w.case)
    assert not policy.access_log_for(w.police, w.case).filter(pk=event.pk).exists()
    victims_services.add_contact(actor=w.vlo, victim=w.past, data={  # with the input, no refusal
        "occurred_on": TODAY, "method": "manager", "reached": True, "summary": "Her views"})
    licences.end_zone(actor=w.om, zone=zone, ended_on=TODAY, version=zone.version)
    assert refusals(w).count() == 1
