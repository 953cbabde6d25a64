"""API for approved premises and the resettlement pathways: a person's referrals and placements with their move-on
plans and incidents (list; change a referral, an arrival, a move-on plan or an incident, sending the version last
read), and their pathways (list, add, record the outcome). The same policy, services and audit as the pages: the
health and substance misuse pathway's details only for the agencies policy.pathway_details_for allows."""
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import CHANGE_RESPONSES, READ_RESPONSES, _version
from mappa.nominals.services import record_view
from mappa.resettlement import queries, rules, services
from mappa.resettlement.models import Pathway, PathwayDetail, PremisesIncident, PremisesPlacement, PremisesReferral

LISTED = 100


@extend_schema_serializer(component_name="ApprovedPremisesReferral")
class ReferralSerializer(ModelSerializer):
    class Meta:
        model = PremisesReferral
        fields = ("id", "version", "referred_on", "premises", "reason", "decision", "decision_reason", "decided_on",
                  "marking")


@extend_schema_serializer(component_name="ApprovedPremisesPlacement")
class PlacementSerializer(ModelSerializer):
    class Meta:
        model = PremisesPlacement
        fields = ("id", "version", "premises", "arrived_on", "expected_departure_on", "key_worker", "signing_in_hours",
                  "signing_in_reason", "curfew_from", "curfew_to", "move_on_plan", "move_on_to", "move_on_agreed_on",
                  "departed_on", "departure", "destination", "marking")


@extend_schema_serializer(component_name="ApprovedPremisesIncident")
class IncidentSerializer(ModelSerializer):
    class Meta:
        model = PremisesIncident
        fields = ("id", "version", "occurred_on", "kind", "details", "action_taken", "marking")


class PlacementRowSerializer(serializers.Serializer):
    placement = PlacementSerializer()
    incidents = IncidentSerializer(many=True)
    premises_name = serializers.CharField()
    move_on_plan_due = serializers.DateField(source="plan_due", help_text="When the move-on plan must be agreed by")
    move_on_plan_overdue = serializers.BooleanField(source="plan_overdue")
    stay_days = serializers.IntegerField(help_text="Days in the premises so far, or in all")


class ResettlementSerializer(serializers.Serializer):
    referrals = ReferralSerializer(many=True)
    placements = PlacementRowSerializer(many=True)


@extend_schema_serializer(component_name="PathwayAction")  # apart from the MAPPA meetings' actions
class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    who = serializers.CharField()
    target_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class PathwaySerializer(serializers.Serializer):
    """A pathway as the caller may see it: the health and substance misuse pathway's focus, need, service and
    outcome only for the agencies allowed them (`details_withheld` says when they are not shown)."""

    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=Pathway.Kind.choices)
    assessed_on = serializers.DateField(help_text="When the need was assessed: today or in the past")
    need = serializers.CharField(max_length=500, help_text="The need assessed")
    focus = serializers.ChoiceField(choices=PathwayDetail.Focus.choices, required=False, allow_null=True,
                                    help_text="Health and substance misuse pathway only: what it is about")
    provider = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                     help_text="Health and substance misuse pathway only: the service working with them")
    outcome = serializers.CharField(read_only=True, allow_null=True)
    outcome_when = serializers.CharField(read_only=True, allow_null=True)
    outcome_on = serializers.DateField(read_only=True, allow_null=True)
    details_withheld = serializers.BooleanField(read_only=True)
    actions = ActionSerializer(many=True, read_only=True)


def _pathway(row) -> dict:
    p, d = row.pathway, row.detail
    return {"id": p.pk, "version": p.version, "kind": p.kind, "assessed_on": p.assessed_on,
            "need": "" if row.hidden else row.need, "focus": d.focus if d else None,
            "provider": d.provider if d else "", "outcome": None if row.hidden else ((d.outcome if d else p.outcome) or None),
            "outcome_when": p.outcome_when or None, "outcome_on": p.outcome_on, "details_withheld": row.hidden,
            "actions": [{"id": a.pk, "action": a.action, "who": a.who, "target_on": a.target_on, "done_on": a.done_on}
                        for a in row.actions]}


@extend_schema_serializer(component_name="PathwayOutcome")
class OutcomeSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you last read")
    outcome = serializers.ChoiceField(choices=sorted({c for kind in rules.OUTCOMES.values() for c, _ in kind}),
                                      help_text="One of the pathway's outcomes")
    outcome_when = serializers.ChoiceField(choices=rules.WHEN)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                  help_text="Health and substance misuse pathway only")


class ResettlementView(APIView):
    """A person's referrals to approved premises and placements, with the move-on plan and when it is due."""

    @extend_schema(responses={200: ResettlementSerializer, **READ_RESPONSES})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        today = timezone.localdate()
        record_view(request.user, nominal, what="approved premises (API)")
        return Response(ResettlementSerializer({
            "referrals": queries.referrals(request.user, nominal)[:LISTED],
            "placements": queries.placement_rows(request.user, nominal, today,
                                                 rows=queries.placements(request.user, nominal)[:LISTED])}).data)


class PathwaysView(APIView):
    """A person's resettlement pathways with their actions and outcomes (GET); add one with its need (POST)."""

    @extend_schema(responses={200: PathwaySerializer(many=True), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        rows = queries.pathways(request.user, nominal)
        record_view(request.user, nominal, what="resettlement pathways (API)")
        return Response(PathwaySerializer([_pathway(r) for r in rows], many=True).data)

    @extend_schema(request=PathwaySerializer,
                   responses={201: PathwaySerializer, **{k: v for k, v in CHANGE_RESPONSES.items() if k != 409}})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        s = PathwaySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        if d["kind"] in rules.RESTRICTED_PATHWAYS:
            data = {"kind": d["kind"], "assessed_on": d["assessed_on"], "need": ""}
            detail = {"focus": d.get("focus") or "", "need": d["need"], "provider": d.get("provider", "")}
        else:
            data = {"kind": d["kind"], "assessed_on": d["assessed_on"], "need": d["need"]}
            detail = {"focus": d.get("focus") or "", "provider": d.get("provider", "")}
        pathway = services.add_pathway(actor=request.user, nominal=nominal, data=data, detail=detail)
        row = next(r for r in queries.pathways(request.user, nominal) if r.pathway.pk == pathway.pk)
        return Response(PathwaySerializer(_pathway(row)).data, status=status.HTTP_201_CREATED)


class PathwayOutcomeView(APIView):
    """Record a pathway's outcome and when it was reached (on release, at the end of the order)."""

    @extend_schema(request=OutcomeSerializer, responses={200: PathwaySerializer, **CHANGE_RESPONSES})
    def post(self, request, nominal_pk, pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        pathway = policy.get_item(request.user, Pathway, pk, policy.WRITE)
        if pathway.nominal_id != nominal.pk or (pathway.kind in rules.RESTRICTED_PATHWAYS
                                                and not policy.may_see_treatment(request.user)):
            raise Http404("No such pathway")
        version = _version(request)
        s = OutcomeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        services.record_outcome(actor=request.user, pathway=pathway, outcome=d["outcome"], when=d["outcome_when"],
                                notes=d["notes"], version=version)
        row = next(r for r in queries.pathways(request.user, nominal) if r.pathway.pk == pathway.pk)
        return Response(PathwaySerializer(_pathway(row)).data)


# ---- Changes: each sends the version last read (409 when someone changed it since) ----

def _edit_serializer(model, fields, name):
    """The fields a change may send, as the model defines them, and the version last read."""
    meta = type("Meta", (), {"model": model, "fields": ("version", *fields)})
    version = serializers.IntegerField(help_text="The version you last read")
    return extend_schema_serializer(component_name=name)(
        type(f"{name}Serializer", (ModelSerializer,), {"Meta": meta, "version": version}))


ReferralEdit = _edit_serializer(PremisesReferral, services.REFERRAL_FIELDS, "ApprovedPremisesReferralChange")
PlacementEdit = _edit_serializer(PremisesPlacement, services.PLACEMENT_EDITS, "ApprovedPremisesArrivalChange")
MoveOnEdit = _edit_serializer(PremisesPlacement, services.MOVE_ON_FIELDS, "ApprovedPremisesMoveOnChange")
IncidentEdit = _edit_serializer(PremisesIncident, services.INCIDENT_EDITS, "ApprovedPremisesIncidentChange")


def _change(request, nominal_pk, model, pk, editor, answer, update):
    nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
    item = policy.get_item_on(request.user, nominal, model, pk, policy.WRITE)
    version = _version(request)
    s = editor(item, data=request.data, partial=True)
    s.is_valid(raise_exception=True)
    data = {k: v for k, v in s.validated_data.items() if k != "version"}
    return Response(answer(update(item, data, version)).data)


class ReferralDetail(APIView):
    """Change a referral to approved premises: when, to which premises (not once decided) and why."""

    @extend_schema(request=ReferralEdit, responses={200: ReferralSerializer, **CHANGE_RESPONSES})
    def patch(self, request, nominal_pk, pk):
        return _change(request, nominal_pk, PremisesReferral, pk, ReferralEdit, ReferralSerializer,
                       lambda item, data, version: services.edit_referral(actor=request.user, referral=item, data=data,
                                                                          version=version))


class PlacementDetail(APIView):
    """Change the arrival in approved premises: the premises, the date, the key worker and the curfew."""

    @extend_schema(request=PlacementEdit, responses={200: PlacementSerializer, **CHANGE_RESPONSES})
    def patch(self, request, nominal_pk, pk):
        return _change(request, nominal_pk, PremisesPlacement, pk, PlacementEdit, PlacementSerializer,
                       lambda item, data, version: services.edit_placement(actor=request.user, placement=item,
                                                                           data=data, version=version))


class MoveOnDetail(APIView):
    """Change the move-on plan, the expected departure and the signing-in interval of a placement."""

    @extend_schema(request=MoveOnEdit, responses={200: PlacementSerializer, **CHANGE_RESPONSES})
    def patch(self, request, nominal_pk, pk):
        return _change(request, nominal_pk, PremisesPlacement, pk, MoveOnEdit, PlacementSerializer,
                       lambda item, data, version: services.plan_move_on(actor=request.user, placement=item,
                                                                         data=data, version=version))


class IncidentDetail(APIView):
    """Change an incident in approved premises; one that becomes a breach of the rules is a significant event."""

    @extend_schema(request=IncidentEdit, responses={200: IncidentSerializer, **CHANGE_RESPONSES})
    def patch(self, request, nominal_pk, pk):
        return _change(request, nominal_pk, PremisesIncident, pk, IncidentEdit, IncidentSerializer,
                       lambda item, data, version: services.edit_incident(actor=request.user, incident=item,
                                                                          data=data, version=version))
