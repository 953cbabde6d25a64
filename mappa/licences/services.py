"""Every change to licences, conditions, variations, zones and address locations goes through these.

Each takes the acting user, checks the access policy, validates, saves, and writes the audit row in
the same transaction. Zone checks run when an address location is recorded and when a zone is added.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action, AuditEvent
from mappa.audit.services import diff, record, snapshot
from mappa.core import reference
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.core.dates import day as govuk_day
from mappa.core.markings import Handling
from mappa.core.models import Notification
from mappa.core.recording import refuse_unknown
from mappa.licences import geometry as geo
from mappa.licences import queries, rules
from mappa.licences.models import AddressLocation, CatalogueCondition, Licence, LicenceCondition, Variation, Zone, active_zones
from mappa.nominals import events
from mappa.nominals.models import Address, Relationship, SignificantEvent
from mappa.orders import rules as order_rules
from mappa.orders import services as orders_services
from mappa.orders.models import Sentence
from mappa.victims import services as victims

LICENCE_FIELDS = ("kind", "sentence", "start_date", "start_date_source", "end_date", "end_date_source", "issued_by",
                  "revoked_on", "notes", "handling")
SOURCE_FIELDS = ("start_date_source", "end_date_source")
NO_SUCH_SENTENCE = "Choose a custodial sentence recorded for this person, or none if the sentence is not recorded yet"
WARNING_KEY = "licences.zone_warning_metres"
REPEATED_KEY = "licences.repeated_zone_checks"
REPEATED_KIND = "zone_checks_repeated"
DECISION_KIND = "zone_check_decision"


def warning_distance(on: datetime.date | None = None) -> float:
    return float(reference.value(WARNING_KEY, on))


def catalogue() -> list[rules.CatalogueEntry]:
    return [row.entry() for row in CatalogueCondition.objects.all()]


def catalogue_in_force(on: datetime.date | None = None) -> list[rules.CatalogueEntry]:
    return rules.current_catalogue(catalogue(), on or timezone.localdate())


def catalogue_for(licence: Licence, added_on: datetime.date | None = None) -> list[rules.CatalogueEntry]:
    """The conditions add_condition accepts for `licence` on `added_on` (by default today, or the licence's
    start if later), to offer on the form."""
    added_on = added_on or max(timezone.localdate(), licence.start_date)
    return rules.catalogue_for_licence(catalogue(), licence_start=licence.start_date, added_on=added_on)


def entry_for(code: str, on: datetime.date) -> rules.CatalogueEntry:
    entry = rules.in_force(catalogue(), code, on)
    if entry is None:
        raise ValidationError({"code": f"There is no licence condition “{code}” in the catalogue in force on "
                                       f"{govuk_day(on)}: choose one from the list"})
    return entry


# ---- licences -----------------------------------------------------------------------------------

def linkable_sentences(actor, nominal):
    """The person's custodial sentences the actor may see: the ones a licence can be issued under."""
    return policy.items_for(actor, Sentence, nominal=nominal).filter(kind__in=Sentence.CUSTODIAL)


def sentence_period(sentence: Sentence):
    return order_rules.licence_period(licence_start=sentence.licence_start, licence_end=sentence.licence_end,
                                      released_on=sentence.released_on, sentence_expiry=sentence.sentence_expiry)


def _sentence_for(actor, nominal, value, current_id: int | None) -> Sentence | None:
    """The sentence chosen (an instance or an id), read through the access policy. A sentence the actor may not
    see, of another person, not custodial or not there at all gets the same answer, so an id tells nothing.
    A link the licence already has is kept even if the actor may not see that sentence."""
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, Sentence) else value
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise ValidationError({"sentence": NO_SUCH_SENTENCE}) from None
    if current_id is not None and pk == current_id:
        return Sentence.objects.get(pk=pk)
    sentence = linkable_sentences(actor, nominal).filter(pk=pk).first()
    if sentence is None:
        raise ValidationError({"sentence": NO_SUCH_SENTENCE})
    return sentence


def _link(actor, licence: Licence, data: dict, current_id: int | None) -> dict:
    """Resolve the sentence in `data` and fill the licence's dates from it. Returns data as saved."""
    if "sentence" not in data:
        return data
    sentence = _sentence_for(actor, licence.nominal, data["sentence"], current_id)
    licence.sentence = sentence
    data = {**data, "sentence": sentence}
    if sentence is not None:
        period = sentence_period(sentence)
        errors = rules.sentence_date_errors(data.get("start_date"), data.get("end_date"), period)
        if errors:
            raise ValidationError(errors)
        licence.start_date, licence.end_date = period
        data |= {"start_date": licence.start_date, "end_date": licence.end_date}
        # The dates are the sentence's: where they came from is recorded there, not copied here.
        for name in SOURCE_FIELDS:
            if getattr(licence, name) or name in data:
                setattr(licence, name, "")
                data[name] = ""
    return data


def _licence_errors(licence: Licence) -> dict:
    if licence.sentence_id:
        # However the licence came to be saved, it never disagrees with its sentence.
        errors = rules.sentence_date_errors(licence.start_date, licence.end_date, sentence_period(licence.sentence))
        if errors:
            return errors
    errors = rules.licence_date_errors(licence.start_date, licence.end_date)
    if not (licence.issued_by or "").strip():
        errors["issued_by"] = "Enter who issued the licence"
    if licence.revoked_on and licence.start_date and licence.revoked_on < licence.start_date:
        errors["revoked_on"] = "The licence cannot be revoked before it starts"
    return errors


@victims.refusals_recorded()
@transaction.atomic
def create_licence(*, actor, nominal, data: dict) -> Licence:
    """Record a licence. One that starts today or later is the release being planned: on a record with a victim in
    statutory contact it needs the victim liaison officer's input first, or a reason it is urgent ("urgent_reason")."""
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    data, urgent = victims.with_urgent_reason(data)
    refuse_unknown(data, LICENCE_FIELDS)
    licence = Licence(**{k: v for k, v in data.items() if k != "sentence"}, nominal=nominal,
                      agency_id=actor.agency_id, created_by=actor)
    data = _link(actor, licence, data, None)
    errors = _licence_errors(licence)
    if errors:
        raise ValidationError(errors)
    licence.full_clean()
    planned = licence.start_date >= timezone.localdate()
    reason = (victims.require_liaison_input(actor, nominal, urgent_reason=urgent, what="licence for release recorded",
                                            about=licence) if planned else "")
    licence.save()
    record(actor, Action.CREATE, licence, nominal=nominal, changes=diff({}, snapshot(licence, data.keys())))
    victims.record_urgent_change(actor, nominal, licence, what="licence for release recorded", reason=reason)
    return licence


@transaction.atomic
def update_licence(*, actor, licence: Licence, data: dict, version: int) -> Licence:
    licence = policy.get_item(actor, Licence, licence.pk, policy.WRITE)
    refuse_unknown(data, LICENCE_FIELDS)
    data = policy.with_handling_change(actor, licence, data)
    linked_to = licence.sentence_id
    if linked_to and "sentence" not in data:
        data = {**data, "sentence": linked_to}  # still linked: dates given must agree with it
    if "sentence" in data:
        data = {"start_date": None, "end_date": None, **data}
        if data["sentence"] in (None, ""):
            # Not linked (or unlinked): dates left out stay as the licence had them.
            data["start_date"] = data["start_date"] or licence.start_date
            data["end_date"] = data["end_date"] or licence.end_date
        # Linked: dates left out (None) are filled from the sentence by _link.
    watched = [*data.keys(), *(f for f in SOURCE_FIELDS if f not in data)]
    before = snapshot(licence, watched)
    for name, value in data.items():
        if name != "sentence":
            setattr(licence, name, value)
    data = _link(actor, licence, data, linked_to)
    errors = _licence_errors(licence)
    if errors:
        raise ValidationError(errors)
    licence.full_clean()
    if licence.version != version:
        raise StaleEdit(Licence.objects.get(pk=licence.pk))
    changes = diff(before, snapshot(licence, watched))
    if not changes:
        return licence
    save_if_current(licence, version, list(data.keys()))
    record(actor, Action.UPDATE, licence, nominal=licence.nominal, changes=changes)
    if "handling" in changes:
        events.follow_handling(actor, licence)
    if "revoked_on" in changes and licence.revoked_on:
        events.record_significant_event(actor=actor, nominal=licence.nominal, kind=SignificantEvent.Kind.OTHER,
                                        summary=f"Licence revoked on {govuk_day(licence.revoked_on)}", source=licence)
    return licence


@orders_services.follows_sentences
def follow_sentence(*, actor, sentence: Sentence, changes: dict) -> list[Licence]:
    """A sentence's licence dates changed (through the orders services, in their transaction): every licence
    issued under it takes the new period, with its own audit row and a new version (an edit started before is
    refused as stale). No significant event is raised here: the sentence's change raised any there is.
    A change that would leave a linked licence without a period, or invalid, is refused."""
    licences = list(Licence.objects.filter(sentence=sentence).select_for_update().order_by("pk"))
    if not licences:
        return []
    period = sentence_period(sentence)
    field = next((f for f in ("licence_start", "released_on", "licence_end", "sentence_expiry", "kind") if f in changes),
                 "licence_start")
    if period is None or period[1] is None:
        raise ValidationError({field: (
            "A licence recorded for this person was issued under this sentence: keep its licence start and expiry "
            "dates (or the sentence expiry date), or first change the licence so it is not linked to this sentence")})
    followed = []
    for licence in licences:
        before = snapshot(licence, ["start_date", "end_date"])
        licence.start_date, licence.end_date = period
        errors = _licence_errors(licence)
        if errors:
            message = next(iter(errors.values()))
            raise ValidationError({field: f"The licence issued under this sentence would no longer be valid: {message}"})
        changes_here = diff(before, snapshot(licence, ["start_date", "end_date"]))
        if not changes_here:
            continue
        licence.version += 1
        licence.save(update_fields=["start_date", "end_date", "version", "updated_at"])
        record(actor, Action.UPDATE, licence, nominal=licence.nominal, changes=changes_here,
               details={"because": "the licence dates of the sentence it was issued under changed",
                        "sentence": sentence.pk})
        followed.append(licence)
    return followed


# ---- conditions ---------------------------------------------------------------------------------

def people_for(actor, nominal) -> dict[int, Relationship]:
    """The people named on the record that the actor may see, who a condition can name."""
    return {r.pk: r for r in policy.items_for(actor, Relationship, nominal=nominal)}


def person_label(r: Relationship) -> str:
    return r.other_name or (r.other_nominal.full_name if r.other_nominal_id else r.get_kind_display())


def zones_for(actor, nominal) -> dict[int, Zone]:
    return {z.pk: z for z in policy.items_for(actor, Zone, nominal=nominal)}


def _strictest(*handlings: str) -> str:
    for h in (Handling.VICTIM, Handling.INTELLIGENCE, Handling.HEALTH):
        if h in handlings:
            return h
    return Handling.NONE


def _fill(actor, licence, entry, parameters: dict):
    people = people_for(actor, licence.nominal)
    zones = zones_for(actor, licence.nominal)
    checked = rules.check_parameters(entry, parameters or {}, {k: person_label(v) for k, v in people.items()},
                                     {k: v.label for k, v in zones.items()})
    if checked.errors:
        raise ValidationError(checked.errors)
    text = rules.render(entry, checked.values, {k: person_label(v) for k, v in people.items()},
                        {k: v.label for k, v in zones.items()})
    named = [people[i].handling for p in entry.parameters if p.kind == rules.PEOPLE for i in checked.values[p.name]]
    named += [zones[i].handling for p in entry.parameters if p.kind == rules.ZONES for i in checked.values[p.name]]
    return checked.values, text, named


@transaction.atomic
def add_condition(*, actor, licence: Licence, code: str, parameters: dict | None = None,
                  added_on: datetime.date | None = None, handling: str = "") -> LicenceCondition:
    licence = policy.get_item(actor, Licence, licence.pk, policy.WRITE)
    added_on = added_on or max(timezone.localdate(), licence.start_date)  # as catalogue_for offers
    if added_on > licence.end_date:
        raise ValidationError({"added_on": "A condition cannot start after the licence has ended"})
    if added_on < licence.start_date:
        raise ValidationError({"added_on": "A condition cannot start before the licence starts"})
    entry = entry_for((code or "").strip(), added_on)
    issued = rules.entry_for_licence(catalogue(), entry.code, licence_start=licence.start_date, added_on=added_on)
    if issued is None:
        raise ValidationError({"code": f"“{entry.title}” was not a standard condition when this licence started "
                                       f"({govuk_day(licence.start_date)}): its standard conditions are those in force then"})
    entry = issued
    values, text, named = _fill(actor, licence, entry, parameters)
    condition = LicenceCondition(
        nominal=licence.nominal, licence=licence, code=entry.code, category=entry.category, title=entry.title,
        wording_from=entry.effective_from, parameters=values, text=text, added_on=added_on,
        # Naming a victim makes the condition as restricted as the victim's details.
        handling=_strictest(handling, licence.handling, *named), agency_id=actor.agency_id, created_by=actor,
    )
    condition.full_clean()
    condition.save()
    for zone_id in values.get("zones", []) if entry.code == "exclusion_zone" else []:
        Zone.objects.filter(pk=zone_id, nominal=licence.nominal, condition__isnull=True).update(condition=condition)
    record(actor, Action.CREATE, condition, nominal=licence.nominal,
           changes=diff({}, {"code": entry.code, "text": text, "added_on": added_on}))
    events.announce_change(actor=actor, nominal=licence.nominal, what=f"licence condition added ({entry.title})",
                           about=condition)
    return condition


@transaction.atomic
def end_condition(*, actor, condition: LicenceCondition, ended_on: datetime.date, version: int) -> LicenceCondition:
    condition = policy.get_item(actor, LicenceCondition, condition.pk, policy.WRITE)
    if ended_on < condition.added_on:
        raise ValidationError({"ended_on": "A condition cannot end before it was added"})
    if condition.ended_on:
        raise ValidationError({"ended_on": "This condition has already ended"})
    condition.ended_on = ended_on
    save_if_current(condition, version, ["ended_on"])
    record(actor, Action.UPDATE, condition, nominal=condition.nominal, changes={"ended_on": [None, ended_on.isoformat()]})
    events.announce_change(actor=actor, nominal=condition.nominal, what=f"licence condition ended ({condition.title})",
                           about=condition)
    return condition


VARIATION_FIELDS = ("kind", "condition", "requested_by", "request", "decision", "decided_on", "decided_by", "reason",
                    "consulted", "victim_liaison_consulted", "victim_views", "handling")


@transaction.atomic
def record_variation(*, actor, licence: Licence, data: dict, code: str = "", parameters: dict | None = None) -> Variation:
    """Record a request to add, vary, ease or remove a condition and the decision. An approved
    variation changes the licence; a refused one is kept with its reasons."""
    licence = policy.get_item(actor, Licence, licence.pk, policy.WRITE)
    refuse_unknown(data, VARIATION_FIELDS)
    condition = data.get("condition")
    if condition is not None:
        condition = policy.get_item(actor, LicenceCondition, condition.pk, policy.WRITE)
        if condition.licence_id != licence.pk:
            raise ValidationError({"condition": "Choose a condition of this licence"})
    errors = rules.variation_errors(
        kind=data.get("kind", ""), decision=data.get("decision", ""), condition_code=condition.code if condition else None,
        new_code=code or None, victim_liaison_consulted=bool(data.get("victim_liaison_consulted")),
        victim_views=data.get("victim_views", ""), reason=data.get("reason", ""))
    if condition is not None and condition.ended_on and data.get("decision") == "approved":
        errors["condition"] = "This condition has already ended"
    decided_on = data.get("decided_on")
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision"
    elif decided_on < licence.start_date - datetime.timedelta(days=366):
        errors["decided_on"] = "The decision date is long before the licence started: check the year"
    if errors:
        raise ValidationError(errors)
    variation = Variation(**{**data, "condition": condition}, licence=licence, nominal=licence.nominal,
                          agency_id=actor.agency_id, created_by=actor)
    approved = data["decision"] == Variation.Decision.APPROVED
    kind = data["kind"]
    if kind == "add":
        entry = entry_for(code, decided_on or timezone.localdate())
        if approved:
            condition = add_condition(actor=actor, licence=licence, code=code, parameters=parameters,
                                      added_on=max(decided_on, licence.start_date))
            variation.condition = condition
            variation.new_text = condition.text
        else:
            variation.new_text = rules.render(entry, {}, {}, {}) if not parameters else \
                _fill(actor, licence, entry, parameters)[1]
    elif kind == "remove" and approved:
        end_condition(actor=actor, condition=condition, ended_on=max(decided_on, condition.added_on), version=condition.version)
    elif kind in ("vary", "ease") and approved:
        entry = entry_for(condition.code, condition.wording_from)
        values, text, named = _fill(actor, licence, entry, parameters)
        before = {"parameters": condition.parameters, "text": condition.text, "handling": condition.handling}
        condition.parameters, condition.text = values, text
        condition.handling = _strictest(condition.handling, *named)  # raised (never lowered) by whom it names
        if condition.handling != before["handling"]:
            condition.handling_set_by_id = actor.agency_id
        save_if_current(condition, condition.version, ["parameters", "text", "handling", "handling_set_by"])
        record(actor, Action.UPDATE, condition, nominal=licence.nominal,
               changes=diff(before, {"parameters": values, "text": text, "handling": condition.handling}))
        events.announce_change(actor=actor, nominal=licence.nominal, what=f"licence condition varied ({condition.title})",
                               about=condition)
        variation.new_text = text
    if condition is not None:
        variation.handling = _strictest(variation.handling, condition.handling)
    variation.full_clean()
    variation.save()
    record(actor, Action.CREATE, variation, nominal=licence.nominal,
           changes=diff({}, snapshot(variation, ["kind", "decision", "decided_on", "reason", "new_text"])))
    return variation


# ---- zones and checks ---------------------------------------------------------------------------

def check_location(location: AddressLocation, shapes, near_m: float):
    what = {"proposed": "The proposed address", "current": "The current address"}.get(location.address.status, "The address")
    if location.address.kind == Address.Kind.APPROVED_PREMISES:
        what = "The approved premises"
    elif location.address.kind == Address.Kind.WORK:
        what = "The workplace"
    findings = geo.check_point(location.point, shapes, near_m, what=what)
    flagged = [f for f in findings if f.flagged]
    result = AddressLocation.Result.CLEAR
    if any(f.status == geo.Status.INSIDE for f in flagged):
        result = AddressLocation.Result.INSIDE
    elif flagged:
        result = AddressLocation.Result.NEAR
    return result, findings


def _store(location: AddressLocation, result, findings, handling_by_zone: dict) -> None:
    location.result = result
    location.findings = [
        {"zone": int(f.zone_key), "status": f.status, "distance_m": round(f.distance_m, 1),
         "inside_m": round(f.inside_m, 1), "explanation": f.explanation, "handling": handling_by_zone.get(int(f.zone_key), "")}
        for f in findings if f.flagged
    ]
    location.checked_at = timezone.now()


def _zone_shapes(nominal):
    zones = list(active_zones(Zone.objects.filter(nominal=nominal)))
    return {z.pk: z for z in zones}, [z.shape() for z in zones], {z.pk: z.handling for z in zones}


def _address_event(actor, location: AddressLocation, zones: dict) -> None:
    """A proposed or current address inside a zone is a significant event. When the actor may not see any zone
    the address is inside, the event is recorded for the zone's agency (so neither it, nor the reviews it asks
    for, tell the actor what the check found) and the manager is asked to decide."""
    if location.result != AddressLocation.Result.INSIDE or location.address.status not in ("proposed", "current"):
        return
    inside = [f for f in location.findings if f["status"] == "inside"]
    seen = [f for f in inside if policy.may_see(actor, zones[f["zone"]].handling, zones[f["zone"]].agency_id)]
    first = (seen or inside)[0]
    verdict = "rejected" if location.address.status == "proposed" else "flagged"
    events.record_significant_event(
        actor=actor, nominal=location.nominal, kind=SignificantEvent.Kind.ADDRESS,
        summary=f"{location.address.get_status_display()} address {verdict}: {first['explanation']}",
        source=location, handling=_strictest(location.handling, first.get("handling", "")),
        agency_id=None if seen else zones[first["zone"]].agency_id)
    if not seen:
        _ask_to_decide(actor, location.nominal, [zones[f["zone"]] for f in inside],
                       f"the location of a {location.address.get_status_display().lower()} address is inside a zone "
                       "they may not see, so the address is held for your decision. See the address checks")


@transaction.atomic
def record_location(*, actor, address: Address, latitude, longitude, picked_on_map: bool = False,
                    version: int | None = None) -> AddressLocation:
    """Give a register address its place on the map, and check it against every current zone of the person.
    The check is audited; compose what the actor is told with queries.for_location."""
    address = policy.get_item(actor, Address, address.pk, policy.WRITE)
    try:
        point = geo.LatLon(float(latitude), float(longitude))
    except (TypeError, ValueError):
        raise ValidationError({"latitude": "Enter the latitude and longitude as numbers, for example 51.7357 and 0.4685"}) from None
    geo.check_in_uk(point, "latitude", "The address")
    location = AddressLocation.objects.filter(address=address).first()
    before = snapshot(location, ["latitude", "longitude"]) if location else {}
    if location is None:
        location = AddressLocation(address=address, nominal=address.nominal, handling=address.handling,
                                   agency_id=actor.agency_id, created_by=actor)
    elif version is not None and location.version != version:
        raise StaleEdit(location)
    location.latitude, location.longitude, location.picked_on_map = point.lat, point.lon, picked_on_map
    zones, shapes, handling = _zone_shapes(address.nominal)
    result, findings = check_location(location, shapes, warning_distance())
    _store(location, result, findings, handling)
    details = {"result": result, "zone_check": "address"}
    if location.pk:
        save_if_current(location, location.version, ["latitude", "longitude", "picked_on_map", "result", "findings", "checked_at"])
        record(actor, Action.UPDATE, location, nominal=address.nominal,
               changes=diff(before, snapshot(location, ["latitude", "longitude"])), details=details)
    else:
        location.full_clean()
        location.save()
        record(actor, Action.CREATE, location, nominal=address.nominal,
               changes=diff({}, snapshot(location, ["latitude", "longitude"])), details=details)
    _address_event(actor, location, zones)
    _watch_repeated_checks(actor, address.nominal)
    return location


ZONE_FIELDS = ("kind", "label", "geometry", "radius_m", "condition", "description", "handling")


@transaction.atomic
def add_zone(*, actor, nominal, data: dict) -> tuple[Zone, list[AddressLocation]]:
    """Add a zone and check every located address of the person against it. Returns the zone and the
    locations whose check result changed."""
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    refuse_unknown(data, ZONE_FIELDS)
    kind = data.get("kind") or Zone.Kind.EXCLUSION
    if not (data.get("label") or "").strip():
        raise ValidationError({"label": "Enter a name for the zone, for example “Victim's home and route to work”"})
    shape_data = data.get("geometry")
    if kind == Zone.Kind.PROTECTED and isinstance(shape_data, dict) and shape_data.get("type") == "Point" and not data.get("radius_m"):
        try:
            lon, lat = (float(c) for c in shape_data["coordinates"])
        except (KeyError, TypeError, ValueError):
            raise ValidationError({"geometry": "The place's coordinates are not numbers"}) from None
        geo.check_in_uk(geo.LatLon(lat, lon), "geometry", "The place")
        stored, radius = {"type": "Point", "coordinates": [lon, lat]}, None
    else:
        shape = geo.zone_from_geojson(shape_data, radius_m=data.get("radius_m"))
        stored, radius = shape.geojson(), (shape.radius_m if shape.is_circle else None)
    condition = data.get("condition")
    if condition is not None:
        condition = policy.get_item(actor, LicenceCondition, condition.pk, policy.WRITE)
        if condition.nominal_id != nominal.pk:
            raise ValidationError({"condition": "Choose a condition on this person's licence"})
    handling = data.get("handling", "")
    if kind == Zone.Kind.PROTECTED and not handling:
        handling = Handling.VICTIM  # a victim's address is victim details
    zone = Zone(nominal=nominal, kind=kind, label=data["label"].strip(), geometry=stored, radius_m=radius,
                condition=condition, description=data.get("description", ""), handling=handling,
                agency_id=actor.agency_id, created_by=actor)
    zone.full_clean()
    zone.save()
    record(actor, Action.CREATE, zone, nominal=nominal,
           changes=diff({}, {"kind": kind, "label": zone.label, "geometry": stored, "radius_m": radius}))
    events.announce_change(actor=actor, nominal=nominal, what=f"{zone.get_kind_display().lower()} added", about=zone)
    changed = recheck_locations(actor=actor, nominal=nominal)
    return zone, changed


def recheck_locations(*, actor, nominal, force: bool = False) -> list[AddressLocation]:
    """Run the checks again for every located address of the person (inside the caller's transaction).
    With force, a rejection is announced again even if the result is unchanged (e.g. an address became proposed)."""
    zones, shapes, handling = _zone_shapes(nominal)
    near_m = warning_distance()
    changed = []
    for location in AddressLocation.objects.filter(nominal=nominal).select_related("address"):
        before = (location.result, location.findings)
        result, findings = check_location(location, shapes, near_m)
        _store(location, result, findings, handling)
        if (location.result, location.findings) != before:
            location.version += 1
            location.save(update_fields=["result", "findings", "checked_at", "version"])
            # The result is kept out of the changes: the change history is read by people who may not see
            # the zone that changed it.
            record(actor, Action.UPDATE, location, nominal=nominal,
                   details={"rechecked": True, "result": [before[0], location.result]})
            if before[0] != AddressLocation.Result.INSIDE or force:
                _address_event(actor, location, zones)
            changed.append(location)
    return changed


@victims.refusals_recorded()
@transaction.atomic
def end_zone(*, actor, zone: Zone, ended_on: datetime.date, version: int, urgent_reason: str = "") -> Zone:
    """End a zone. On a record with a victim in statutory contact this needs the victim liaison officer's input
    first, or a reason it is urgent."""
    zone = policy.get_item(actor, Zone, zone.pk, policy.WRITE)
    if zone.ended_on:
        raise ValidationError({"ended_on": "This zone has already ended"})
    if zone.version != version:
        raise StaleEdit(Zone.objects.get(pk=zone.pk))
    reason = victims.require_liaison_input(actor, zone.nominal, urgent_reason=urgent_reason,
                                           what=f"{zone.get_kind_display().lower()} ended", about=zone)
    zone.ended_on = ended_on
    save_if_current(zone, version, ["ended_on"])
    record(actor, Action.UPDATE, zone, nominal=zone.nominal, changes={"ended_on": [None, ended_on.isoformat()]})
    victims.record_urgent_change(actor, zone.nominal, zone, what=f"{zone.get_kind_display().lower()} ended", reason=reason)
    events.announce_change(actor=actor, nominal=zone.nominal, what=f"{zone.get_kind_display().lower()} ended", about=zone)
    recheck_locations(actor=actor, nominal=zone.nominal)
    return zone


@transaction.atomic
def check_route(*, actor, nominal, points: list[geo.LatLon]) -> queries.Answer:
    """Whether a route crosses or passes near the person's zones, as the actor may be told it. Every current
    zone is checked; nothing is stored, but the check is audited, and a crossing of a zone the actor may not
    see is passed to the manager."""
    nominal = policy.get_nominal(actor, nominal.pk)
    if len(points) < 2:
        raise ValidationError({"route": "A route needs a start and an end point"})
    for n, p in enumerate(points, 1):
        geo.check_in_uk(p, "route", f"Point {n} of the route")
    zones, shapes, _handling = _zone_shapes(nominal)
    findings = geo.check_route(points, shapes, warning_distance())
    reader = queries.reader_for(actor, nominal)
    record(actor, Action.VIEW, nominal, nominal=nominal, reason=policy.break_glass_reason(actor, nominal),
           details={"what": "route check", "zone_check": "route", "route": [[p.lat, p.lon] for p in points]})
    crossed = queries.hidden_from(reader, findings)
    if crossed:
        _ask_to_decide(actor, nominal, [zones[int(f.zone_key)] for f in crossed],
                       "a route they checked crosses a zone they may not see. Nothing was stored: ask them about it")
    _watch_repeated_checks(actor, nominal)
    return queries.for_route(reader, findings)


# ---- telling the manager -------------------------------------------------------------------------

def _managers(nominal, actor) -> list:
    """Who hears of zone checks on the record: its manager, or the team's supervisors while it has none."""
    if nominal.manager_id:
        people = [nominal.manager]
    else:
        people = list(User.objects.filter(team_id=nominal.team_id, role=Role.SUPERVISOR, is_active=True))
    return [u for u in people if u.is_active and u.pk != actor.pk]


def _who(actor) -> str:
    return f"{actor.display_name} ({actor.agency})" if actor.agency_id else actor.display_name


def _ask_to_decide(actor, nominal, zones, what: str) -> None:
    """Tell the manager that a check by someone who may not see a zone found something in it. Only a manager who
    may see those zones is told (to anyone else the message would itself be the finding); it names no zone."""
    message = f"Zone check by {_who(actor)} on {nominal.full_name}'s record: {what}."
    for user in _managers(nominal, actor):
        if not all(policy.may_see(user, z.handling, z.agency_id) for z in zones):
            continue
        if not Notification.objects.filter(recipient=user, kind=DECISION_KIND, message=message[:500],
                                           read_at__isnull=True).exists():
            Notification.objects.create(recipient=user, nominal=nominal, kind=DECISION_KIND, message=message[:500])


def repeated_checks_rule(on: datetime.date | None = None) -> tuple[int, int]:
    """How many zone checks one reader may make on one person within how many hours before the manager is told."""
    rule = reference.value(REPEATED_KEY, on)
    return int(rule["checks"]), int(rule["hours"])


def _watch_repeated_checks(actor, nominal) -> None:
    """Each check is an audit row (details "zone_check"). More than the limit by one reader on one person within
    the period is shown to the manager, once a period. The message says who and how many, nothing checked."""
    limit, hours = repeated_checks_rule()
    since = timezone.now() - datetime.timedelta(hours=hours)
    made = AuditEvent.objects.filter(actor=actor, nominal=nominal, at__gte=since, details__has_key="zone_check").count()
    if made <= limit:
        return
    who = _who(actor)
    message = (f"{who} has made {made} zone checks of places or routes on {nominal.full_name}'s record in the last "
               f"{hours} hours, more than the {limit} expected. Each check is in the record's change history or access log.")
    for user in _managers(nominal, actor):
        told = Notification.objects.filter(recipient=user, nominal=nominal, kind=REPEATED_KIND, created_at__gte=since,
                                           message__startswith=f"{who} has made ")
        if not told.exists():
            Notification.objects.create(recipient=user, nominal=nominal, kind=REPEATED_KIND, message=message[:500])
