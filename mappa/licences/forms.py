"""Forms for licences, conditions, variations, zones and address locations."""
from django import forms

from mappa.access import policy
from mappa.core.dates import day as govuk_day
from mappa.core.forms import GovukDateField
from mappa.core.markings import Handling
from mappa.licences import geometry as geo
from mappa.licences import rules
from mappa.licences.models import AddressLocation, Licence, LicenceCondition, Variation, Zone
from mappa.licences.services import linkable_sentences, people_for, person_label, sentence_period, zones_for
from mappa.nominals.models import Address
from mappa.orders.models import DateSource
from mappa.victims.forms import urgent_reason_field
from mappa.victims.rules import URGENT_REASON

HANDLING_LABEL = "Restrict who can see this"
HANDLING_HELP = ("Victim details: police, probation and victim services only. Intelligence: police only. "
                 "Health information: health agencies only. Your own agency can always see what it records.")


NOT_RECORDED = "The sentence is not recorded yet: enter the licence dates"


def sentence_label(sentence) -> str:
    period = sentence_period(sentence)
    if period is None or period[1] is None:
        dates = "no licence dates recorded yet"
    else:
        dates = f"licence {govuk_day(period[0])} to {govuk_day(period[1])}"
    return f"{sentence} ({dates})"


class LicenceForm(forms.Form):
    """The sentence the licence was issued under, if it is recorded: then the dates come from it and are not
    asked for (when editing a linked licence the date fields are left out altogether)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(choices=Licence.Kind.choices, label="Type of licence")
    sentence = forms.ChoiceField(
        label="Sentence the licence was issued under", widget=forms.RadioSelect, required=False,
        help_text="The licence's dates come from the sentence, and follow it when it changes",
        error_messages={"invalid_choice": "Choose a sentence from the list, or that it is not recorded yet"})
    start_date = GovukDateField(label="Licence start date", required=False,
                                help_text="Only if the sentence is not recorded yet. For example, 27 3 2026")
    end_date = GovukDateField(label="Licence end date", required=False,
                              help_text="Only if the sentence is not recorded yet. The licence expiry date")
    start_date_source = forms.ChoiceField(choices=DateSource.choices, required=False,
                                          label="Where the licence start date comes from")
    end_date_source = forms.ChoiceField(choices=DateSource.choices, required=False,
                                        label="Where the licence expiry date comes from")
    issued_by = forms.CharField(max_length=200, label="Issued by",
                                help_text="For example: HMP Brackford, for the Secretary of State; or the Parole Board")
    revoked_on = GovukDateField(label="Date revoked", required=False, help_text="Only if the licence was revoked, for example on recall")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    handling = forms.ChoiceField(choices=Handling.choices, required=False, label=HANDLING_LABEL, help_text=HANDLING_HELP)

    def __init__(self, *args, user, nominal, licence: Licence | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_by"].error_messages["required"] = "Enter who issued the licence"
        self.sentences = {str(s.pk): s for s in linkable_sentences(user, nominal).order_by("-sentenced_on", "-pk")}
        choices = [("", NOT_RECORDED)] + [(pk, sentence_label(s)) for pk, s in self.sentences.items()]
        self.linked = licence is not None and licence.sentence_id is not None
        if self.linked and str(licence.sentence_id) not in self.sentences:
            # Linked to a sentence this user may not see: keep the link without showing its details.
            choices.insert(1, (str(licence.sentence_id), "The sentence already linked (recorded by another agency)"))
        self.fields["sentence"].choices = choices
        if licence is None:  # a licence for a release to come needs the victim liaison officer's input first
            self.fields[URGENT_REASON] = urgent_reason_field()
        if self.linked:
            # The dates come from the sentence: shown on the page, not asked for again.
            del self.fields["start_date"], self.fields["end_date"]
            del self.fields["start_date_source"], self.fields["end_date_source"]
            self.fields["sentence"].help_text = ("The dates come from this sentence. To enter them yourself, choose "
                                                 "that the sentence is not recorded yet")

    def clean(self):
        data = super().clean()
        if not data.get("sentence") and "start_date" in self.fields:
            for name, message in [("start_date", "Enter the date the licence starts, or choose the sentence it was issued under"),
                                  ("end_date", "Enter the date the licence ends, or choose the sentence it was issued under")]:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, message)
        return data

    def to_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["sentence"] = int(data["sentence"]) if data.get("sentence") else None
        if data["sentence"] is not None:
            # Dates left blank are filled from the sentence; any typed must agree with it (the service says so).
            for name in ("start_date", "end_date"):
                if data.get(name) is None:
                    data.pop(name, None)
        return data


def parameter_fields(entry: rules.CatalogueEntry, user, nominal) -> dict:
    """A form field for each parameter a catalogue entry takes (named param_<name>)."""
    fields = {}
    for p in entry.parameters:
        if p.kind == rules.PEOPLE:
            people = people_for(user, nominal)
            field = forms.MultipleChoiceField(choices=[(k, f"{person_label(r)} ({r.get_kind_display().lower()})") for k, r in people.items()],
                                              widget=forms.CheckboxSelectMultiple, required=False,
                                              help_text=p.hint or "People recorded under associates and relationships on the person's record")
        elif p.kind == rules.ZONES:
            zones = zones_for(user, nominal)
            field = forms.MultipleChoiceField(choices=[(k, z.label) for k, z in zones.items() if z.kind == Zone.Kind.EXCLUSION],
                                              widget=forms.CheckboxSelectMultiple, required=False,
                                              help_text=p.hint or "Optional. You can draw the zones after adding the condition")
        else:
            attrs = {"class": "govuk-input--width-5"} if p.kind in (rules.TIME, rules.HOURS) else {}
            field = forms.CharField(required=False, help_text=p.hint, widget=forms.TextInput(attrs=attrs))
        field.label = p.label
        fields[f"param_{p.name}"] = field
    return fields


def parameters_from(form) -> dict:
    return {k[len("param_"):]: v for k, v in form.cleaned_data.items() if k.startswith("param_")}


class ChooseConditionForm(forms.Form):
    code = forms.ChoiceField(label="Which condition?", widget=forms.RadioSelect,
                             error_messages={"required": "Choose a condition", "invalid_choice": "Choose a condition from the list"})

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(e.code, f"{e.title} ({e.category})") for e in entries]


class ConditionForm(forms.Form):
    added_on = GovukDateField(label="Date the condition starts", required=False,
                              help_text="Leave blank for today, or the licence start date if later")

    def __init__(self, *args, entry, user, nominal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(parameter_fields(entry, user, nominal))


class VariationForm(forms.Form):
    kind = forms.ChoiceField(choices=Variation.Kind.choices, widget=forms.RadioSelect, label="What was asked for?",
                             error_messages={"required": "Choose what was asked for"})
    condition = forms.ModelChoiceField(queryset=LicenceCondition.objects.none(), required=False,
                                       label="Condition (to vary, ease or remove)")
    code = forms.ChoiceField(required=False, label="Condition to add")
    requested_by = forms.CharField(max_length=200, label="Requested by",
                                   error_messages={"required": "Enter who asked for the variation"})
    request = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What was asked for, and why",
                              error_messages={"required": "Enter what was asked for"})
    decision = forms.ChoiceField(choices=Variation.Decision.choices, widget=forms.RadioSelect, label="Decision",
                                 error_messages={"required": "Choose whether the variation was approved or refused"})
    decided_on = GovukDateField(label="Date of the decision", not_in_future=True)
    decided_by = forms.CharField(max_length=200, label="Decided by", error_messages={"required": "Enter who decided"})
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reasons for the decision", required=False)
    consulted = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                label="Who was consulted, and what they said",
                                help_text="For example: police public protection officer, MAPPA meeting, approved premises manager")
    victim_liaison_consulted = forms.BooleanField(required=False, label="The victim liaison officer was consulted")
    victim_views = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                   label="The victim's views, through the victim liaison officer")
    handling = forms.ChoiceField(choices=Handling.choices, required=False, label=HANDLING_LABEL, help_text=HANDLING_HELP)

    def __init__(self, *args, licence, user, entries=(), entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].queryset = policy.items_for(user, LicenceCondition, nominal=licence.nominal).filter(
            licence=licence, ended_on__isnull=True)
        self.fields["code"].choices = [("", "Choose a condition")] + [(e.code, e.title) for e in entries]
        if entry is not None:
            self.fields.update({k: f for k, f in parameter_fields(entry, user, licence.nominal).items()})
            for name, field in self.fields.items():
                if name.startswith("param_"):
                    field.label = f"New: {field.label[:1].lower()}{field.label[1:]}"

    def to_data(self) -> dict:
        names = ("kind", "condition", "requested_by", "request", "decision", "decided_on", "decided_by", "reason",
                 "consulted", "victim_liaison_consulted", "victim_views", "handling")
        return {k: self.cleaned_data.get(k) if k != "handling" else (self.cleaned_data.get(k) or "") for k in names}


class ZoneForm(forms.Form):
    """A zone drawn on the map (the map writes GeoJSON into `geojson`), or typed in without JavaScript."""

    SHAPES = [("polygon", "An area: type its corner points"), ("circle", "A circle: a centre and a radius"),
              ("geojson", "GeoJSON (the map fills this in when you draw)")]
    label = forms.CharField(max_length=120, label="Name of the zone",
                            help_text="For example: Victim's home and route to work",
                            error_messages={"required": "Enter a name for the zone"})
    kind = forms.ChoiceField(choices=Zone.Kind.choices, initial=Zone.Kind.EXCLUSION, widget=forms.RadioSelect, label="What is it?")
    shape = forms.ChoiceField(choices=SHAPES, widget=forms.RadioSelect, label="How are you giving the shape?", initial="geojson")
    geojson = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "app-geojson", "spellcheck": "false"}),
                              label="GeoJSON", help_text="A Polygon, or a Point with a radius")
    coordinates = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
                                  label="Corner points",
                                  help_text="One “latitude, longitude” per line, at least 3, in order around the edge. For example: 51.7357, 0.4685")
    centre = forms.CharField(required=False, label="Centre (latitude, longitude)", help_text="For example: 51.7357, 0.4685")
    radius_m = forms.FloatField(required=False, label="Radius in metres", widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
                                error_messages={"invalid": "Enter the radius as a number of metres"})
    condition = forms.ModelChoiceField(queryset=LicenceCondition.objects.none(), required=False,
                                       label="Licence condition it belongs to", help_text="Optional")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  label="Description as on the licence", help_text="Optional. For example, the streets that bound the area")
    handling = forms.ChoiceField(choices=Handling.choices, required=False, label=HANDLING_LABEL,
                                 help_text=HANDLING_HELP + " A victim's address is always victim details.")

    def __init__(self, *args, user, nominal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].queryset = policy.items_for(user, LicenceCondition, nominal=nominal).filter(ended_on__isnull=True)

    def clean(self):
        data = super().clean()
        shape = data.get("shape")
        try:
            if shape == "polygon":
                ring = geo.validate_polygon(geo.parse_coordinates(data.get("coordinates", ""), "coordinates"), "coordinates")
                data["geometry"] = geo.Zone("", "", polygon=ring).geojson()
            elif shape == "circle":
                points = geo.parse_coordinates(data.get("centre", ""), "centre")
                if len(points) != 1:
                    raise forms.ValidationError({"centre": "Enter the centre as one latitude and longitude, for example 51.7357, 0.4685"})
                if data.get("kind") == Zone.Kind.PROTECTED and not data.get("radius_m"):
                    geo.check_in_uk(points[0], "centre", "The place")
                    data["geometry"] = {"type": "Point", "coordinates": [points[0].lon, points[0].lat]}
                else:
                    centre, radius = geo.validate_circle(points[0], data.get("radius_m"), "centre")
                    data["geometry"] = {"type": "Point", "coordinates": [centre.lon, centre.lat]}
            elif shape == "geojson":
                text = (data.get("geojson") or "").strip()
                if not text:
                    raise forms.ValidationError({"geojson": "Draw the zone on the map, or type its GeoJSON"})
                zone = geo.zone_from_geojson(text, radius_m=data.get("radius_m"), field_name="geojson")
                data["geometry"] = zone.geojson()
                if zone.is_circle:
                    data["radius_m"] = zone.radius_m
        except forms.ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data

    def to_data(self) -> dict:
        d = self.cleaned_data
        radius = d.get("radius_m") if d.get("shape") != "polygon" else None
        return {"kind": d["kind"], "label": d["label"], "geometry": d["geometry"], "radius_m": radius,
                "condition": d.get("condition"), "description": d.get("description", ""), "handling": d.get("handling") or ""}


class LocationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    address = forms.ModelChoiceField(queryset=Address.objects.none(), label="Address",
                                     error_messages={"required": "Choose the address", "invalid_choice": "Choose an address from the list"})
    latitude = forms.FloatField(label="Latitude", help_text="For example, 51.7357. Click the map to fill this in.",
                                widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
                                error_messages={"required": "Enter the latitude", "invalid": "Enter the latitude as a number, for example 51.7357"})
    longitude = forms.FloatField(label="Longitude", help_text="For example, 0.4685 (west of Greenwich is negative)",
                                 widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
                                 error_messages={"required": "Enter the longitude", "invalid": "Enter the longitude as a number, for example 0.4685"})
    picked_on_map = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, nominal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = policy.items_for(user, Address, nominal=nominal).exclude(kind=Address.Kind.NO_FIXED_ABODE)
        self.fields["address"].label_from_instance = lambda a: f"{a} ({a.get_status_display().lower()}, {a.get_kind_display().lower()})"


class RouteForm(forms.Form):
    start = forms.ModelChoiceField(queryset=AddressLocation.objects.none(), required=False, label="From (optional)",
                                   help_text="An address located on the map", empty_label="Choose an address")
    route = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}), label="Route", required=False,
                            help_text="One “latitude, longitude” per line: the start, any turning points, then the end. "
                                      "Leave out the start or the end when you chose an address for it.")
    end = forms.ModelChoiceField(queryset=AddressLocation.objects.none(), required=False, label="To (optional)",
                                 help_text="An address located on the map", empty_label="Choose an address")

    def __init__(self, *args, user, nominal, **kwargs):
        super().__init__(*args, **kwargs)
        located = policy.items_for(user, AddressLocation, nominal=nominal).select_related("address")
        for name in ("start", "end"):
            self.fields[name].queryset = located
            self.fields[name].label_from_instance = lambda loc: str(loc.address)
            self.fields[name].error_messages["invalid_choice"] = "Choose an address from the list"

    def clean_route(self):
        try:
            points = geo.parse_coordinates(self.cleaned_data["route"], "route")
            for n, p in enumerate(points, 1):
                geo.check_in_uk(p, "route", f"Point {n} of the route")
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return points

    def clean(self):
        data = super().clean()
        if "route" not in data:
            return data
        points = ([data["start"].point] if data.get("start") else []) + data["route"] + ([data["end"].point] if data.get("end") else [])
        if len(points) < 2:
            self.add_error("route", "A route needs a start and an end point")
        data["points"] = points
        return data


class EndZoneForm(forms.Form):
    """Ending a zone: the version read, and the reason it is urgent if it cannot wait for the victim liaison
    officer's input (the service says when it is needed)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[URGENT_REASON] = urgent_reason_field()
