"""API for supervision: a person's community and suspended sentence orders with their requirements, progress and
enforcement, and their appointments (list, add, record the outcome). The same policy, services and audit as the
pages: treatment details only for the agencies policy.treatment_details_for allows."""
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import CHANGE_RESPONSES, READ_RESPONSES, _version
from mappa.nominals.services import record_view
from mappa.orders.models import Sentence
from mappa.supervision import queries, services
from mappa.supervision.models import Appointment, Requirement

LISTED = 200  # appointments listed, newest first


@extend_schema_serializer(component_name="SupervisionAppointment")
class AppointmentSerializer(ModelSerializer):
    order = serializers.IntegerField(source="sentence_id", help_text="The id of the order (a sentence) it is under")
    requirement = serializers.IntegerField(source="requirement_id", required=False, allow_null=True,
                                           help_text="The id of the requirement it counts towards, if any")

    class Meta:
        model = Appointment
        fields = ("id", "version", "order", "requirement", "kind", "on", "at", "place", "outcome", "reason", "hours",
                  "outcome_on", "marking")
        read_only_fields = ("id", "version", "outcome", "reason", "hours", "outcome_on", "marking")


class OutcomeSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you last read")
    outcome = serializers.ChoiceField(choices=[c for c in Appointment.Outcome.choices if c[0]])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                   help_text="Required for an absence: why it was acceptable or not")
    hours = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=24,
                                     help_text="Hours worked at a kept unpaid work session")


def _requirement(row) -> dict:
    r, p = row.requirement, row.requirement.progress
    return {"id": r.pk, "kind": r.kind, "label": row.label, "status": r.status, "starts_on": r.starts_on,
            "ends_on": r.ends_on, "details": "" if row.hidden else r.details, "treatment_details_withheld": row.hidden,
            "progress": {"ordered": p.ordered, "done": p.done, "unit": p.unit} if p else None}


def _state(s) -> dict:
    e = s.enforcement
    return {"order": s.order.pk, "report_every_days": s.reporting.every_days, "reporting_reason": s.reporting.reason,
            "next_report_due": s.next_due, "report_overdue": s.report_overdue, "last_kept": s.last_kept,
            "unacceptable_absences": e.counted, "window_months": s.months, "enforcement_step": e.step or None,
            "enforcement_done": e.done, "breach_action_due": e.due_on}


class SupervisionView(APIView):
    """A person's orders under supervision: requirements with their progress, the reporting schedule and what the
    enforcement rule calls for, as the caller may see them."""

    @extend_schema(responses={200: inline_serializer("Supervision", {
        "requirements": serializers.ListField(child=serializers.DictField()),
        "orders": serializers.ListField(child=serializers.DictField())}), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        today = timezone.localdate()
        orders = list(queries.orders(request.user, nominal))
        record_view(request.user, nominal, what="supervision (API)")
        return Response({"requirements": [_requirement(r) for r in queries.requirements(request.user, nominal)],
                         "orders": [_state(s) for s in queries.states(request.user, nominal, today, orders_seen=orders)]})


class AppointmentsView(APIView):
    """A person's appointments, newest first (GET); book one under an order (POST)."""

    @extend_schema(responses={200: AppointmentSerializer(many=True), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        rows = queries.appointments(request.user, nominal)[:LISTED]
        record_view(request.user, nominal, what="appointments (API)")
        return Response(AppointmentSerializer(rows, many=True).data)

    @extend_schema(request=AppointmentSerializer,
                   responses={201: AppointmentSerializer, **{k: v for k, v in CHANGE_RESPONSES.items() if k != 409}})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        s = AppointmentSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = {k: v for k, v in s.validated_data.items() if k not in ("sentence_id", "requirement_id")}
        data["sentence"] = policy.items_for(request.user, Sentence, nominal=nominal).filter(
            pk=s.validated_data["sentence_id"]).first()
        if data["sentence"] is None:
            raise serializers.ValidationError({"order": "Choose one of this person's orders"})
        if s.validated_data.get("requirement_id"):
            data["requirement"] = policy.items_for(request.user, Requirement, nominal=nominal).filter(
                pk=s.validated_data["requirement_id"]).first()
            if data["requirement"] is None:
                raise serializers.ValidationError({"requirement": "Choose a requirement of this person's order"})
        appointment = services.add_appointment(actor=request.user, nominal=nominal, data=data)
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)


class OutcomeView(APIView):
    """Record whether an appointment was kept, or missed with an acceptable or unacceptable absence and why."""

    @extend_schema(request=OutcomeSerializer, responses={200: AppointmentSerializer, **CHANGE_RESPONSES})
    def post(self, request, nominal_pk, pk):
        policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        appointment = policy.get_item(request.user, Appointment, pk, policy.WRITE)
        if appointment.nominal_id != nominal_pk:
            raise Http404("No such appointment")
        version = _version(request)
        s = OutcomeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        appointment = services.record_outcome(actor=request.user, appointment=appointment, outcome=d["outcome"],
                                              reason=d["reason"], hours=d.get("hours"), version=version)
        return Response(AppointmentSerializer(appointment).data)
