"""Licences, conditions, variations, zones and address checks through the services: validation, audit,
access, stale edits, and what other parts receive (facts, plan requirements, the case page panel)."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.audit.models import AuditEvent
from mappa.core import extensions, facts
from mappa.core.concurrency import StaleEdit
from mappa.core.models import ReferenceSetting
from mappa.licences import registrations, services
from mappa.licences.models import AddressLocation, Licence, LicenceCondition, Variation, Zone
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.nominals.models import SignificantEvent

TODAY = timezone.localdate()
SQUARE = {"type": "Polygon", "coordinates": [[[0.465, 51.730], [0.480, 51.730], [0.480, 51.739], [0.465, 51.739], [0.465, 51.730]]]}
BOW_TIE = {"type": "Polygon", "coordinates": [[[0.46, 51.73], [0.48, 51.74], [0.48, 51.73], [0.46, 51.74], [0.46, 51.73]]]}


def licence_for(w, **extra):
    data = {"kind": "standard", "start_date": TODAY - datetime.timedelta(days=30), "end_date": TODAY + datetime.timedelta(days=300),
            "issued_by": "HMP Brackford"} | extra
    return services.create_licence(actor=w.om, nominal=w.case, data=data)


def proposed(w, line1="9 Orchard Way"):
    return register.create_item(actor=w.om, nominal=w.case, kind=KINDS["addresses"],
                                data={"status": "proposed", "line1": line1, "postcode": "NX2 6PL"})


def test_a_licence_is_recorded_and_audited(world):
    licence = licence_for(world)
    assert licence.is_current() and licence.agency == world.om.agency
    event = AuditEvent.objects.get(object_type="licence", object_id=str(licence.pk), action="create")
    assert event.nominal == world.case and event.changes["issued_by"] == [None, "HMP Brackford"]


def test_a_licence_ending_before_it_starts_is_refused_and_nothing_saved(world):
    with pytest.raises(ValidationError) as exc:
        licence_for(world, end_date=TODAY - datetime.timedelta(days=31))
    assert exc.value.message_dict == {"end_date": ["The licence must end after it starts"]}
    assert not Licence.objects.exists()


def test_only_those_who_may_change_the_record_can_add_a_licence(world):
    with pytest.raises(PermissionDenied):
        services.create_licence(actor=world.housing, nominal=world.case, data={})
    with pytest.raises(Http404):
        services.create_licence(actor=world.south, nominal=world.case, data={})


def test_a_stale_licence_edit_is_refused(world):
    licence = licence_for(world)
    opened = licence.version
    services.update_licence(actor=world.om, licence=licence, data={"issued_by": "The Parole Board"}, version=opened)
    with pytest.raises(StaleEdit):
        services.update_licence(actor=world.colleague, licence=Licence.objects.get(pk=licence.pk),
                                data={"issued_by": "Someone else"}, version=opened)
    assert Licence.objects.get(pk=licence.pk).issued_by == "The Parole Board"


def test_conditions_come_from_the_catalogue_with_their_wording_and_source(world):
    licence = licence_for(world)
    curfew = services.add_condition(actor=world.om, licence=licence, code="curfew",
                                    parameters={"address": "the approved premises", "start": "19:00", "end": "07:00"})
    assert curfew.text.startswith("Stay at the approved premises from 19:00 until 07:00 every day")
    assert curfew.wording_from == datetime.date(2008, 4, 1) and curfew.category == "additional"
    entry = services.entry_for("curfew", TODAY)
    assert "E1.3-03" in entry.source  # cites the good practice example it comes from


def test_an_unknown_condition_code_is_refused(world):
    licence = licence_for(world)
    with pytest.raises(ValidationError) as exc:
        services.add_condition(actor=world.om, licence=licence, code="no_such_thing")
    assert "There is no licence condition “no_such_thing” in the catalogue" in exc.value.message_dict["code"][0]
    assert not LicenceCondition.objects.exists()


def test_a_condition_uses_the_wording_in_force_when_added(world):
    licence = licence_for(world)
    from mappa.licences.models import CatalogueCondition
    CatalogueCondition.objects.create(code="polygraph", title="Polygraph", category="additional", text="New wording.",
                                      parameters=[], effective_from=TODAY + datetime.timedelta(days=10), source="test")
    now = services.add_condition(actor=world.om, licence=licence, code="polygraph")
    later = services.add_condition(actor=world.om, licence=licence, code="polygraph", added_on=TODAY + datetime.timedelta(days=10))
    assert now.text.startswith("Take polygraph tests") and later.text == "New wording."


def test_naming_a_victim_restricts_the_condition_like_the_victims_details(world):
    licence = licence_for(world)
    condition = services.add_condition(actor=world.om, licence=licence, code="no_contact", parameters={"people": [world.victim.pk]})
    assert condition.text.startswith("Do not contact or try to contact Alice Victim")
    assert condition.handling == "victim"
    # children's services may not see victim details, so cannot name the victim either
    with pytest.raises(ValidationError) as exc:
        services.add_condition(actor=world.children, licence=licence, code="no_contact", parameters={"people": [world.victim.pk]})
    assert exc.value.message_dict["people"] == ["Choose from the people recorded on this person's record"]


def test_an_approved_variation_changes_the_licence_and_a_refused_one_is_kept_with_its_reasons(world):
    licence = licence_for(world)
    curfew = services.add_condition(actor=world.om, licence=licence, code="curfew",
                                    parameters={"address": "the approved premises", "start": "19:00", "end": "07:00"})
    decision = {"requested_by": "Jonah Davis", "decided_on": TODAY, "decided_by": "Governor", "consulted": "MAPPA"}
    eased = services.record_variation(actor=world.om, licence=licence, data={
        **decision, "kind": "ease", "condition": curfew, "request": "Later curfew for a training course",
        "decision": "approved", "reason": "Good compliance"}, parameters={"address": "the approved premises", "start": "21:00", "end": "07:00"})
    curfew.refresh_from_db()
    assert "from 21:00 until 07:00" in curfew.text and eased.new_text == curfew.text
    refused = services.record_variation(actor=world.om, licence=licence, data={
        **decision, "kind": "remove", "condition": curfew, "request": "Remove the curfew", "decision": "refused",
        "reason": "Too early"})
    curfew.refresh_from_db()
    assert curfew.ended_on is None and refused.decision == "refused"
    added = services.record_variation(actor=world.om, licence=licence, data={
        **decision, "kind": "add", "condition": None, "request": "MAPPA asked for polygraph tests", "decision": "approved",
        "reason": "Risk increased"}, code="polygraph")
    assert added.condition.code == "polygraph" and added.condition.is_active()
    assert Variation.objects.count() == 3
    assert AuditEvent.objects.filter(object_type="variation", action="create").count() == 3


def test_easing_a_victims_protection_without_the_victim_liaison_officer_is_refused(world):
    licence = licence_for(world)
    zone_condition = services.add_condition(actor=world.om, licence=licence, code="exclusion_zone")
    with pytest.raises(ValidationError) as exc:
        services.record_variation(actor=world.om, licence=licence, data={
            "kind": "remove", "condition": zone_condition, "requested_by": "Jonah Davis", "request": "Travel through",
            "decision": "approved", "decided_on": TODAY, "decided_by": "SPO", "reason": "Shorter journey"})
    assert "victim liaison officer" in exc.value.message_dict["victim_liaison_consulted"][0]
    zone_condition.refresh_from_db()
    assert zone_condition.ended_on is None and not Variation.objects.exists()


def test_a_proposed_address_inside_a_zone_is_rejected_with_an_explanation_and_an_event(world):
    zone, _ = services.add_zone(actor=world.om, nominal=world.case, data={"label": "Victim's home area", "geometry": SQUARE})
    address = proposed(world)
    location = services.record_location(actor=world.om, address=address, latitude=51.7345, longitude=0.4725)
    assert location.result == "inside" and location.rejected
    assert location.findings[0]["explanation"].startswith("The proposed address is inside exclusion zone “Victim's home area”")
    event = SignificantEvent.objects.get(nominal=world.case, kind="address", source_type="addresslocation")
    assert event.summary.startswith("Proposed address rejected: The proposed address is inside")
    assert AuditEvent.objects.filter(object_type="addresslocation", action="create").exists()


def test_adding_a_zone_checks_the_addresses_already_on_the_map(world):
    address = proposed(world)
    location = services.record_location(actor=world.om, address=address, latitude=51.7345, longitude=0.4725)
    assert location.result == "clear"
    _, changed = services.add_zone(actor=world.om, nominal=world.case, data={"label": "Victim's home area", "geometry": SQUARE})
    assert [c.pk for c in changed] == [location.pk]
    location.refresh_from_db()
    assert location.result == "inside" and location.version == 2


def test_the_warning_distance_is_reference_data(world):
    address = proposed(world)
    services.add_zone(actor=world.om, nominal=world.case, data={"label": "Zone", "geometry": SQUARE})
    location = services.record_location(actor=world.om, address=address, latitude=51.742, longitude=0.4725)  # ~334 m north
    assert location.result == "near" and "within the 500 m warning distance" in location.findings[0]["explanation"]
    ReferenceSetting.objects.create(key="licences.zone_warning_metres", value=200, effective_from=TODAY, source="test")
    location = services.record_location(actor=world.om, address=address, latitude=51.742, longitude=0.4725, version=location.version)
    assert location.result == "clear"


def test_a_victims_address_is_a_protected_place_restricted_as_victim_details(world):
    zone, _ = services.add_zone(actor=world.om, nominal=world.case, data={
        "kind": "protected", "label": "Alice Victim's home", "geometry": {"type": "Point", "coordinates": [0.4725, 51.7345]}})
    assert zone.handling == "victim" and zone.radius_m is None
    location = services.record_location(actor=world.om, address=proposed(world), latitude=51.737, longitude=0.4725)
    assert location.result == "near"
    assert "from the protected place “Alice Victim's home”" in location.findings[0]["explanation"]


@pytest.mark.parametrize("data, field, message", [
    ({"label": "Bow tie", "geometry": BOW_TIE}, "geometry", "The boundary crosses itself"),
    ({"label": "Paris", "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}, "radius_m": 100}, "geometry", "outside the United Kingdom"),
    ({"label": "No radius", "geometry": {"type": "Point", "coordinates": [0.47, 51.73]}, "radius_m": -1}, "radius_m", "more than 0 metres"),
    ({"label": "", "geometry": SQUARE}, "label", "Enter a name for the zone"),
])
def test_bad_zones_are_refused_and_nothing_is_saved(world, data, field, message):
    with pytest.raises(ValidationError) as exc:
        services.add_zone(actor=world.om, nominal=world.case, data=data)
    assert message in exc.value.message_dict[field][0]
    assert not Zone.objects.exists()


def test_a_location_outside_the_uk_is_refused(world):
    with pytest.raises(ValidationError, match="outside the United Kingdom"):
        services.record_location(actor=world.om, address=world.address, latitude=0.47, longitude=51.73)
    assert not AddressLocation.objects.exists()


def test_a_route_check_reports_crossing(world):
    services.add_zone(actor=world.om, nominal=world.case, data={"label": "Victim's home area", "geometry": SQUARE})
    from mappa.licences.geometry import LatLon
    answer = services.check_route(actor=world.om, nominal=world.case, points=[LatLon(51.7345, 0.45), LatLon(51.7345, 0.50)])
    [finding] = answer.findings
    assert answer.result == "inside" and answer.complete
    assert finding.status == "inside" and "crosses exclusion zone" in finding.explanation


def test_on_licence_is_a_fact_with_its_source(world):
    assert registrations.licence_facts(world.om, world.case).on_licence.value is False
    licence = licence_for(world)
    fact = facts.facts_for(world.om, world.case).on_licence
    assert fact.value and fact.until == licence.end_date and fact.since == licence.start_date
    assert fact.source.label.startswith("Licence issued by HMP Brackford") and fact.source.url == f"/licences/{licence.pk}/"
    services.update_licence(actor=world.om, licence=licence, data={"revoked_on": TODAY}, version=licence.version)
    assert registrations.licence_facts(world.om, world.case).on_licence.value is False


def test_current_conditions_feed_the_risk_management_plan_within_the_handling_rules(world):
    licence = licence_for(world)
    curfew = services.add_condition(actor=world.om, licence=licence, code="curfew",
                                    parameters={"address": "home", "start": "19:00", "end": "07:00"})
    services.add_condition(actor=world.om, licence=licence, code="no_contact", parameters={"people": [world.victim.pk]})
    mine = extensions.requirements_for(world.om, world.case)
    ours = [r for r in mine if r.key.startswith("licences.")]
    assert {r.kind for r in ours} == {"licence_condition"} and len(ours) == 2
    assert any(r.key == f"licences.licencecondition:{curfew.pk}" and r.text == curfew.text for r in ours)
    children = [r for r in extensions.requirements_for(world.children, world.case) if r.key.startswith("licences.")]
    assert [r.key for r in children] == [f"licences.licencecondition:{curfew.pk}"]  # the victim's name stays hidden


def test_the_case_panel_uses_a_fixed_number_of_queries(world):
    licence = licence_for(world)
    services.add_zone(actor=world.om, nominal=world.case, data={"label": "Zone", "geometry": SQUARE})
    services.record_location(actor=world.om, address=proposed(world), latitude=51.7345, longitude=0.4725)
    services.add_condition(actor=world.om, licence=licence, code="polygraph")
    with CaptureQueriesContext(connection) as few:
        registrations.panel_context(world.om, world.case)
    for n in range(5):
        services.add_condition(actor=world.om, licence=licence, code="notify_vehicles")
        services.add_zone(actor=world.om, nominal=world.case, data={"label": f"Zone {n}", "geometry": SQUARE})
        services.record_location(actor=world.om, address=proposed(world, f"{n} High Street"), latitude=51.7345, longitude=0.4725)
    with CaptureQueriesContext(connection) as many:
        data = registrations.panel_context(world.om, world.case)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(data["conditions"]) == 6 and len(data["warnings"]) == 6


def test_a_located_address_that_becomes_proposed_is_rejected_at_once(world):
    services.add_zone(actor=world.om, nominal=world.case, data={"label": "Victim's home area", "geometry": SQUARE})
    old = register.create_item(actor=world.om, nominal=world.case, kind=KINDS["addresses"],
                               data={"status": "previous", "line1": "Old flat", "postcode": "NX2 6PL"})
    location = services.record_location(actor=world.om, address=old, latitude=51.7345, longitude=0.4725)
    assert location.result == "inside" and not location.rejected
    assert "The address is inside" in location.findings[0]["explanation"]
    register.update_item(actor=world.om, item=old, data={"status": "proposed"}, version=old.version)
    location.refresh_from_db()
    assert location.rejected and location.findings[0]["explanation"].startswith("The proposed address is inside")
    assert SignificantEvent.objects.filter(kind="address", summary__startswith="Proposed address rejected").exists()
