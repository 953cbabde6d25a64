"""Pages for licences, conditions, variations, exclusion zones and address locations. Thin: read through
the policy, change through the services, render."""
import json
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from mappa.access import policy
from mappa.core.concurrency import StaleEdit
from mappa.core.converters import query_id, whole_number
from mappa.core.markings import highest
from mappa.core.saving import apply_errors, conflict
from mappa.licences import forms, gazetteer, queries, services
from mappa.licences import geometry as geo
from mappa.licences.models import AddressLocation, Licence, LicenceCondition, Variation, Zone, active_zones
from mappa.nominals.case import case_header
from mappa.nominals.models import Address
from mappa.nominals.services import record_view
from mappa.orders.models import Sentence


def tiles_url() -> str:
    """The base map's tile URL (e.g. https://tile.example.org/{z}/{x}/{y}.png), or "" for no base map."""
    return getattr(settings, "MAPPA_MAP_TILES", None) or os.environ.get("MAPPA_MAP_TILES", "")


def tiles_attribution() -> str:
    """The tile provider's required credit, e.g. "© OpenStreetMap contributors"."""
    return getattr(settings, "MAPPA_MAP_ATTRIBUTION", None) or os.environ.get("MAPPA_MAP_ATTRIBUTION", "")


def _with_tiles(response):
    """Let the page load tiles from the configured tile server, and nothing else more."""
    url = tiles_url()
    if url:
        parts = urlsplit(url.replace("{s}", "*"))
        config = dict(getattr(settings, "SECURE_CSP", {}))
        config["img-src"] = list(config.get("img-src", [])) + [f"{parts.scheme}://{parts.netloc}"]
        response._csp_config = config
    return response


def _marking(*items) -> str:
    return highest(["OFFICIAL-SENSITIVE", *(i.marking for i in items if i is not None)])


def _map_data(zones, located=()) -> str:
    """What the map component shows: zones as GeoJSON features and located addresses as points, each
    address coloured by its check as the reader may be told it. `located`: (location, answer) pairs."""
    features = []
    for z in zones:
        props = {"label": z.label, "kind": z.kind}
        if z.radius_m:
            props["radius"] = z.radius_m
        features.append({"type": "Feature", "geometry": z.geometry, "properties": props})
    for loc, answer in located:
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc.longitude, loc.latitude]},
                         "properties": {"label": str(loc.address), "kind": "address", "result": answer.result}})
    return json.dumps({"type": "FeatureCollection", "features": features})


def _picture(zones, located=(), route=()):
    shapes = []
    for z in zones:
        try:
            shapes.append(z.shape())
        except ValidationError:
            continue
    markers = [geo.Marker(loc.point, str(loc.address), answer.result != "clear") for loc, answer in located]
    return mark_safe(geo.picture(shapes, markers, route))  # noqa: S308 - built from numbers and escaped labels


def _located(user, nominal, locations) -> list:
    """Each location with its check as the user may be told it."""
    reader = queries.reader_for(user, nominal)
    return [(loc, queries.for_location(reader, loc)) for loc in locations]


# ---- the person's licences and zones --------------------------------------------------------------

@login_required
def nominal_page(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    user = request.user
    licences = list(policy.items_for(user, Licence, nominal=nominal))
    zones = list(policy.items_for(user, Zone, nominal=nominal).select_related("condition"))
    locations = list(policy.items_for(user, AddressLocation, nominal=nominal).select_related("address"))
    today = timezone.localdate()
    current_zones = [z for z in zones if z.is_active(today)]
    located = _located(user, nominal, locations)
    rows = [{"location": loc, "answer": answer} for loc, answer in located]
    # Current and proposed addresses not yet checked: each a link to check it, one click from this tab.
    unchecked = [a for a in policy.items_for(user, Address, nominal=nominal)
                 .filter(status__in=[Address.Status.CURRENT, Address.Status.PROPOSED])
                 .exclude(kind=Address.Kind.NO_FIXED_ABODE).exclude(pk__in=[loc.address_id for loc in locations])]
    record_view(user, nominal, what="licences and zones")
    return _with_tiles(render(request, "licences/nominal.html", {
        "nominal": nominal, "case": case_header(request, nominal), "licences": licences, "zones": zones, "locations": rows, "today": today,
        "unchecked": unchecked, "picture": _picture(current_zones, located), "map_data": _map_data(current_zones, located),
        "tiles": tiles_url(), "attribution": tiles_attribution(), "can_write": policy.can(user, policy.WRITE, nominal),
        "marking": _marking(*licences, *zones, *locations, *unchecked),
    }))


@login_required
def licence_create(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.LicenceForm(request.POST or None, user=request.user, nominal=nominal)
    if request.method == "POST" and form.is_valid():
        try:
            licence = services.create_licence(actor=request.user, nominal=nominal, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Licence added. Now add its conditions.")
            return redirect("licences:licence", licence.pk)
    elif request.method == "GET":
        record_view(request.user, nominal, what="add licence")
    return render(request, "licences/form.html", {"form": form, "nominal": nominal, "case": case_header(request, nominal), "title": "Add a licence",
                                                  "marking": nominal.marking, "no_sentences": not form.sentences})


def _licence(user, pk, action=policy.READ):
    licence = policy.get_item(user, Licence, pk, action)
    policy.get_nominal(user, licence.nominal_id, action)
    return licence


@login_required
def licence_page(request, pk):
    licence = _licence(request.user, pk)
    user, nominal = request.user, licence.nominal
    conditions = list(policy.items_for(user, LicenceCondition, nominal=nominal).filter(licence=licence))
    variations = list(policy.items_for(user, Variation, nominal=nominal).filter(licence=licence).select_related("condition", "created_by"))
    zones = list(active_zones(policy.items_for(user, Zone, nominal=nominal)))
    today = timezone.localdate()
    # The sentence behind the dates, if the user may see it (a link they may not follow is not shown).
    sentence = policy.items_for(user, Sentence, nominal=nominal).filter(pk=licence.sentence_id).first() \
        if licence.sentence_id else None
    record_view(user, nominal, licence, what="licence")
    return render(request, "licences/licence.html", {
        "nominal": nominal, "case": case_header(request, nominal), "licence": licence, "today": today, "current": licence.is_current(today),
        "sentence": sentence,
        "active": [c for c in conditions if c.is_active(today)], "ended": [c for c in conditions if not c.is_active(today)],
        "variations": variations, "zones": zones, "picture": _picture(zones) if zones else "",
        "can_write": policy.can(user, policy.WRITE, nominal), "marking": _marking(licence, *conditions, *variations),
    })


@login_required
def licence_edit(request, pk):
    licence = _licence(request.user, pk, policy.WRITE)
    initial = {f: getattr(licence, f) for f in services.LICENCE_FIELDS if f != "sentence"} | {
        "version": licence.version, "sentence": str(licence.sentence_id or "")}
    form = forms.LicenceForm(request.POST or None, initial=initial, user=request.user, nominal=licence.nominal,
                             licence=licence)
    differences = []
    if request.method == "POST" and form.is_valid():
        try:
            services.update_licence(actor=request.user, licence=licence, data=form.to_data(),
                                    version=form.cleaned_data["version"] or 0)
        except StaleEdit as exc:
            differences = _conflict(form, exc.current, services.LICENCE_FIELDS)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Licence saved.")
            return redirect("licences:licence", licence.pk)
    elif request.method == "GET":
        record_view(request.user, licence.nominal, licence, what="change licence")
    history = policy.item_history_for(request.user, licence)[:20]
    return render(request, "licences/form.html", {"form": form, "nominal": licence.nominal, "case": case_header(request, licence.nominal), "title": "Change the licence",
                                                  "differences": differences, "history": history,
                                                  "licence": licence, "linked": form.linked,
                                                  "marking": _marking(licence)})


def _conflict(form, current, fields):
    rows = conflict(form, current, fields, value_of=_licence_value)
    choices = dict(form.fields["sentence"].choices)
    for row in rows:  # the sentence is chosen by id: show what it is
        if row["label"] == form.fields["sentence"].label:
            row["theirs"] = choices.get(row["theirs"], forms.NOT_RECORDED)
            row["yours"] = choices.get(row.get("yours"), "")
    return rows


def _licence_value(name, licence):
    return str(licence.sentence_id or "") if name == "sentence" else getattr(licence, name, None)


@login_required
def condition_add(request, pk):
    licence = _licence(request.user, pk, policy.WRITE)
    entries = services.catalogue_for(licence)
    code = request.POST.get("code") or request.GET.get("code")
    entry = next((e for e in entries if e.code == code), None)
    if entry is None:
        choose = forms.ChooseConditionForm(request.GET if code else None, entries=entries)
        if code:
            choose.is_valid()
        if request.method == "GET" and not code:
            record_view(request.user, licence.nominal, licence, what="add licence condition")
        return render(request, "licences/choose_condition.html", {
            "form": choose, "licence": licence, "nominal": licence.nominal, "case": case_header(request, licence.nominal), "entries": entries, "marking": _marking(licence)})
    form = forms.ConditionForm(request.POST if request.method == "POST" else None, entry=entry, user=request.user,
                               nominal=licence.nominal)
    if request.method == "POST" and form.is_valid():
        try:
            condition = services.add_condition(actor=request.user, licence=licence, code=entry.code,
                                               parameters=forms.parameters_from(form), added_on=form.cleaned_data.get("added_on"))
        except ValidationError as exc:
            _apply_param_errors(form, exc)
        else:
            messages.success(request, f"Condition added: {condition.text}")
            if entry.code == "exclusion_zone" and not policy.items_for(request.user, Zone, nominal=licence.nominal).filter(condition=condition).exists():
                return redirect(f"{_url('licences:zone_add', licence.nominal_id)}?condition={condition.pk}")
            return redirect("licences:licence", licence.pk)
    return render(request, "licences/condition_form.html", {
        "form": form, "entry": entry, "licence": licence, "nominal": licence.nominal, "case": case_header(request, licence.nominal), "marking": _marking(licence)})


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def _apply_param_errors(form, exc: ValidationError):
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = f"param_{field}" if f"param_{field}" in form.fields else (field if field in form.fields else None)
        form.add_error(target, errors)


@login_required
def variation_add(request, pk):
    licence = _licence(request.user, pk, policy.WRITE)
    entries = services.catalogue_in_force()
    source = request.POST if request.method == "POST" else request.GET
    entry = None
    code = source.get("code")
    condition_id = source.get("condition")
    if source.get("kind") == "add" and code:
        entry = next((e for e in entries if e.code == code), None)
    elif source.get("kind") in ("vary", "ease") and whole_number(condition_id):
        c = policy.items_for(request.user, LicenceCondition, nominal=licence.nominal).filter(pk=condition_id, licence=licence).first()
        if c is not None:
            entry = services.rules.in_force(services.catalogue(), c.code, c.wording_from)
    form = forms.VariationForm(request.POST if request.method == "POST" else None, licence=licence, user=request.user,
                               entries=entries, entry=entry,
                               initial={k: v for k, v in request.GET.items() if k in ("kind", "condition", "code")})
    if request.method == "POST" and request.POST.get("step") == "details":
        # Show the chosen condition's details with what was typed so far, without judging it yet.
        form._errors = ErrorDict()
    elif request.method == "POST" and form.is_valid():
        try:
            variation = services.record_variation(actor=request.user, licence=licence, data=form.to_data(),
                                                  code=form.cleaned_data.get("code") or "",
                                                  parameters=forms.parameters_from(form) if entry else None)
        except ValidationError as exc:
            _apply_param_errors(form, exc)
        else:
            messages.success(request, f"Variation recorded: {variation}.")
            return redirect("licences:licence", licence.pk)
    elif request.method == "GET":
        record_view(request.user, licence.nominal, licence, what="record licence variation")
    return render(request, "licences/variation_form.html", {
        "form": form, "licence": licence, "nominal": licence.nominal, "case": case_header(request, licence.nominal), "entry": entry, "marking": _marking(licence)})


# ---- zones ---------------------------------------------------------------------------------------

@login_required
def zone_add(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    initial = {"shape": "geojson", "kind": Zone.Kind.EXCLUSION}
    if query_id(request.GET, "condition"):
        initial["condition"] = query_id(request.GET, "condition")
    form = forms.ZoneForm(request.POST or None, user=request.user, nominal=nominal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            zone, changed = services.add_zone(actor=request.user, nominal=nominal, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Zone “{zone.label}” added. Every located address has been checked against it.")
            return redirect("licences:zone", zone.pk)
    elif request.method == "GET":
        record_view(request.user, nominal, what="add zone")
    zones = list(active_zones(policy.items_for(request.user, Zone, nominal=nominal)))
    locations = list(policy.items_for(request.user, AddressLocation, nominal=nominal).select_related("address"))
    return _with_tiles(render(request, "licences/zone_form.html", {
        "form": form, "nominal": nominal, "case": case_header(request, nominal), "map_data": _map_data(zones, _located(request.user, nominal, locations)), "tiles": tiles_url(), "attribution": tiles_attribution(),
        "marking": _marking(nominal, *zones)}))


@login_required
def zone_page(request, pk):
    zone = policy.get_item(request.user, Zone, pk)
    nominal = policy.get_nominal(request.user, zone.nominal_id)
    form = forms.EndZoneForm(request.POST or None, initial={"version": zone.version})
    if request.method == "POST":
        policy.get_nominal(request.user, nominal.pk, policy.WRITE)
        if form.is_valid():
            try:
                services.end_zone(actor=request.user, zone=zone, ended_on=timezone.localdate(),
                                  version=form.cleaned_data["version"] or 0,
                                  urgent_reason=form.cleaned_data["urgent_reason"])
            except StaleEdit:
                messages.error(request, "Someone else changed this zone after you opened it. Check it and try again.")
                return redirect("licences:zone", zone.pk)
            except ValidationError as exc:
                apply_errors(form, exc)  # shown beside the reason it is urgent, nothing changed
            else:
                messages.success(request, f"Zone “{zone.label}” ended. The addresses have been checked again.")
                return redirect("licences:zone", zone.pk)
    locations = list(policy.items_for(request.user, AddressLocation, nominal=nominal).select_related("address"))
    located = _located(request.user, nominal, locations)
    rows = []
    for loc in locations:
        result, findings = services.check_location(loc, [zone.shape()], services.warning_distance())
        rows.append({"location": loc, "finding": findings[0] if findings else None})
    record_view(request.user, nominal, zone, what="zone")
    # The condition the zone was drawn for, if the reader may see it (it may be more restricted than the zone).
    condition = zone.condition if zone.condition_id and policy.may_see_item(request.user, zone.condition) else None
    return _with_tiles(render(request, "licences/zone.html", {
        "zone": zone, "condition": condition, "nominal": nominal, "case": case_header(request, nominal), "rows": rows, "picture": _picture([zone], located),
        "map_data": _map_data([zone], located), "tiles": tiles_url(), "attribution": tiles_attribution(),
        "can_write": policy.can(request.user, policy.WRITE, nominal) and zone.ended_on is None, "form": form,
        "marking": _marking(zone)}))


# ---- address locations ---------------------------------------------------------------------------

@login_required
def location_add(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    initial = {}
    if query_id(request.GET, "address"):
        initial["address"] = query_id(request.GET, "address")
        existing = policy.items_for(request.user, AddressLocation, nominal=nominal).filter(address_id=initial["address"]).first()
        if existing:
            initial |= {"latitude": existing.latitude, "longitude": existing.longitude, "version": existing.version}
    found = None
    if request.method == "GET" and "latitude" not in initial and initial.get("address"):
        # An address not yet located, chosen from the Licence tab: found from its postcode at once, to check on the map.
        form, found = _found_from_postcode(request, nominal, initial["address"])
    elif request.method == "POST" and "find" in request.POST:
        form, found = _found_from_postcode(request, nominal)
    else:
        form = forms.LocationForm(request.POST or None, user=request.user, nominal=nominal, initial=initial)
    if request.method == "POST" and found is None and form.is_valid():
        d = form.cleaned_data
        try:
            location = services.record_location(actor=request.user, address=d["address"], latitude=d["latitude"],
                                                longitude=d["longitude"], picked_on_map=d.get("picked_on_map", False),
                                                version=d.get("version"))
        except StaleEdit:
            form.add_error(None, "Someone else recorded this address's location after you opened it. Check it and try again.")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _tell_location_saved(request, queries.for_location(queries.reader_for(request.user, nominal), location))
            return redirect("licences:location", location.pk)
    elif request.method == "GET":
        record_view(request.user, nominal, what="record address location")
    zones = list(active_zones(policy.items_for(request.user, Zone, nominal=nominal)))
    return _with_tiles(render(request, "licences/location_form.html", {
        "form": form, "found": found, "nominal": nominal, "case": case_header(request, nominal), "map_data": _map_data(zones),
        "tiles": tiles_url(), "attribution": tiles_attribution(),
        "marking": _marking(nominal, *zones)}))


def _found_from_postcode(request, nominal, address_id=None):
    """"Find from the postcode": the chosen address's postcode looked up (licences.gazetteer), the point put in the
    form to check on the map before saving; nothing is saved. Returns the form and what to tell the user."""
    blank = forms.LocationForm(user=request.user, nominal=nominal)
    address = blank.fields["address"].queryset.filter(pk=address_id or query_id(request.POST, "address") or 0).first()
    if address is None:
        return blank, {"found": False, "text": "Choose the address, then find it from its postcode."}
    initial = {"address": address.pk}
    existing = policy.items_for(request.user, AddressLocation, nominal=nominal).filter(address=address).first()
    if existing:
        initial["version"] = existing.version
    place = gazetteer.locate(address.postcode)
    if place is None:
        text = (f"The postcode “{address.postcode}” was not found" if address.postcode else "This address has no postcode")
        return (forms.LocationForm(user=request.user, nominal=nominal, initial=initial),
                {"found": False, "text": f"{text}: click its position on the map, or type the latitude and longitude."})
    initial |= {"latitude": round(place.latitude, 6), "longitude": round(place.longitude, 6)}
    return (forms.LocationForm(user=request.user, nominal=nominal, initial=initial),
            {"found": True, "precise": place.precise, "text": f"Found {place.described}."})


def _tell_location_saved(request, answer: queries.Answer) -> None:
    """The message after saving a location: of the zones the user may see, and the same note whatever the others found."""
    of = "every zone" if answer.complete else "the zones you may see"
    if answer.rejected:
        messages.error(request, "Proposed address rejected: it is inside an exclusion zone.")
    elif answer.result == "inside":
        messages.error(request, "This address is inside an exclusion zone.")
    elif answer.result == "near":
        messages.info(request, "Location saved. Warning: the address is near an exclusion zone or a victim's address.")
    else:
        messages.success(request, f"Location saved. The address is clear of {of}.")
    if answer.note:
        messages.info(request, answer.note)


@login_required
def location_page(request, pk):
    location = policy.get_item(request.user, AddressLocation, pk)
    nominal = policy.get_nominal(request.user, location.nominal_id)
    zones = list(active_zones(policy.items_for(request.user, Zone, nominal=nominal)))
    located = _located(request.user, nominal, [location])
    record_view(request.user, nominal, location, what="address location and zone checks")
    return _with_tiles(render(request, "licences/location.html", {
        "location": location, "nominal": nominal, "case": case_header(request, nominal), "answer": located[0][1],
        "picture": _picture(zones, located), "map_data": _map_data(zones, located), "tiles": tiles_url(), "attribution": tiles_attribution(),
        "can_write": policy.can(request.user, policy.WRITE, nominal), "marking": _marking(location, *zones)}))


@login_required
def route_check(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    form = forms.RouteForm(request.GET or None, user=request.user, nominal=nominal)
    answer, picture = None, ""
    if form.is_bound and form.is_valid():
        points = form.cleaned_data["points"]
        try:
            answer = services.check_route(actor=request.user, nominal=nominal, points=points)  # audits the check
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            zones = list(active_zones(policy.items_for(request.user, Zone, nominal=nominal)))
            picture = _picture(zones, route=points)
    if answer is None:
        record_view(request.user, nominal, what="route check")
    return render(request, "licences/route.html", {
        "form": form, "nominal": nominal, "case": case_header(request, nominal), "answer": answer, "picture": picture, "marking": "OFFICIAL-SENSITIVE"})


