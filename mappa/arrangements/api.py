"""MAPPA API endpoints: the same policy, queries and services as the pages, with the same audit."""
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.arrangements import queries, services
from mappa.arrangements.models import Action, Eligibility, LevelDecision, Meeting, Referral
from mappa.audit.models import Action as AuditAction
from mappa.audit.services import record
from mappa.nominals.services import record_view


class DecisionSerializer(ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.display_name", read_only=True)
    single_agency = serializers.BooleanField(read_only=True)
    previous_level = serializers.IntegerField(read_only=True, allow_null=True)
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all(), required=False, allow_null=True)
    next_review = serializers.DateField(required=False, allow_null=True)
    referral_prompt_seen = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text="True to confirm the prompt to consider a referral (the case's referral_prompt) was seen; a decision is "
                  "refused while one stands unanswered without it")

    class Meta:
        model = LevelDecision
        fields = ["id", "level", "previous_level", "forum", "meeting", "decided_by", "decided_on", "rationale",
                  "information_considered", "next_review", "single_agency", "coordinator_notified_at", "referral_prompt_seen"]
        read_only_fields = ["id", "previous_level", "decided_by", "single_agency", "coordinator_notified_at"]
        extra_kwargs = {"rationale": {"allow_blank": True}, "information_considered": {"allow_blank": True}}


class ActionSerializer(ModelSerializer):
    owner_agency = serializers.CharField(source="owner_agency.name", read_only=True)

    class Meta:
        model = Action
        fields = ["id", "nominal", "meeting", "description", "owner_name", "owner_agency", "purpose", "due_on", "status",
                  "evidence", "completed_on", "handling", "version"]
        read_only_fields = fields


class ActionUpdateSerializer(serializers.Serializer):
    status = serializers.CharField()
    evidence = serializers.CharField(required=False, allow_blank=True, default="")
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField()


class CaseView(APIView):
    """A person's MAPPA summary: category, level, rationale, next review, open referral, overdue actions."""

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        nominal = policy.get_nominal(request.user, pk)
        s = queries.case_summary(request.user, nominal, timezone.localdate())
        record_view(request.user, nominal, what="MAPPA (API)")
        return Response({
            "nominal": nominal.pk,
            "category": s.eligibility.category if s.eligibility else None,
            "identified_on": s.eligibility.identified_on if s.eligibility else None,
            "decision": DecisionSerializer(s.decision).data if s.decision else None,
            "review_overdue": s.review_overdue,
            "open_referral": {"id": s.open_referral.pk, "requested_level": s.open_referral.requested_level} if s.open_referral else None,
            "overdue_actions": ActionSerializer(s.overdue_actions, many=True).data,
            "referral_prompt": {"key": s.suggestion.key, "text": s.suggestion.text, "seen": s.suggestion_seen is not None} if s.suggestion else None,
        })


class LevelDecisionsView(APIView):
    """Level decisions of a person (GET) and a new decision (POST). Never automatic."""

    @extend_schema(responses={200: DecisionSerializer(many=True)})
    def get(self, request, pk):
        nominal = policy.get_nominal(request.user, pk)
        rows = policy.items_for(request.user, LevelDecision, nominal=nominal).select_related("decided_by")[:200]
        record_view(request.user, nominal, what="MAPPA level decisions (API)")
        return Response(DecisionSerializer(rows, many=True).data)

    @extend_schema(request=DecisionSerializer, responses={201: DecisionSerializer})
    def post(self, request, pk):
        nominal = policy.get_nominal(request.user, pk)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        meeting = d.get("meeting")
        if meeting is not None and not queries.meetings_for(request.user).filter(pk=meeting.pk).exists():
            raise DRFValidationError({"meeting": "No such meeting"})
        decision = services.decide_level(actor=request.user, nominal=nominal, level=d["level"], forum=d["forum"],
                                         decided_on=d["decided_on"], rationale=d["rationale"],
                                         information_considered=d["information_considered"],
                                         next_review=d.get("next_review"), meeting=meeting,
                                         referral_prompt_seen=d["referral_prompt_seen"])
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    held_on = serializers.DateField()
    venue = serializers.CharField()
    chair = serializers.CharField(help_text="The chair's name")
    status = serializers.ChoiceField(choices=Meeting.Status.choices)
    agenda = serializers.ListField(child=serializers.IntegerField(), help_text="The ids of the agenda's people you may see")


class MeetingsView(APIView):
    """Meetings of the caller's MAPPA area, with the agenda cases the caller may see (the latest 100)."""

    @extend_schema(responses={200: MeetingSerializer(many=True)})
    def get(self, request):
        meetings = list(queries.meetings_for(request.user).order_by("-held_on")[:100])
        record(request.user, AuditAction.SEARCH, details={"list": "mappa meetings", "results": len(meetings)})
        return Response([{"id": m.pk, "kind": m.kind, "held_on": m.held_on, "venue": m.venue, "chair": m.chair.display_name,
                          "status": m.status,
                          "agenda": [a.nominal_id for a in queries.agenda_for(request.user, m)]} for m in meetings])


class ActionView(APIView):
    """One MAPPA action (GET), or its progress recorded (PATCH, with the version you last read)."""

    @extend_schema(responses={200: ActionSerializer})
    def get(self, request, pk):
        action = policy.get_item(request.user, Action, pk)
        record_view(request.user, action.nominal, action, what="MAPPA action (API)")
        return Response(ActionSerializer(action).data)

    @extend_schema(request=ActionUpdateSerializer, responses={200: ActionSerializer})
    def patch(self, request, pk):
        action = policy.get_item(request.user, Action, pk)
        serializer = ActionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        action = services.update_action(actor=request.user, action=action, status=d["status"], evidence=d["evidence"],
                                        completed_on=d["completed_on"], version=d["version"])
        return Response(ActionSerializer(action).data)


class ReasonSerializer(serializers.Serializer):
    text = serializers.CharField()
    source = serializers.CharField()
    url = serializers.CharField()


class EligibilitySerializer(ModelSerializer):
    # Only the reasons the caller may read (queries.reasons_shown): the serializer is given the request.
    proposal_reasons = serializers.SerializerMethodField()

    @extend_schema_field(ReasonSerializer(many=True))
    def get_proposal_reasons(self, eligibility) -> list:
        request = self.context.get("request")
        return queries.reasons_shown(request.user if request else None, eligibility)

    class Meta:
        model = Eligibility
        fields = ["id", "category", "identified_on", "proposed_category", "proposal_reasons", "basis", "link_to_risk",
                  "lead_agency", "ended_on", "end_reason", "end_notes", "version"]
        read_only_fields = ["id", "proposed_category", "proposal_reasons", "ended_on", "end_reason", "end_notes", "version"]
        extra_kwargs = {"basis": {"allow_blank": True}, "link_to_risk": {"allow_blank": True},
                        "category": {"required": False, "allow_null": True}, "lead_agency": {"required": False}}


class EligibilityView(APIView):
    """A person's MAPPA eligibility history (GET), and confirmation of a category (POST)."""

    @extend_schema(responses={200: EligibilitySerializer(many=True)})
    def get(self, request, pk):
        nominal = policy.get_nominal(request.user, pk)
        rows = policy.items_for(request.user, Eligibility, nominal=nominal)
        record_view(request.user, nominal, what="MAPPA eligibility (API)")
        return Response(EligibilitySerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(request=EligibilitySerializer, responses={201: EligibilitySerializer})
    def post(self, request, pk):
        nominal = policy.get_nominal(request.user, pk)
        serializer = EligibilitySerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        item = services.identify(actor=request.user, nominal=nominal, category=d.get("category"), identified_on=d.get("identified_on"),
                                 basis=d.get("basis", ""), link_to_risk=d.get("link_to_risk", ""), lead_agency=d.get("lead_agency"))
        return Response(EligibilitySerializer(item, context={"request": request}).data, status=status.HTTP_201_CREATED)


class ReferralSerializer(ModelSerializer):
    accepted_level = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = ["id", "requested_level", "referred_on", "reason", "risk_summary", "cannot_manage_alone", "asks_of_agencies",
                  "status", "accepted_level", "outcome_reasons", "screened_on", "version"]
        read_only_fields = ["id", "status", "accepted_level", "outcome_reasons", "screened_on", "version"]
        extra_kwargs = {f: {"allow_blank": True} for f in services.REFERRAL_FIELDS}


class ReferralsView(APIView):
    """Referrals to level 2 or 3 with the national referral form's information."""

    @extend_schema(responses={200: ReferralSerializer(many=True)})
    def get(self, request, pk):
        nominal = policy.get_nominal(request.user, pk)
        rows = policy.items_for(request.user, Referral, nominal=nominal)
        record_view(request.user, nominal, what="MAPPA referrals (API)")
        return Response(ReferralSerializer(rows, many=True).data)

    @extend_schema(request=ReferralSerializer, responses={201: ReferralSerializer})
    def post(self, request, pk):
        nominal = policy.get_nominal(request.user, pk)
        serializer = ReferralSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.refer(actor=request.user, nominal=nominal, **serializer.validated_data)
        return Response(ReferralSerializer(item).data, status=status.HTTP_201_CREATED)


class ScreeningSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[Referral.Status.ACCEPTED, Referral.Status.RETURNED])
    accepted_level = serializers.IntegerField(required=False, allow_null=True, default=None)
    outcome_reasons = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField()


class ScreeningView(APIView):
    """The screening outcome of a referral: accepted at level 2/3, or returned for level 1 with reasons."""

    @extend_schema(request=ScreeningSerializer, responses={200: ReferralSerializer})
    def post(self, request, pk):
        referral = policy.get_item(request.user, Referral, pk)
        serializer = ScreeningSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        item = services.screen_referral(actor=request.user, referral=referral, outcome=d["outcome"], accepted_level=d["accepted_level"],
                                        reasons=d["outcome_reasons"], version=d["version"])
        return Response(ReferralSerializer(item).data)
