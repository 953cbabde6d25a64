"""API for interventions: the programme catalogue, a person's referrals to programmes (list, refer), each
session's attendance and the programme's outcome. The same policy, services and audit as the pages."""
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import CHANGE_RESPONSES, READ_RESPONSES, _version
from mappa.interventions import queries, services
from mappa.interventions.models import Programme, ProgrammeReferral, ProgrammeSession
from mappa.nominals.services import record_view

LISTED = 200  # referrals listed, newest first
CREATED = {k: v for k, v in CHANGE_RESPONSES.items() if k != 409}


@extend_schema_serializer(component_name="InterventionProgramme")
class ProgrammeSerializer(ModelSerializer):
    class Meta:
        model = Programme
        fields = ("code", "name", "kind", "accredited", "delivery", "sessions", "hours", "eligibility",
                  "effective_from", "ended_on", "source")


class AttendanceSerializer(serializers.Serializer):
    attended = serializers.IntegerField()
    acceptable = serializers.IntegerField(help_text="Missed with an acceptable reason")
    unacceptable = serializers.IntegerField(help_text="Missed with an unacceptable reason")
    sessions = serializers.IntegerField(allow_null=True, help_text="The programme's sessions, when the catalogue gives them")


@extend_schema_serializer(component_name="ProgrammeReferral")
class ReferralSerializer(ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", queryset=Programme.objects.all(),
                                             help_text="The programme's code (see the programme catalogue)")
    order = serializers.IntegerField(source="sentence_id", required=False, allow_null=True,
                                     help_text="The id of the order or licence (a sentence) it is under, if any")
    stage = serializers.CharField(read_only=True)
    attendance = AttendanceSerializer(read_only=True)

    class Meta:
        model = ProgrammeReferral
        fields = ("id", "version", "programme", "order", "referred_on", "reason", "stage", "eligibility",
                  "eligibility_reason", "assessed_on", "listed_on", "expected_start_on", "started_on",
                  "pre_programme_work", "pre_programme_done_on", "outcome", "outcome_on", "outcome_reason",
                  "review_due_on", "reviewed_on", "review_findings", "attendance", "marking")
        read_only_fields = tuple(f for f in fields if f not in ("programme", "order", "referred_on", "reason"))


@extend_schema_serializer(component_name="ProgrammeSession")
class SessionSerializer(ModelSerializer):
    class Meta:
        model = ProgrammeSession
        fields = ("id", "version", "on", "attendance", "reason", "feedback", "marking")
        read_only_fields = ("id", "version", "marking")


@extend_schema_serializer(component_name="ProgrammeOutcome")
class OutcomeSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you last read")
    outcome = serializers.ChoiceField(choices=[c for c in ProgrammeReferral.Outcome.choices if c[0]])
    outcome_on = serializers.DateField(help_text="The day the programme was completed or ended")
    outcome_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                           help_text="Required when not completed: why")


def _referral(request, nominal_pk, pk) -> ProgrammeReferral:
    policy.get_nominal(request.user, nominal_pk, policy.WRITE)
    found = policy.get_item(request.user, ProgrammeReferral, pk, policy.WRITE)
    if found.nominal_id != nominal_pk:
        raise Http404("No such referral")
    return found


def _shown(request, referral) -> dict:
    return ReferralSerializer(queries.with_attendance(request.user, [referral])[0]).data


class ProgrammesView(APIView):
    """The programme catalogue in force today: reference data, with where its facts come from."""

    @extend_schema(responses={200: ProgrammeSerializer(many=True)})
    def get(self, request):
        return Response(ProgrammeSerializer(queries.programmes(timezone.localdate()), many=True).data)


class ProgrammeReferralsView(APIView):
    """A person's referrals to programmes, newest first, with attendance (GET); refer them to one (POST)."""

    @extend_schema(responses={200: ReferralSerializer(many=True), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        rows = queries.with_attendance(request.user, list(queries.referrals(request.user, nominal)[:LISTED]))
        record_view(request.user, nominal, what="programme referrals (API)")
        return Response(ReferralSerializer(rows, many=True).data)

    @extend_schema(request=ReferralSerializer, responses={201: ReferralSerializer, **CREATED})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        s = ReferralSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = {k: v for k, v in s.validated_data.items() if k != "sentence_id"}
        if s.validated_data.get("sentence_id"):
            data["sentence"] = queries.sentences(request.user, nominal).filter(pk=s.validated_data["sentence_id"]).first()
            if data["sentence"] is None:
                raise serializers.ValidationError({"order": "Choose one of this person's orders or licences"})
        made = services.refer(actor=request.user, nominal=nominal, data=data)
        return Response(_shown(request, made), status=status.HTTP_201_CREATED)


class ProgrammeSessionsView(APIView):
    """Record a programme session's attendance: attended, or missed with an acceptable or unacceptable reason."""

    @extend_schema(request=SessionSerializer, responses={201: SessionSerializer, **CREATED})
    def post(self, request, nominal_pk, pk):
        referral = _referral(request, nominal_pk, pk)
        s = SessionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        made = services.record_session(actor=request.user, referral=referral, data=dict(s.validated_data))
        return Response(SessionSerializer(made).data, status=status.HTTP_201_CREATED)


class ProgrammeOutcomeView(APIView):
    """Record that the programme was completed, or not completed and why. A non-completion is a significant event:
    the risk assessment and the plan become due for review."""

    @extend_schema(request=OutcomeSerializer, responses={200: ReferralSerializer, **CHANGE_RESPONSES})
    def post(self, request, nominal_pk, pk):
        referral = _referral(request, nominal_pk, pk)
        version = _version(request)
        s = OutcomeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        referral = services.record_outcome(actor=request.user, referral=referral, version=version, data={
            "outcome": d["outcome"], "outcome_on": d["outcome_on"], "outcome_reason": d["outcome_reason"]})
        return Response(_shown(request, referral))
