"""The victim liaison officer is told when the expected release date, a licence condition, an address or a zone
changes for a person whose victims they hold (inspection 2010 ¶7.9-7.10; P-19.3), with nothing of a victim in the
message, and no one else is told by this."""
import datetime

from django.utils import timezone

from mappa.core.models import Notification
from mappa.licences import services as licences
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.orders import services as orders
from mappa.orders.models import Sentence
from tests.test_victims_services import ADDRESS, NAME, victims  # noqa: F401

SQUARE = {"type": "Polygon", "coordinates": [[[-1.50, 53.38], [-1.49, 53.38], [-1.49, 53.39], [-1.50, 53.39], [-1.50, 53.38]]]}


def _told(user):
    return [n.message for n in Notification.objects.filter(recipient=user, kind="victim_liaison_change").order_by("pk")]


def test_the_liaison_officer_is_told_of_release_address_and_zone_changes(victims):  # noqa: F811
    w = victims
    sentence = Sentence.objects.get(conviction=w.conviction)
    release = timezone.localdate() + datetime.timedelta(days=90)
    orders.update_record(actor=w.om, item=sentence, version=sentence.version,
                         data={"custody_from": sentence.sentenced_on, "release_date": release})
    [message] = _told(w.vlo)
    assert "expected release date changed" in message and w.case.full_name in message
    # A new address where he will live needs the liaison officer's input first (tests/test_victims_vlo_input.py).
    from mappa.victims import services as victims_services

    victims_services.add_contact(actor=w.vlo, victim=w.past, data={
        "occurred_on": timezone.localdate(), "method": "manager", "summary": "Her views on where he may live"})
    register.create_item(actor=w.om, nominal=w.case, kind=KINDS["addresses"],
                         data={"line1": "7 New Street", "town": "Bradwell", "postcode": "BR1 3CD", "status": "proposed"})
    assert "change of address" in _told(w.vlo)[-1]
    licences.add_zone(actor=w.om, nominal=w.case, data={"label": "Her street", "geometry": SQUARE, "handling": "victim"})
    assert "exclusion zone added" in _told(w.vlo)[-1]
    for message in _told(w.vlo):
        assert NAME not in message and ADDRESS.split(",")[0] not in message
    # the change's author and the other partners are not told by this
    for user in (w.om, w.police, w.children, w.housing):
        assert _told(user) == []


def test_no_one_is_told_once_contact_has_ended(victims):  # noqa: F811
    from mappa.victims import services

    w = victims
    services.change_victim(actor=w.vlo, victim=w.past, version=w.past.version,
                           data={"ended_on": timezone.localdate(), "ended_reason": "Asked to stop"})
    licences.add_zone(actor=w.om, nominal=w.case, data={"label": "Her street", "geometry": SQUARE})
    assert _told(w.vlo) == []


def test_the_liaison_officer_is_told_of_licence_condition_changes(victims):  # noqa: F811
    # A licence condition added, varied or ended is what the victim asked to be told of (DVCVA 2004 s.35(5)-(7)).
    from tests.test_licences_services import licence_for

    w = victims
    licence = licence_for(w)
    curfew = licences.add_condition(actor=w.om, licence=licence, code="curfew",
                                    parameters={"address": "the approved premises", "start": "19:00", "end": "07:00"})
    assert "licence condition added" in _told(w.vlo)[-1]
    decision = {"requested_by": "Jonah Davis", "decided_on": timezone.localdate(), "decided_by": "Governor",
                "consulted": "MAPPA"}
    licences.record_variation(actor=w.om, licence=licence, data={
        **decision, "kind": "ease", "condition": curfew, "request": "Later curfew for a training course",
        "decision": "approved", "reason": "Good compliance"},
        parameters={"address": "the approved premises", "start": "21:00", "end": "07:00"})
    assert "licence condition varied" in _told(w.vlo)[-1]
    curfew.refresh_from_db()
    licences.end_condition(actor=w.om, condition=curfew, ended_on=timezone.localdate(), version=curfew.version)
    assert "licence condition ended" in _told(w.vlo)[-1]
    for message in _told(w.vlo):
        assert NAME not in message and ADDRESS.split(",")[0] not in message and w.case.full_name in message
    for user in (w.om, w.police, w.children, w.housing):
        assert _told(user) == []
