"""Risk assessment API: score a set of inputs without saving anything, and read and record assessments."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import _version
from mappa.nominals.services import record_view
from mappa.risk import queries, registrations, services
from mappa.risk.calculators import InputError
from mappa.risk.models import Assessment, RiskType, Tool


class ScoreRequest(serializers.Serializer):
    tool = serializers.CharField(help_text="ogrs3, osp, rm2000 or oasys_likelihood")

    def validate_tool(self, value):
        if value not in (Tool.OGRS3, Tool.OSP, Tool.RM2000, "oasys_likelihood"):
            raise serializers.ValidationError("Use ogrs3, osp, rm2000 or oasys_likelihood.")
        return value
    assessed_on = serializers.DateField(required=False)
    inputs = serializers.DictField(help_text="Input name to value; dates as YYYY-MM-DD")


class AssessmentSerializer(ModelSerializer):
    """An assessment as its pages show it: `level` is the headline stored when it was recorded, `headline` the
    headline for where the person is now (a risk of serious harm is headlined for custody or the community)."""

    author = serializers.CharField(source="created_by.display_name", default="", read_only=True)
    marking = serializers.CharField(read_only=True)
    headline = serializers.SerializerMethodField()
    headline_setting = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "nominal", "risk_type", "tool", "status", "assessed_on", "level", "inputs", "result",
                  "rosh_levels", "who_at_risk", "nature_of_harm", "imminence", "risk_increased_by", "risk_reduced_by",
                  "notes", "police_level", "level_rationale", "violent_scale_reason", "author", "completed_at", "approved_at", "marking", "version",
                  "headline", "headline_setting"]
        read_only_fields = fields

    def _view(self, a) -> dict:
        if a.risk_type != RiskType.ROSH:
            return {"headline": a.level, "setting": ""}
        return registrations.rosh_view(a, self.context["setting"], self.context["groups"])

    def get_headline(self, a) -> str:
        return self._view(a)["headline"]

    def get_headline_setting(self, a) -> str:
        """"in custody" or "in the community": where the headline is for ("" when it does not depend on it)."""
        return self._view(a)["setting"]


def _context(user, nominal) -> dict:
    """Where the person is now as the caller may see it, for the RoSH headline (as the pages read it)."""
    return {"setting": queries.reader_setting(user, nominal), "groups": queries.rosh_groups()}


class AssessmentCreate(serializers.Serializer):
    risk_type = serializers.ChoiceField(choices=RiskType.choices)
    tool = serializers.ChoiceField(choices=Tool.choices)
    assessed_on = serializers.DateField()
    inputs = serializers.DictField(required=False, default=dict)
    reasons = serializers.DictField(required=False, default=dict, help_text="Why a value the system holds was changed")
    rosh_levels = serializers.DictField(required=False, default=dict)
    narrative = serializers.DictField(required=False, default=dict)


def _problems(e: InputError):
    """Inputs the calculator cannot use: a 400 naming each, in the API's problem shape (mappa.api.errors)."""
    raise ApiValidationError({f"inputs.{name}" if name != "non_field_errors" else name: message
                              for name, message in e.errors.items()})


@extend_schema(request=ScoreRequest, responses={200: dict}, operation_id="risk_score", summary="Score a set of inputs without saving anything")
@api_view(["POST"])
def score(request):
    s = ScoreRequest(data=request.data)
    s.is_valid(raise_exception=True)
    d = s.validated_data
    on = d.get("assessed_on") or timezone.localdate()
    tool, risk_type = d["tool"], RiskType.RECONVICTION
    if tool == "oasys_likelihood":
        tool, risk_type = Tool.OASYS, RiskType.LIKELIHOOD
    table = services.current_table(on) if tool == Tool.RM2000 else None
    try:
        result = services.calculate(tool, d["inputs"], on=on, risk_type=risk_type,
                                    table=table.definition if table else None)
    except InputError as e:
        _problems(e)
    return Response(result.as_dict())


@extend_schema(request=AssessmentCreate, responses={200: AssessmentSerializer(many=True), 201: AssessmentSerializer},
               summary="A person's risk assessments (GET), or record a draft (POST)")
@api_view(["GET", "POST"])
def assessments(request, nominal_pk):
    if request.method == "GET":
        nominal = policy.get_nominal(request.user, nominal_pk)
        rows = queries.assessments_for(request.user, nominal)
        record_view(request.user, nominal, what="risk assessments (API)")
        return Response(AssessmentSerializer(rows[:200], many=True, context=_context(request.user, nominal)).data)
    nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
    s = AssessmentCreate(data=request.data)
    s.is_valid(raise_exception=True)
    d = s.validated_data
    a = services.create_assessment(actor=request.user, nominal=nominal, risk_type=d["risk_type"], tool=d["tool"],
                                   assessed_on=d["assessed_on"], values=d["inputs"], reasons=d["reasons"],
                                   narrative=d["narrative"], rosh_levels=d["rosh_levels"])
    return Response(AssessmentSerializer(a, context=_context(request.user, nominal)).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: AssessmentSerializer}, summary="One risk assessment")
@api_view(["GET"])
def assessment(request, nominal_pk, pk):
    a = policy.get_item(request.user, Assessment, pk)
    if a.nominal_id != nominal_pk:
        raise ApiValidationError({"nominal": "This assessment belongs to another record."})
    record_view(request.user, a.nominal, a, what="risk assessment (API)")
    return Response(AssessmentSerializer(a, context=_context(request.user, a.nominal)).data)


class StepRequest(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you last read")


@extend_schema(request=StepRequest, responses={200: AssessmentSerializer}, operation_id="risk_assessment_step",
               summary="Complete (step=complete) or approve (step=approve)")
@api_view(["POST"])
def step(request, nominal_pk, pk, step):
    a = policy.get_item(request.user, Assessment, pk, policy.WRITE)
    fn = {"complete": services.complete_assessment, "approve": services.approve_assessment}.get(step)
    if fn is None:
        raise ApiValidationError({"step": "Use complete or approve."})
    a = fn(actor=request.user, assessment=a, version=_version(request))
    return Response(AssessmentSerializer(a, context=_context(request.user, a.nominal)).data)
