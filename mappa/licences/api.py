"""JSON API for licences, conditions, variations, zones, address locations and route checks.
The same policy and services as the pages, with the same audit."""
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import _version
from mappa.licences import geometry as geo
from mappa.licences import queries, services
from mappa.licences.models import AddressLocation, Licence, LicenceCondition, Variation, Zone
from mappa.nominals.models import Address
from mappa.nominals.services import record_view
from mappa.victims.api import urgent_reason_field


class CatalogueEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    category = serializers.CharField()
    text = serializers.CharField()
    effective_from = serializers.DateField()
    source = serializers.CharField()
    parameters = serializers.SerializerMethodField()

    def get_parameters(self, entry) -> list[dict]:
        return [{"name": p.name, "label": p.label, "kind": p.kind, "required": p.required, "hint": p.hint} for p in entry.parameters]


class LicenceSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Required when changing: the version you last read.")
    marking = serializers.CharField(read_only=True)
    current = serializers.SerializerMethodField()
    sentence = serializers.IntegerField(
        source="sentence_id", required=False, allow_null=True,
        help_text="The id of the custodial sentence (see /api/v1/nominals/<id>/sentences/) the licence was issued "
                  "under. When set, start_date and end_date are the sentence's licence period: leave them out, or "
                  "send the same dates (other dates are refused). null: not linked, the dates are entered here.")
    dates_from_sentence = serializers.BooleanField(source="dates_confirmed", read_only=True,
                                                   help_text="The dates come from the linked sentence.")
    urgent_reason = urgent_reason_field()  # adding a licence for a release to come

    class Meta:
        model = Licence
        fields = ("id", "version", "nominal", "kind", "sentence", "dates_from_sentence", "start_date", "start_date_source",
                  "end_date", "end_date_source", "issued_by", "revoked_on", "notes", "handling", "marking", "current", "created_at", "updated_at",
                  "urgent_reason")
        read_only_fields = ("id", "nominal", "created_at", "updated_at")
        extra_kwargs = {"start_date": {"required": False}, "end_date": {"required": False}}

    @staticmethod
    def data_for_service(validated: dict) -> dict:
        data = {k: v for k, v in validated.items() if k not in ("version", "sentence_id")}
        if "sentence_id" in validated:
            data["sentence"] = validated["sentence_id"]
        return data

    def get_current(self, obj) -> bool:
        return obj.is_current()


class ConditionSerializer(ModelSerializer):
    marking = serializers.CharField(read_only=True)

    class Meta:
        model = LicenceCondition
        fields = ("id", "version", "licence", "code", "category", "title", "wording_from", "parameters", "text",
                  "added_on", "ended_on", "handling", "marking")
        read_only_fields = fields


class ConditionInput(serializers.Serializer):
    code = serializers.CharField()
    parameters = serializers.DictField(required=False, default=dict)
    added_on = serializers.DateField(required=False, allow_null=True)


class VariationSerializer(ModelSerializer):
    marking = serializers.CharField(read_only=True)

    class Meta:
        model = Variation
        fields = ("id", "licence", "condition", "kind", "requested_by", "request", "decision", "decided_on",
                  "decided_by", "reason", "consulted", "victim_liaison_consulted", "victim_views", "new_text",
                  "handling", "marking")
        read_only_fields = ("id", "licence", "new_text", "marking")


class VariationInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Variation.Kind.choices)
    condition = serializers.IntegerField(required=False, allow_null=True)
    code = serializers.CharField(required=False, allow_blank=True, default="")
    parameters = serializers.DictField(required=False, default=dict)
    requested_by = serializers.CharField()
    request = serializers.CharField()
    decision = serializers.ChoiceField(choices=Variation.Decision.choices)
    decided_on = serializers.DateField()
    decided_by = serializers.CharField()
    reason = serializers.CharField(allow_blank=True, required=False, default="")
    consulted = serializers.CharField(allow_blank=True, required=False, default="")
    victim_liaison_consulted = serializers.BooleanField(required=False, default=False)
    victim_views = serializers.CharField(allow_blank=True, required=False, default="")
    handling = serializers.CharField(allow_blank=True, required=False, default="")


class ZoneSerializer(ModelSerializer):
    marking = serializers.CharField(read_only=True)

    class Meta:
        model = Zone
        fields = ("id", "version", "kind", "label", "geometry", "radius_m", "condition", "description", "ended_on",
                  "handling", "marking")
        read_only_fields = ("id", "version", "ended_on", "marking")


class ZoneInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Zone.Kind.choices, default=Zone.Kind.EXCLUSION)
    label = serializers.CharField()
    geometry = serializers.JSONField(help_text="GeoJSON Polygon, or Point with radius_m; longitude first")
    radius_m = serializers.FloatField(required=False, allow_null=True)
    condition = serializers.IntegerField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    handling = serializers.CharField(required=False, allow_blank=True, default="")


class LocationSerializer(ModelSerializer):
    """An address location and its zone check as the reader may be told it (pass context["reader"]): a reader who
    may not see every zone gets the findings, result and rejection of the zones they may see, and the same note
    whatever the others found."""

    marking = serializers.CharField(read_only=True)
    result = serializers.SerializerMethodField(help_text="clear, near or inside: of the zones you may see")
    rejected = serializers.SerializerMethodField(help_text="A proposed address inside a zone you may see")
    findings = serializers.SerializerMethodField()
    complete = serializers.SerializerMethodField(help_text="You may see every zone the address was checked against")
    note = serializers.SerializerMethodField(help_text="When not complete: who confirms the check against the other zones")

    class Meta:
        model = AddressLocation
        fields = ("id", "version", "address", "latitude", "longitude", "picked_on_map", "result", "rejected",
                  "findings", "complete", "note", "checked_at", "handling", "marking")
        read_only_fields = fields

    def _answer(self, obj) -> queries.Answer:
        memo = self.context.setdefault("answers", {})
        if obj.pk not in memo:
            memo[obj.pk] = queries.for_location(self.context["reader"], obj)
        return memo[obj.pk]

    def get_result(self, obj) -> str:
        return self._answer(obj).result

    def get_rejected(self, obj) -> bool:
        return self._answer(obj).rejected

    def get_findings(self, obj) -> list[dict]:
        return list(self._answer(obj).findings)

    def get_complete(self, obj) -> bool:
        return self._answer(obj).complete

    def get_note(self, obj) -> str:
        return self._answer(obj).note


class LocationInput(serializers.Serializer):
    address = serializers.IntegerField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    version = serializers.IntegerField(required=False, allow_null=True)


class RouteInput(serializers.Serializer):
    route = serializers.ListField(child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
                                  help_text="[[latitude, longitude], ...]: the start, any turning points, the end")


def _reader(user, nominal) -> dict:
    return {"reader": queries.reader_for(user, nominal)}


class CatalogueView(APIView):
    """The licence conditions catalogue in force today."""

    @extend_schema(responses=CatalogueEntrySerializer(many=True))
    def get(self, request):
        return Response(CatalogueEntrySerializer(services.catalogue_in_force(), many=True).data)


class LicenceList(generics.ListCreateAPIView):
    """A person's licences."""

    serializer_class = LicenceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Licence.objects.none()
        return policy.items_for(self.request.user, Licence, nominal=policy.get_nominal(self.request.user, self.kwargs["nominal_pk"]))

    def list(self, request, *args, **kwargs):
        record_view(request.user, policy.get_nominal(request.user, kwargs["nominal_pk"]), what="licences")
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        nominal = policy.get_nominal(request.user, kwargs["nominal_pk"], policy.WRITE)
        s = self.get_serializer(data=request.data)
        s.is_valid(raise_exception=True)
        licence = services.create_licence(actor=request.user, nominal=nominal, data=s.data_for_service(s.validated_data))
        return Response(self.get_serializer(licence).data, status=status.HTTP_201_CREATED)


class LicenceDetail(generics.RetrieveUpdateAPIView):
    """One licence (GET), or a change to it (PATCH, with the version you last read)."""

    serializer_class = LicenceSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return policy.items_for(self.request.user, Licence)

    def retrieve(self, request, *args, **kwargs):
        licence = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        record_view(request.user, licence.nominal, licence, what="licence")
        return Response(self.get_serializer(licence).data)

    def partial_update(self, request, *args, **kwargs):
        licence = policy.get_item(request.user, Licence, kwargs["pk"], policy.WRITE)
        s = self.get_serializer(licence, data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        licence = services.update_licence(actor=request.user, licence=licence, data=s.data_for_service(s.validated_data),
                                          version=_version(request))
        return Response(self.get_serializer(licence).data)


class ConditionList(APIView):
    """The conditions of a licence; POST adds one from the catalogue."""

    @extend_schema(responses=ConditionSerializer(many=True))
    def get(self, request, pk):
        licence = policy.get_item(request.user, Licence, pk)
        rows = policy.items_for(request.user, LicenceCondition, nominal=licence.nominal).filter(licence=licence)
        record_view(request.user, licence.nominal, licence, what="licence conditions")
        return Response(ConditionSerializer(rows, many=True).data)

    @extend_schema(request=ConditionInput, responses={201: ConditionSerializer})
    def post(self, request, pk):
        licence = policy.get_item(request.user, Licence, pk, policy.WRITE)
        s = ConditionInput(data=request.data)
        s.is_valid(raise_exception=True)
        condition = services.add_condition(actor=request.user, licence=licence, code=s.validated_data["code"],
                                           parameters=s.validated_data["parameters"], added_on=s.validated_data.get("added_on"))
        return Response(ConditionSerializer(condition).data, status=status.HTTP_201_CREATED)


class VariationList(APIView):
    """Requests to vary a licence and their decisions; POST records one (an approved one changes the licence)."""

    @extend_schema(responses=VariationSerializer(many=True))
    def get(self, request, pk):
        licence = policy.get_item(request.user, Licence, pk)
        rows = policy.items_for(request.user, Variation, nominal=licence.nominal).filter(licence=licence)
        record_view(request.user, licence.nominal, licence, what="licence variations")
        return Response(VariationSerializer(rows, many=True).data)

    @extend_schema(request=VariationInput, responses={201: VariationSerializer})
    def post(self, request, pk):
        licence = policy.get_item(request.user, Licence, pk, policy.WRITE)
        s = VariationInput(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        code, parameters = data.pop("code"), data.pop("parameters")
        condition_id = data.pop("condition", None)
        data["condition"] = policy.get_item(request.user, LicenceCondition, condition_id) if condition_id else None
        variation = services.record_variation(actor=request.user, licence=licence, data=data, code=code,
                                              parameters=parameters or None)
        return Response(VariationSerializer(variation).data, status=status.HTTP_201_CREATED)


class ZoneEndInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version of the zone you last read.")
    urgent_reason = urgent_reason_field()


class ZoneEnd(APIView):
    """End a zone today (POST, with the version you last read); every located address is checked again. On a record
    with a victim in statutory contact this needs the victim liaison officer's input first, or urgent_reason."""

    @extend_schema(request=ZoneEndInput, responses={200: ZoneSerializer})
    def post(self, request, pk):
        zone = policy.get_item(request.user, Zone, pk, policy.WRITE)
        policy.get_nominal(request.user, zone.nominal_id, policy.WRITE)
        version = _version(request)
        s = ZoneEndInput(data=request.data)
        s.is_valid(raise_exception=True)
        zone = services.end_zone(actor=request.user, zone=zone, ended_on=timezone.localdate(), version=version,
                                 urgent_reason=s.validated_data.get("urgent_reason", ""))
        return Response(ZoneSerializer(zone).data)


class ZoneList(APIView):
    """A person's exclusion zones and protected places (GeoJSON, WGS84); POST adds one and rechecks every located address."""

    @extend_schema(responses=ZoneSerializer(many=True))
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        record_view(request.user, nominal, what="zones")
        return Response(ZoneSerializer(policy.items_for(request.user, Zone, nominal=nominal), many=True).data)

    @extend_schema(request=ZoneInput, responses={201: ZoneSerializer})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        s = ZoneInput(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        condition_id = data.pop("condition", None)
        data["condition"] = policy.get_item(request.user, LicenceCondition, condition_id) if condition_id else None
        zone, changed = services.add_zone(actor=request.user, nominal=nominal, data=data)
        body = ZoneSerializer(zone).data
        body["rechecked"] = LocationSerializer(changed, many=True, context=_reader(request.user, nominal)).data
        return Response(body, status=status.HTTP_201_CREATED)


class LocationList(APIView):
    """Where a person's addresses are, and what the zone checks found; POST records one and checks it."""

    @extend_schema(responses=LocationSerializer(many=True))
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        record_view(request.user, nominal, what="address locations")
        rows = policy.items_for(request.user, AddressLocation, nominal=nominal)
        return Response(LocationSerializer(rows, many=True, context=_reader(request.user, nominal)).data)

    @extend_schema(request=LocationInput, responses={201: LocationSerializer})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        s = LocationInput(data=request.data)
        s.is_valid(raise_exception=True)
        address = policy.items_for(request.user, Address, nominal=nominal).filter(pk=s.validated_data["address"]).first()
        if address is None:
            raise ValidationError({"address": "Choose an address on this person's record"})
        location = services.record_location(actor=request.user, address=address, latitude=s.validated_data["latitude"],
                                            longitude=s.validated_data["longitude"], version=s.validated_data.get("version"))
        return Response(LocationSerializer(location, context=_reader(request.user, nominal)).data,
                        status=status.HTTP_201_CREATED)


class RouteCheck(APIView):
    """Whether a route crosses or passes near the person's zones, as you may be told it (nothing is stored; the
    check is audited). Without access to every zone: the findings of the zones you may see, and a note."""

    @extend_schema(request=RouteInput, responses={200: dict})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        s = RouteInput(data=request.data)
        s.is_valid(raise_exception=True)
        points = [geo.LatLon(lat, lon) for lat, lon in s.validated_data["route"]]
        answer = services.check_route(actor=request.user, nominal=nominal, points=points)
        return Response({"crosses": answer.result == geo.Status.INSIDE,
                         "findings": [{"zone": int(f.zone_key), "label": f.zone_label, "status": f.status,
                                       "distance_m": round(f.distance_m, 1), "inside_m": round(f.inside_m, 1),
                                       "explanation": f.explanation} for f in answer.findings],
                         "complete": answer.complete, "note": answer.note})
