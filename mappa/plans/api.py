"""API for the shared plan and its items: the same policy, services and audit as the pages."""
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.accounts.models import Agency, User
from mappa.api.serializers import ModelSerializer
from mappa.api.views import _version, query_id
from mappa.nominals.services import record_view
from mappa.plans import queries, services
from mappa.plans.models import PlanItem, PlanReview


class PlanItemSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Required when changing: the version you last read.")
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    owner_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), required=False, allow_null=True)
    owner_name = serializers.SerializerMethodField()
    owner_agency_name = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = ("id", "version", *services.ITEM_FIELDS, "owner_name", "owner_agency_name", "source_label", "marking",
                  "created_at", "updated_at")
        read_only_fields = ("id", "source_label", "created_at", "updated_at")

    def get_owner_name(self, obj) -> str:
        return obj.owner.display_name if obj.owner_id else ""

    def get_owner_agency_name(self, obj) -> str:
        return str(obj.owner_agency) if obj.owner_agency_id else ""

    def validate(self, attrs):
        return attrs  # the service validates with the acting user


class ReviewSerializer(ModelSerializer):
    confirm_copied = serializers.BooleanField(required=False, write_only=True, default=False)
    reviewer_name = serializers.CharField(source="reviewer.display_name", read_only=True)
    endorsed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = PlanReview
        fields = ("id", "version", "kind", "due_on", "completed_on", "reviewer_name", *services.REVIEW_FIELDS,
                  "copied_sections", "endorsed_by_name", "endorsed_on", "endorsement_note", "confirm_copied", "marking")
        read_only_fields = ("id", "version", "kind", "due_on", "completed_on", "copied_sections", "endorsed_on",
                            "endorsement_note")
        extra_kwargs = {n: {"required": False, "allow_blank": True} for n in ("considered", "victim_views", "changes")} | {
            "outcome": {"required": False}}

    def get_endorsed_by_name(self, obj) -> str:
        return obj.endorsed_by.display_name if obj.endorsed_by_id else ""


class PlanView(APIView):
    """The plan in brief: requirements and whether each is covered, what is missing, balance, next review."""

    @extend_schema(responses={200: dict})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        state = queries.plan_state(request.user, nominal, timezone.localdate())
        record_view(request.user, nominal, what="risk management plan")
        return Response({
            "nominal": nominal.pk,
            "started_on": state.plan.started_on if state.plan else None,
            "items": PlanItemSerializer(state.items, many=True).data,
            "withheld_items": len(state.hidden),
            "requirements": [{"key": r.key, "kind": r.kind, "text": r.text, "source": r.source_label, "covered": c}
                             for r, c in state.requirements],
            "missing": [{"code": g.code, "message": g.message, "heading": g.heading, "requirement": g.requirement_key,
                         "item": g.item_id} for g in state.gaps],
            "balance": state.balance,
            "next_review": {"due": state.review.due, "reason": state.review.reason, "triggered": state.review.triggered}
            if state.review else None,
            "overdue_items": sorted(state.overdue_ids),
        })


class PlanAsAtView(APIView):
    """The plan as it was at the end of a day (`?on=YYYY-MM-DD`): each item as last changed by then,
    with who changed it."""

    @extend_schema(parameters=[OpenApiParameter("on", str, required=True, description="YYYY-MM-DD")], responses={200: dict})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        day = serializers.DateField().to_internal_value(request.query_params.get("on", ""))
        headings = queries.plan_as_at(request.user, nominal, day)
        record_view(request.user, nominal, what=f"plan history as at {day}")
        return Response({"on": day, "headings": [
            {"heading": h["value"], "label": h["label"], "items": [
                {"id": rev.item_id, "revision": rev.number, "changed_at": rev.recorded_at,
                 "changed_by": rev.recorded_by.display_name if rev.recorded_by_id else "", **rev.snapshot}
                for rev in h["items"]]}
            for h in headings]})


class _OnNominal:
    def nominal(self, action=policy.READ):
        return policy.get_nominal(self.request.user, self.kwargs["nominal_pk"], action)


class PlanItemViewSet(_OnNominal, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Items of the shared plan the caller may see. `?agency=<id>` gives that agency's own plan."""

    serializer_class = PlanItemSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanItem.objects.none()
        qs = policy.items_for(self.request.user, PlanItem, nominal=self.nominal()).select_related("owner", "owner_agency")
        agency = query_id(self.request.query_params, "agency", "an agency id")
        return qs.filter(owner_agency_id=agency) if agency is not None else qs

    def list(self, request, *args, **kwargs):
        record_view(request.user, self.nominal(), what="plan items")
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        item = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        record_view(request.user, item.nominal, item, what="plan item")
        return Response(self.get_serializer(item).data)

    def create(self, request, *args, **kwargs):
        nominal = self.nominal(policy.WRITE)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        item = services.add_item(actor=request.user, nominal=nominal, data=data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        self.nominal(policy.WRITE)
        item = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        item = services.update_item(actor=request.user, item=item, data=data, version=_version(request))
        return Response(self.get_serializer(item).data)


class EndorseSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    note = serializers.CharField(allow_blank=True)
    checked = serializers.BooleanField(default=False, help_text="The plan has been checked against what it must show")


class ReviewViewSet(_OnNominal, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Reviews of the plan. Posting one records a review; a section copied from the last one must be
    confirmed with confirm_copied."""

    serializer_class = ReviewSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PlanReview.objects.none()
        return policy.items_for(self.request.user, PlanReview, nominal=self.nominal()).select_related("reviewer", "endorsed_by")

    def list(self, request, *args, **kwargs):
        record_view(request.user, self.nominal(), what="plan reviews")
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        nominal = self.nominal(policy.WRITE)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        confirm = data.pop("confirm_copied", False)
        state = queries.plan_state(request.user, nominal, timezone.localdate())
        review = services.complete_review(actor=request.user, nominal=nominal, data=data, confirm_copied=confirm,
                                          due_on=state.review.due if state.review else None)
        return Response(self.get_serializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndorseSerializer, responses={200: ReviewSerializer})
    def endorse(self, request, *args, **kwargs):
        """A supervisor endorses a review (not their own), naming the version they read."""
        self.nominal(policy.WRITE)
        review = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        body = EndorseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = services.endorse_review(actor=request.user, review=review, note=body.validated_data["note"],
                                         checked=body.validated_data["checked"],
                                         version=body.validated_data["version"])
        return Response(self.get_serializer(review).data)
