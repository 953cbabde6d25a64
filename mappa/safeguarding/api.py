"""JSON API for disclosure and safeguarding: the same policy and services as the pages, with the same audit. Third
parties' names are replaced, for a reader policy.may_see_third_parties does not allow, as on the pages."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import _version
from mappa.arrangements.models import Minute
from mappa.nominals.models import Occupant, Relationship
from mappa.nominals.services import record_view
from mappa.safeguarding import queries, services
from mappa.safeguarding.models import DisclosureDecision, DisclosureRequest

LINKS = {"minute": Minute, "relationship": Relationship, "occupant": Occupant, "request": DisclosureRequest}


@extend_schema_serializer(component_name="DisclosureDecision")  # apart from another part's serializer of the same name
class DecisionSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Required when changing: the version you last read.")
    minute = serializers.IntegerField(source="minute_id", required=False, allow_null=True,
                                      help_text="The id of the level 2 or 3 meeting's minutes that record it.")
    relationship = serializers.IntegerField(source="relationship_id", required=False, allow_null=True,
                                            help_text="The id of the partner relationship it answers.")
    occupant = serializers.IntegerField(source="occupant_id", required=False, allow_null=True,
                                        help_text="The id of the child in the household it answers.")
    request = serializers.IntegerField(source="request_id", required=False, allow_null=True)
    decided_by = serializers.CharField(source="decided_by.display_name", read_only=True)
    recipient = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                      help_text="The name of the person or organisation told: shown only to those who "
                                                "may see victims' details, and to whoever recorded or decided it.")

    class Meta:
        model = DisclosureDecision
        fields = ("id", "version", "occasion", "minute", "request", "relationship", "occupant", "considered_on",
                  "decided_by", "decision", "ground", "power", "pressing_need", "risk_to_children", "necessary",
                  "rationale", "recipient_kind", "recipient", "what_disclosed", "disclosed_by", "disclosed_on",
                  "keep_confidential", "offender_told", "review_on")
        read_only_fields = ("id", "decided_by")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        reader, nominal = self.context["reader"], self.context["nominal"]
        if not policy.may_see_third_parties(reader, instance, nominal):
            data["recipient"] = queries.WITHHELD
        return data

    def data_for_service(self, user, nominal) -> dict:
        data = {k: v for k, v in self.validated_data.items() if k != "version" and not k.endswith("_id")}
        for name, model in LINKS.items():
            if f"{name}_id" in self.validated_data:
                pk = self.validated_data[f"{name}_id"]
                found = policy.items_for(user, model, nominal=nominal).filter(pk=policy.record_id(pk)).first() if pk else None
                if pk and found is None:
                    raise serializers.ValidationError({name: "Choose one of this person's records"})
                data[name] = found
        return data


def _context(request, nominal) -> dict:
    return {"reader": request.user, "nominal": nominal}


class DecisionList(APIView):
    """A person's disclosure decisions, for every reader of the record (the names of those told as the reader may
    see them)."""

    @extend_schema(responses=DecisionSerializer(many=True))
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        found = policy.items_for(request.user, DisclosureDecision, nominal=nominal).select_related("decided_by")
        record_view(request.user, nominal, what="disclosure decisions (API)")
        return Response(DecisionSerializer(found, many=True, context=_context(request, nominal)).data)

    @extend_schema(request=DecisionSerializer, responses={201: DecisionSerializer})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        if not policy.may_record_safeguarding(request.user, nominal):
            raise PermissionDenied("You can see this case but not record disclosure or safeguarding on it.")
        s = DecisionSerializer(data=request.data, context=_context(request, nominal))
        s.is_valid(raise_exception=True)
        decision = services.record_decision(actor=request.user, nominal=nominal,
                                            data=s.data_for_service(request.user, nominal))
        return Response(DecisionSerializer(decision, context=_context(request, nominal)).data,
                        status=status.HTTP_201_CREATED)


class DecisionDetail(APIView):
    """One disclosure decision; a change needs the version last read (409 when someone changed it since)."""

    def _decision(self, request, nominal_pk, pk):
        decision = policy.get_item(request.user, DisclosureDecision, pk)
        if decision.nominal_id != policy.record_id(nominal_pk):
            raise Http404("No such item")
        return decision, policy.get_nominal(request.user, decision.nominal_id)

    @extend_schema(responses=DecisionSerializer)
    def get(self, request, nominal_pk, pk):
        decision, nominal = self._decision(request, nominal_pk, pk)
        record_view(request.user, nominal, decision, what="disclosure decision (API)")
        return Response(DecisionSerializer(decision, context=_context(request, nominal)).data)

    @extend_schema(request=DecisionSerializer, responses=DecisionSerializer)
    def patch(self, request, nominal_pk, pk):
        decision, nominal = self._decision(request, nominal_pk, pk)
        if not policy.may_see_third_parties(request.user, decision, nominal):
            raise PermissionDenied("Only those who may see whom it names can change this decision.")
        s = DecisionSerializer(decision, data=request.data, partial=True, context=_context(request, nominal))
        s.is_valid(raise_exception=True)
        decision = services.change_decision(actor=request.user, decision=decision, version=_version(request),
                                            data=s.data_for_service(request.user, nominal))
        return Response(DecisionSerializer(decision, context=_context(request, nominal)).data)


class Summary(APIView):
    """Markers in force, prompts to consider disclosure, and the referrals and requests, as the reader may see them."""

    @extend_schema(responses=inline_serializer("SafeguardingSummary", {
        "markers": serializers.ListField(child=serializers.DictField()),
        "prompts": serializers.ListField(child=serializers.CharField()),
        "reasons": serializers.ListField(child=serializers.DictField()),
        "referrals": serializers.ListField(child=serializers.DictField()),
        "requests": serializers.ListField(child=serializers.DictField())}))
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        data = queries.summary(request.user, nominal)
        record_view(request.user, nominal, what="disclosure and safeguarding (API)")
        return Response({
            "markers": data["markers"], "prompts": [p.text for p in data["prompts"]],
            "reasons": [{"text": r.text, "source": r.source} for r in data["reasons"]],
            "referrals": [{"id": e.item.pk, "kind": e.item.kind, "about": e.name, "referred_on": e.item.referred_on,
                           "reason": e.item.reason, "meeting_on": e.item.meeting_on, "outcome": e.item.outcome,
                           "outcome_on": e.item.outcome_on} for e in data["referrals"]],
            "requests": [{"id": row["e"].item.pk, "applicant": row["e"].name, "received_on": row["e"].item.received_on,
                          "outcome": row["e"].item.outcome,
                          "next_stage": row["stage"].stage if row["stage"] else None,
                          "next_stage_due": row["stage"].due if row["stage"] else None} for row in data["request_rows"]],
        })
