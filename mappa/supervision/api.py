"""API for supervision: a person's community and suspended sentence orders with their requirements, progress and
enforcement, and their appointments (list, add, record the outcome); polygraph examinations, medication to reduce
sexual arousal and circles of support (list, add, change with the version last read). The same policy, services
and audit as the pages: treatment details and medication only for the agencies policy.treatment_details_for and
policy.medication_for allow."""
import datetime

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import CHANGE_RESPONSES, READ_RESPONSES, _version
from mappa.licences.models import Licence
from mappa.nominals.services import record_view
from mappa.orders.models import Sentence
from mappa.supervision import queries, services
from mappa.supervision.models import Appointment, CircleConcern, CircleOfSupport, Medication, PolygraphExam, Requirement

LISTED = 200  # appointments listed, newest first


@extend_schema_serializer(component_name="SupervisionAppointment")
class AppointmentSerializer(ModelSerializer):
    order = serializers.IntegerField(source="sentence_id", required=False,
                                     help_text="The id of the order (a sentence) it is under; under a licence, the "
                                               "licence's custodial sentence (read only: give `licence`)")
    licence = serializers.IntegerField(source="licence_id", required=False, allow_null=True,
                                       help_text="The id of the licence in force it is under, instead of an order")
    requirement = serializers.IntegerField(source="requirement_id", required=False, allow_null=True,
                                           help_text="The id of the requirement it counts towards, if any")

    class Meta:
        model = Appointment
        fields = ("id", "version", "order", "licence", "requirement", "kind", "on", "at", "place", "outcome", "reason", "hours",
                  "outcome_on", "marking")
        read_only_fields = ("id", "version", "outcome", "reason", "hours", "outcome_on", "marking")


@extend_schema_serializer(component_name="AppointmentOutcome")
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


def _licence_state(s) -> dict:
    e = s.enforcement
    return {"licence": s.licence.pk, "sentence": s.licence.sentence_id, "starts_on": s.licence.start_date,
            "ends_on": s.licence.end_date, "report_every_days": s.reporting.every_days,
            "reporting_reason": s.reporting.reason, "next_report_due": s.next_due, "report_overdue": s.report_overdue,
            "last_kept": s.last_kept, "unacceptable_absences": e.counted, "window_months": s.months,
            "enforcement_step": e.step or None, "enforcement_done": e.done, "recall_to_consider": e.step == "recall"}


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
        "orders": serializers.ListField(child=serializers.DictField()),
        "licences": serializers.ListField(child=serializers.DictField())}), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        today = timezone.localdate()
        orders = list(queries.orders(request.user, nominal))
        record_view(request.user, nominal, what="supervision (API)")
        return Response({"requirements": [_requirement(r) for r in queries.requirements(request.user, nominal)],
                         "orders": [_state(s) for s in queries.states(request.user, nominal, today, orders_seen=orders)],
                         "licences": [_licence_state(s) for s in queries.licence_states(request.user, nominal, today)]})


class AppointmentsView(APIView):
    """A person's appointments, newest first (GET); book one under an order or a licence in force (POST)."""

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
        data = {k: v for k, v in s.validated_data.items() if k not in ("sentence_id", "licence_id", "requirement_id")}
        if s.validated_data.get("licence_id"):
            if s.validated_data.get("sentence_id"):
                raise serializers.ValidationError({"licence": "Give an order or a licence, not both"})
            data["licence"] = policy.items_for(request.user, Licence, nominal=nominal).filter(
                pk=s.validated_data["licence_id"]).first()
            if data["licence"] is None:
                raise serializers.ValidationError({"licence": "Choose one of this person's licences"})
        else:
            data["sentence"] = policy.items_for(request.user, Sentence, nominal=nominal).filter(
                pk=s.validated_data.get("sentence_id")).first()
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


# ---- Polygraph, medication to reduce sexual arousal, circles of support ----

class _Versioned(ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Required when changing: the version you last read")

    def for_service(self) -> dict:
        return {k: v for k, v in self.validated_data.items() if k != "version"}


@extend_schema_serializer(component_name="PolygraphExamination")
class PolygraphSerializer(_Versioned):
    significant = serializers.BooleanField(read_only=True,
                                           help_text="A significant response, a refusal or a disclosure: a significant event")

    class Meta:
        model = PolygraphExam
        fields = ("id", "version", "examined_on", "examiner", "kind", "outcome", "disclosures", "actions", "significant",
                  "marking")
        read_only_fields = ("id", "significant", "marking")


@extend_schema_serializer(component_name="SexualArousalMedication")
class MedicationSerializer(_Versioned):
    review_due = serializers.SerializerMethodField(help_text="When the next review is due; null once it has ended")

    class Meta:
        model = Medication
        fields = ("id", "version", "drug", "prescriber", "consent_on", "consent_withdrawn_on", "started_on", "ended_on",
                  "reviewed_on", "review_notes", "review_due", "marking")
        read_only_fields = ("id", "review_due", "marking")

    def get_review_due(self, m) -> datetime.date | None:
        today = timezone.localdate()
        return queries.medication_row(m, queries.tables(today)["medication"], today).review_due


@extend_schema_serializer(component_name="CircleConcern")
class ConcernSerializer(ModelSerializer):
    class Meta:
        model = CircleConcern
        fields = ("id", "raised_on", "concern", "action", "marking")
        read_only_fields = ("id", "marking")


@extend_schema_serializer(component_name="CircleOfSupport")
class CircleSerializer(_Versioned):
    concerns = ConcernSerializer(many=True, read_only=True)

    class Meta:
        model = CircleOfSupport
        fields = ("id", "version", "referred_on", "provider", "started_on", "volunteers", "ended_on", "end_reason",
                  "concerns", "marking")
        read_only_fields = ("id", "concerns", "marking")


def _list(request, nominal_pk, rows, serializer, what):
    nominal = policy.get_nominal(request.user, nominal_pk)
    found = rows(request.user, nominal)
    record_view(request.user, nominal, what=f"{what} (API)")
    return Response(serializer(found, many=True).data)


def _create(request, nominal_pk, serializer, add):
    nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
    s = serializer(data=request.data)
    s.is_valid(raise_exception=True)
    made = add(actor=request.user, nominal=nominal, data=s.for_service())
    return Response(serializer(made).data, status=status.HTTP_201_CREATED)


def _change(request, item, serializer, update):
    s = serializer(item, data=request.data, partial=True)
    s.is_valid(raise_exception=True)
    return Response(serializer(update(s.for_service(), _version(request))).data)


def _on(nominal_pk, item):
    if item is None or item.nominal_id != policy.record_id(nominal_pk):
        raise Http404("No such item")
    return item


CREATED = {k: v for k, v in CHANGE_RESPONSES.items() if k != 409}


class PolygraphList(APIView):
    """A person's polygraph examinations, newest first (GET); record one (POST): a significant response, a
    refusal or a disclosure raises a significant event."""

    @extend_schema(responses={200: PolygraphSerializer(many=True), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        return _list(request, nominal_pk, lambda u, n: queries.polygraphs(u, n)[:LISTED], PolygraphSerializer,
                     "polygraph examinations")

    @extend_schema(request=PolygraphSerializer, responses={201: PolygraphSerializer, **CREATED})
    def post(self, request, nominal_pk):
        return _create(request, nominal_pk, PolygraphSerializer, services.add_polygraph)


class PolygraphDetail(APIView):
    """Change a polygraph examination, sending the version last read (409 when someone changed it since)."""

    @extend_schema(request=PolygraphSerializer, responses={200: PolygraphSerializer, **CHANGE_RESPONSES})
    def patch(self, request, nominal_pk, pk):
        policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        exam = _on(nominal_pk, policy.get_item(request.user, PolygraphExam, pk, policy.WRITE))
        return _change(request, exam, PolygraphSerializer, lambda data, version: services.update_polygraph(
            actor=request.user, exam=exam, data=data, version=version))


class MedicationList(APIView):
    """Medication to reduce sexual arousal (GET; POST to record it with consent): health information, for the
    agencies policy.medication_for allows. Others get an empty list and may not record it."""

    @extend_schema(responses={200: MedicationSerializer(many=True), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        return _list(request, nominal_pk, lambda u, n: policy.medication_for(u, nominal=n).order_by("-consent_on", "-id"),
                     MedicationSerializer, "medication")

    @extend_schema(request=MedicationSerializer, responses={201: MedicationSerializer, **CREATED})
    def post(self, request, nominal_pk):
        return _create(request, nominal_pk, MedicationSerializer, services.add_medication)


class MedicationDetail(APIView):
    """Change or review medication, sending the version last read; 404 for an agency not allowed it."""

    @extend_schema(request=MedicationSerializer, responses={200: MedicationSerializer, **CHANGE_RESPONSES})
    def patch(self, request, nominal_pk, pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        medication = _on(nominal_pk, policy.medication_for(request.user, nominal=nominal)
                         .filter(pk=policy.record_id(pk)).first())
        return _change(request, medication, MedicationSerializer, lambda data, version: services.update_medication(
            actor=request.user, medication=medication, data=data, version=version))


def _circles(user, nominal):
    return queries.circles(user, nominal)


class CircleList(APIView):
    """A person's circles of support and accountability with the concerns they raised (GET); a referral (POST)."""

    @extend_schema(responses={200: CircleSerializer(many=True), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        return _list(request, nominal_pk, _circles, CircleSerializer, "circles of support")

    @extend_schema(request=CircleSerializer, responses={201: CircleSerializer, **CREATED})
    def post(self, request, nominal_pk):
        return _create(request, nominal_pk, CircleSerializer, lambda actor, nominal, data: queries.with_concerns(
            actor, nominal, [services.add_circle(actor=actor, nominal=nominal, data=data)])[0])


class CircleDetail(APIView):
    """Change a circle (started, volunteers, ended), sending the version last read."""

    @extend_schema(request=CircleSerializer, responses={200: CircleSerializer, **CHANGE_RESPONSES})
    def patch(self, request, nominal_pk, pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        circle = _on(nominal_pk, policy.get_item(request.user, CircleOfSupport, pk, policy.WRITE))
        return _change(request, circle, CircleSerializer, lambda data, version: queries.with_concerns(
            request.user, nominal, [services.update_circle(actor=request.user, circle=circle, data=data,
                                                           version=version)])[0])


class ConcernList(APIView):
    """Record a concern the circle raised with the offender manager: a significant event."""

    @extend_schema(request=ConcernSerializer, responses={201: ConcernSerializer, **CREATED})
    def post(self, request, nominal_pk, pk):
        policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        circle = _on(nominal_pk, policy.get_item(request.user, CircleOfSupport, pk, policy.WRITE))
        s = ConcernSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        concern = services.add_concern(actor=request.user, circle=circle, data=dict(s.validated_data))
        return Response(ConcernSerializer(concern).data, status=status.HTTP_201_CREATED)
