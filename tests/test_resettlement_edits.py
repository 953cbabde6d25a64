"""Approved premises records are corrected, not only added (issue 23): a referral, an arrival, a move-on plan and an
incident are changed through the services with the version they were opened at. A stale change is refused with the
other person's changes for review (409 in the API) and changes nothing; a reader who may not record them may not
change them; every change writes its audit row."""
import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from mappa.audit.models import AuditEvent
from mappa.core.concurrency import StaleEdit
from mappa.resettlement import services
from mappa.resettlement.models import PremisesIncident, PremisesPlacement, PremisesReferral
from tests.test_resettlement import ap, arrive, days, ours  # noqa: F401

J = {"content_type": "application/json"}
REFUSED = (PermissionDenied, Http404)


def referral(w):
    return services.add_referral(actor=w.om, nominal=w.case, data={
        "referred_on": days(-5), "premises": "northshire", "reason": "Homeless on release"})


def incident(w, placement, kind="other"):
    return services.add_incident(actor=w.om, nominal=w.case, data={
        "placement": placement, "occurred_on": days(-2), "kind": kind, "details": "Argued with staff",
        "action_taken": ""})


def updates(item):
    return AuditEvent.objects.filter(object_type=item._meta.model_name, object_id=str(item.pk), action="update")


def _fresh(item):
    return type(item).objects.get(pk=item.pk)


# ---- services ---------------------------------------------------------------------------------------------------

def test_a_referral_is_changed_once_and_a_stale_change_is_refused(ap):
    w = ap
    r = referral(w)
    changed = services.edit_referral(actor=w.om, referral=r, version=r.version,
                                     data={"reason": "Homeless on release; needs structure"})
    assert changed.version == 2
    [event] = updates(r)
    assert event.actor == w.om and event.changes["reason"] == ["Homeless on release", "Homeless on release; needs structure"]
    with pytest.raises(StaleEdit) as stale:
        services.edit_referral(actor=w.om, referral=r, version=1, data={"reason": "Something else"})
    assert stale.value.current.reason == "Homeless on release; needs structure"
    assert _fresh(r).reason == "Homeless on release; needs structure" and updates(r).count() == 1


def test_a_decided_referral_keeps_its_premises(ap):
    w = ap
    r = referral(w)
    r = services.decide_referral(actor=w.om, referral=r, decision="accepted", reason="", version=r.version)
    with pytest.raises(ValidationError) as refused:
        services.edit_referral(actor=w.om, referral=r, version=r.version, data={"premises": "southmoor"})
    assert "refer again for other premises" in refused.value.message_dict["premises"][0]
    assert _fresh(r).premises == "northshire"


def test_only_those_who_may_record_them_change_them(ap):
    w = ap
    r, placement = referral(w), arrive(w)
    i = incident(w, placement)
    attempts = [
        lambda: services.edit_referral(actor=w.housing, referral=r, version=r.version, data={"reason": "x"}),
        lambda: services.edit_placement(actor=w.housing, placement=placement, version=placement.version,
                                        data={"key_worker": "x"}),
        lambda: services.plan_move_on(actor=w.housing, placement=placement, version=placement.version,
                                      data={"move_on_plan": "x"}),
        lambda: services.edit_incident(actor=w.housing, incident=i, version=i.version, data={"details": "x"}),
        lambda: services.edit_referral(actor=w.south, referral=r, version=r.version, data={"reason": "x"}),
    ]
    for attempt in attempts:
        with pytest.raises(REFUSED):
            attempt()
    assert _fresh(r).version == 1 and _fresh(placement).version == 1 and _fresh(i).version == 1
    assert not AuditEvent.objects.filter(action="update", object_type__startswith="premises").exists()


def test_an_arrival_is_corrected_within_its_incidents(ap):
    w = ap
    placement = arrive(w, arrived=-30)
    incident(w, placement)
    changed = services.edit_placement(actor=w.om, placement=placement, version=placement.version, data={
        "arrived_on": days(-29), "key_worker": "Sam Pryor", "curfew_from": datetime.time(22, 0)})
    [event] = updates(placement)
    assert set(event.changes) == {"arrived_on", "key_worker", "curfew_from"}
    with pytest.raises(ValidationError) as refused:  # after the incident it had
        services.edit_placement(actor=w.om, placement=changed, version=changed.version, data={"arrived_on": days(-1)})
    assert "correct the incident first" in str(refused.value)
    with pytest.raises(ValidationError):  # the move-on page's fields are not this change's
        services.edit_placement(actor=w.om, placement=changed, version=changed.version, data={"move_on_plan": "x"})
    with pytest.raises(StaleEdit):
        services.edit_placement(actor=w.om, placement=changed, version=1, data={"key_worker": "Someone"})
    assert _fresh(placement).key_worker == "Sam Pryor" and updates(placement).count() == 1


def test_a_stale_move_on_plan_is_refused_before_its_rules(ap):
    w = ap
    placement = arrive(w)
    services.plan_move_on(actor=w.om, placement=placement, version=1, data={"move_on_plan": "Supported housing"})
    with pytest.raises(StaleEdit):
        services.plan_move_on(actor=w.om, placement=placement, version=1, data={"move_on_plan": "Family"})
    assert _fresh(placement).move_on_plan == "Supported housing" and updates(placement).count() == 1


def test_an_incident_that_becomes_a_breach_is_a_significant_event(ap):
    w = ap
    placement = arrive(w)
    i = incident(w, placement)
    assert not ours(w.case).exists()
    changed = services.edit_incident(actor=w.om, incident=i, version=i.version, data={"kind": "curfew"})
    assert ours(w.case).count() == 1 and updates(i).get().changes["kind"] == ["other", "curfew"]
    with pytest.raises(ValidationError):  # before the placement
        services.edit_incident(actor=w.om, incident=changed, version=changed.version, data={"occurred_on": days(-60)})
    with pytest.raises(StaleEdit):
        services.edit_incident(actor=w.om, incident=changed, version=1, data={"details": "Something else"})
    assert _fresh(i).details == "Argued with staff" and updates(i).count() == 1 and ours(w.case).count() == 1


# ---- pages ------------------------------------------------------------------------------------------------------

def _date(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_the_edit_pages_save_and_show_a_stale_save_for_review(ap, login):
    w = ap
    r, placement = referral(w), arrive(w)
    i = incident(w, placement)
    client = login(w.om)
    page = client.get(f"/resettlement/{w.case.pk}/").content.decode()
    for url in (f"referrals/{r.pk}/", f"placements/{placement.pk}/", f"incidents/{i.pk}/"):
        assert f"/resettlement/{w.case.pk}/{url}" in page
        assert client.get(f"/resettlement/{w.case.pk}/{url}").status_code == 200
    forms = [
        (r, f"referrals/{r.pk}/", {"premises": "northshire", "reason": "Needs structure", **_date("referred_on", days(-5))},
         "reason", "Another reason"),
        (placement, f"placements/{placement.pk}/", {"premises": "northshire", "key_worker": "Sam Pryor",
                                                    "curfew_from": "23:00", "curfew_to": "07:00",
                                                    **_date("arrived_on", days(-30))}, "key_worker", "Jo Bell"),
        (i, f"incidents/{i.pk}/", {"kind": "rules", "details": "Smoking indoors", "action_taken": "Warned",
                                   **_date("occurred_on", days(-2))}, "details", "Shouting"),
    ]
    for item, url, form, field, other in forms:
        saved = client.post(f"/resettlement/{w.case.pk}/{url}", {"version": 1, **form})
        assert saved.status_code == 302, saved.content.decode()[-1500:]
        stale = client.post(f"/resettlement/{w.case.pk}/{url}", {"version": 1, **form, field: other})
        body = stale.content.decode()
        assert stale.status_code == 200 and "Someone else changed this" in body
        assert getattr(_fresh(item), field) == form[field] and updates(item).count() == 1


def test_a_reader_who_may_not_record_them_cannot_open_the_edit_pages(ap, login):
    w = ap
    r, placement = referral(w), arrive(w)
    i = incident(w, placement)
    client = login(w.housing)
    assert "Change arrival" not in client.get(f"/resettlement/{w.case.pk}/").content.decode()
    for url in (f"referrals/{r.pk}/", f"placements/{placement.pk}/", f"incidents/{i.pk}/"):
        assert client.get(f"/resettlement/{w.case.pk}/{url}").status_code in (403, 404)
        assert client.post(f"/resettlement/{w.case.pk}/{url}", {"version": 1}).status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="update", object_type__startswith="premises").exists()


# ---- API --------------------------------------------------------------------------------------------------------

def test_the_api_changes_each_with_its_version_and_answers_409_when_stale(ap, client):
    w = ap
    r, placement = referral(w), arrive(w)
    i = incident(w, placement)
    client.force_login(w.om)
    base = f"/api/v1/nominals/{w.case.pk}/resettlement"
    listed = client.get(f"{base}/").json()
    assert listed["placements"][0]["incidents"][0]["id"] == i.pk
    changes = [
        (r, f"{base}/referrals/{r.pk}/", "reason", "Needs structure"),
        (placement, f"{base}/placements/{placement.pk}/", "key_worker", "Sam Pryor"),
        (placement, f"{base}/placements/{placement.pk}/move-on/", "move_on_plan", "Supported housing"),
        (i, f"{base}/incidents/{i.pk}/", "details", "Smoking indoors"),
    ]
    for item, url, field, value in changes:
        version = _fresh(item).version
        answer = client.patch(url, json.dumps({"version": version, field: value}), **J)
        assert answer.status_code == 200, answer.content
        assert answer.json()[field] == value and answer.json()["version"] == version + 1
        stale = client.patch(url, json.dumps({"version": version, field: "Overwritten"}), **J)
        assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
        assert getattr(_fresh(item), field) == value
    assert updates(r).count() == 1 and updates(placement).count() == 2 and updates(i).count() == 1
    missing = client.patch(f"{base}/incidents/{i.pk}/", json.dumps({"details": "x"}), **J)
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    unknown = client.patch(f"{base}/placements/{placement.pk}/", json.dumps({"version": 3, "departed_on": "2020-01-01"}), **J)
    assert _fresh(placement).departed_on is None and unknown.status_code in (200, 400)


def test_the_api_refuses_a_reader_who_may_not_record_them(ap, client):
    w = ap
    r, placement = referral(w), arrive(w)
    i = incident(w, placement)
    base = f"/api/v1/nominals/{w.case.pk}/resettlement"
    for user in (w.housing, w.south):
        client.force_login(user)
        for url in (f"referrals/{r.pk}/", f"placements/{placement.pk}/", f"placements/{placement.pk}/move-on/",
                    f"incidents/{i.pk}/"):
            answer = client.patch(f"{base}/{url}", json.dumps({"version": 1, "details": "x"}), **J)
            assert answer.status_code in (403, 404), (user.username, url)
    assert all(_fresh(x).version == 1 for x in (r, placement, i))
    assert PremisesReferral.objects.count() == PremisesPlacement.objects.count() == PremisesIncident.objects.count() == 1
