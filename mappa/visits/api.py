"""API for home visits: the same policy, services and audit as the pages."""
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import _version
from mappa.nominals.services import record_view
from mappa.visits import queries, services
from mappa.visits.models import Crewing, Hazard, Outcome, Visit, VisitAgency


class HazardSerializer(ModelSerializer):
    class Meta:
        model = Hazard
        fields = ("id", "kind", "details", "marking")


class VisitSerializer(ModelSerializer):
    class Meta:
        model = Visit
        fields = ("id", "version", "visit_agency", "planned_for", "due_on", "announced", "checked_at", *services.CHECK_FIELDS[:-1],
                  *services.OUTCOME_FIELDS, "intelligence", "warrant_applied_on", "warrant_outcome", "marking")
        read_only_fields = fields


class PlanSerializer(serializers.Serializer):
    visit_agency = serializers.ChoiceField(choices=VisitAgency.choices)
    planned_for = serializers.DateField()
    announced = serializers.BooleanField(default=False)


class CheckSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    record_read = serializers.BooleanField(default=False)
    changes_seen = serializers.CharField(required=False, allow_blank=True, default="")
    pnc_checked = serializers.BooleanField(default=False)
    pnc_result = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    pnc_wanted = serializers.BooleanField(default=False)
    pnc_new_convictions = serializers.BooleanField(default=False)
    crewing = serializers.ChoiceField(choices=Crewing.choices, required=False, allow_blank=True, default="")
    equipment = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    announced = serializers.BooleanField(default=False)
    officer = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    hazards = serializers.ListField(child=serializers.DictField(), required=False, default=list, max_length=20)


@extend_schema_serializer(component_name="VisitOutcome")
class OutcomeSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    occurred_on = serializers.DateField(required=False)
    present = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    under_18_present = serializers.BooleanField(default=False)
    seen_devices = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    seen_vehicles = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    seen_relationship = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    seen_children = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    observations = serializers.CharField(required=False, allow_blank=True, default="")
    intelligence = serializers.CharField(required=False, allow_blank=True, default="",
                                         help_text="Submitted to the case manager for evaluation as intelligence")


class WarrantSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    warrant_applied_on = serializers.DateField()
    warrant_outcome = serializers.CharField(max_length=300)


def _due(d) -> dict:
    return {"agency": d.agency, "interval": d.schedule.interval, "reason": d.schedule.reason,
            "power": d.schedule.power.describe() if d.schedule.power else None,
            "last_attended": d.last_attended, "due": d.due, "why": d.why}


class ScheduleSerializer(serializers.Serializer):
    agency = serializers.ChoiceField(choices=VisitAgency.choices)
    interval = serializers.DictField(child=serializers.IntegerField(), allow_null=True,
                                     help_text='{"months": n} or {"days": n}; null when no visits are set for this case')
    reason = serializers.CharField(help_text="Where the interval comes from (the guidance, or an agreed override)")
    power = serializers.CharField(allow_null=True, help_text="What gives the power to visit; null when nothing does")
    last_attended = serializers.DateField(allow_null=True)
    due = serializers.DateField(allow_null=True)
    why = serializers.CharField()


@extend_schema_serializer(component_name="HomeVisits")
class VisitsSummarySerializer(serializers.Serializer):
    nominal = serializers.IntegerField()
    schedules = ScheduleSerializer(many=True)
    warrant_route = serializers.BooleanField(help_text="Failed attempts in a row call for the power-of-entry warrant")
    visits = VisitSerializer(many=True, help_text="The latest 100 the caller may see")


class VisitsView(APIView):
    """Each agency's visit schedule and the person's visits the caller may see; POST plans a visit."""

    @extend_schema(responses={200: VisitsSummarySerializer}, operation_id="v1_nominals_visits_list")
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        today = timezone.localdate()
        record_view(request.user, nominal, what="home visits")
        return Response({
            "nominal": nominal.pk,
            "schedules": [_due(d) for d in queries.schedules(request.user, nominal, today)],
            "warrant_route": queries.warrant_due(request.user, nominal, today),
            "visits": VisitSerializer(queries.visits(request.user, nominal)[:100], many=True).data,
        })

    @extend_schema(request=PlanSerializer, responses={201: VisitSerializer})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        data = PlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = services.plan_visit(actor=request.user, nominal=nominal, data=dict(data.validated_data))
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class _OneVisit(APIView):
    def visit(self, request, nominal_pk, pk, action=policy.READ) -> Visit:
        nominal = policy.get_nominal(request.user, nominal_pk, action)
        visit = policy.get_item(request.user, Visit, pk, action)
        if visit.nominal_id != nominal.pk:
            from django.http import Http404

            raise Http404("No such visit")
        return visit


class VisitView(_OneVisit):
    """One visit, with the hazards at the address recorded with it that the caller may see."""

    @extend_schema(responses={200: VisitSerializer})
    def get(self, request, nominal_pk, pk):
        visit = self.visit(request, nominal_pk, pk)
        record_view(request.user, visit.nominal, visit, what="home visit")
        return Response({**VisitSerializer(visit).data,
                         "hazards": HazardSerializer(policy.hazards_of_visit(request.user, visit), many=True).data})


class CheckView(_OneVisit):
    """Record the checks made before a visit."""

    @extend_schema(request=CheckSerializer, responses={200: VisitSerializer})
    def post(self, request, nominal_pk, pk):
        visit = self.visit(request, nominal_pk, pk, policy.WRITE)
        data = CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k not in ("version", "hazards")}
        visit = services.save_check(actor=request.user, visit=visit, data=values, hazards=data.validated_data["hazards"],
                                    version=_version(request))
        return Response(VisitSerializer(visit).data)


class OutcomeView(_OneVisit):
    """Record the outcome of a visit."""

    @extend_schema(request=OutcomeSerializer, responses={200: VisitSerializer})
    def post(self, request, nominal_pk, pk):
        visit = self.visit(request, nominal_pk, pk, policy.WRITE)
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k not in ("version", "intelligence")}
        visit = services.record_outcome(actor=request.user, visit=visit, data=values, version=_version(request),
                                        intelligence_text=data.validated_data["intelligence"])
        return Response(VisitSerializer(visit).data)


class WarrantView(_OneVisit):
    """Record a warrant for a visit."""

    @extend_schema(request=WarrantSerializer, responses={200: VisitSerializer})
    def post(self, request, nominal_pk, pk):
        visit = self.visit(request, nominal_pk, pk, policy.WRITE)
        data = WarrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = services.record_warrant(actor=request.user, visit=visit, applied_on=data.validated_data["warrant_applied_on"],
                                        outcome=data.validated_data["warrant_outcome"], version=_version(request))
        return Response(VisitSerializer(visit).data)
