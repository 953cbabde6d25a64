"""API for intelligence: the same policy, services and audit as the pages. Responses are built from
queries.Entry, so an item's content is in a response only for a caller who may read it; everyone else gets
whom to ask and the sanitised version."""
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.accounts.models import User
from mappa.api.views import _version
from mappa.core.converters import whole_number
from mappa.intelligence import queries, services
from mappa.intelligence.models import ActionKind, SourceType
from mappa.nominals.services import record_view


@extend_schema_serializer(component_name="IntelligenceAction")  # apart from another part's serializer of the same name
class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    kind = serializers.CharField()
    description = serializers.CharField()
    owner = serializers.CharField(source="owner.display_name")
    due_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()


class ContentSerializer(serializers.Serializer):
    information = serializers.CharField()
    source_type = serializers.CharField()
    obtained_on = serializers.DateField()
    submitted_by = serializers.CharField()
    content = serializers.CharField()
    grade = serializers.CharField(help_text="3x5x2, e.g. 2/B/P")
    handling_conditions = serializers.CharField()
    changes_risk = serializers.BooleanField()
    evaluated_by = serializers.CharField()
    not_registered_reason = serializers.CharField()


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    submitted_on = serializers.DateField()
    due_on = serializers.DateField()
    evaluated_on = serializers.DateField(allow_null=True)
    timeliness = serializers.CharField(help_text="in_time, late, due or overdue")
    ask = serializers.CharField(help_text="Whom a reader who may not read the content asks")
    sanitised = serializers.CharField()
    readable = serializers.BooleanField()
    content = ContentSerializer(allow_null=True, help_text="Only for a caller who may read the item")
    own_submission = serializers.CharField(help_text="The caller's own words, when they submitted it")


class EntryPageSerializer(serializers.Serializer):
    nominal = serializers.IntegerField(help_text="The person's id")
    total = serializers.IntegerField(help_text="How many items there are (told to every reader of the record)")
    waiting = serializers.IntegerField(help_text="How many wait for evaluation")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    items = EntrySerializer(many=True)


def _entry(entry: queries.Entry, detail: bool = False) -> dict:
    data = EntrySerializer(entry).data
    if detail and entry.content is not None:
        data["links"] = [{"kind": "person", "id": t.pk, "name": t.full_name} if hasattr(t, "full_name") else
                         {"kind": type(t).__name__.lower(), "id": t.pk, "name": str(t)} for t in entry.content.links]
        data["actions"] = ActionSerializer(entry.content.actions, many=True).data
    return data


class SubmitSerializer(serializers.Serializer):
    information = serializers.CharField()
    source_type = serializers.ChoiceField(choices=SourceType.choices)
    obtained_on = serializers.DateField()


class EvaluateSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    register = serializers.BooleanField()
    source_evaluation = serializers.CharField(required=False, allow_blank=True, default="", max_length=1)
    intelligence_assessment = serializers.CharField(required=False, allow_blank=True, default="", max_length=1)
    handling_code = serializers.CharField(required=False, allow_blank=True, default="", max_length=1)
    handling_conditions = serializers.CharField(required=False, allow_blank=True, default="")
    content = serializers.CharField(required=False, allow_blank=True, default="")
    sanitised = serializers.CharField(required=False, allow_blank=True, default="")
    changes_risk = serializers.BooleanField(default=False)
    links = serializers.ListField(child=serializers.DictField(child=serializers.IntegerField()), required=False,
                                  default=list, max_length=20, help_text='[{"person": 12}, {"vehicle": 3}, {"address": 7}]')
    not_registered_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AddActionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    description = serializers.CharField()
    owner = serializers.IntegerField(help_text="The user id of someone who may read the item")
    due_on = serializers.DateField()


class CompleteSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    outcome = serializers.CharField()
    completed_on = serializers.DateField(required=False)


def _item(request, nominal_pk, pk, action=policy.READ):
    nominal = policy.get_nominal(request.user, nominal_pk, action)
    return queries.item_for_page(request.user, nominal, pk, action)


class ListView(APIView):
    """The person's intelligence items, newest first, 50 a page (`?page=`), the content only where the caller may
    read it, with how many there are and how many wait for evaluation; POST submits."""

    @extend_schema(responses={200: EntryPageSerializer}, operation_id="v1_nominals_intelligence_list",
                   parameters=[OpenApiParameter("page", int, description="The page, from 1 (a page past the last gives "
                                                                         "the last)")])
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        number = request.query_params.get("page", "").strip()
        if number and whole_number(number) is None:
            raise ValidationError({"page": ["page must be a whole number from 1, such as 2"]})
        page = Paginator(queries.newest_first(request.user, nominal), queries.PAGE_SIZE).get_page(number or 1)
        record_view(request.user, nominal, what="intelligence")
        return Response({"nominal": nominal.pk, **queries.counts(request.user, nominal), "page": page.number,
                         "pages": page.paginator.num_pages,
                         "items": [_entry(e) for e in queries.entries(request.user, nominal, page.object_list)]})

    @extend_schema(request=SubmitSerializer, responses={201: EntrySerializer})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.submit(actor=request.user, nominal=nominal, data=dict(data.validated_data))
        item.nominal = nominal
        return Response(_entry(queries.entry(request.user, item, today=timezone.localdate())), status=status.HTTP_201_CREATED)


class ItemView(APIView):
    """One intelligence item, the content only where the caller may read it."""

    @extend_schema(responses={200: EntrySerializer})
    def get(self, request, nominal_pk, pk):
        item = _item(request, nominal_pk, pk)
        record_view(request.user, item.nominal, item, what="intelligence item")
        return Response(_entry(queries.entry(request.user, item, today=timezone.localdate(), detail=True), detail=True))


class EvaluateView(APIView):
    """Evaluate an intelligence item: its grading, handling and sanitised version."""

    @extend_schema(request=EvaluateSerializer, responses={200: EntrySerializer})
    def post(self, request, nominal_pk, pk):
        item = _item(request, nominal_pk, pk, policy.WRITE)
        data = EvaluateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        register = v["register"]
        values = {k: v[k] for k in services.REGISTER_FIELDS} if register else {}
        item = services.evaluate(actor=request.user, item=item, register=register, data=values,
                                 links=v["links"] if register else [], reason=v["not_registered_reason"],
                                 version=_version(request))
        item = _item(request, nominal_pk, pk)
        return Response(_entry(queries.entry(request.user, item, today=timezone.localdate(), detail=True), detail=True))


class ActionsView(APIView):
    """Add an action arising from an intelligence item."""

    @extend_schema(request=AddActionSerializer, responses={201: ActionSerializer})
    def post(self, request, nominal_pk, pk):
        item = _item(request, nominal_pk, pk, policy.WRITE)
        data = AddActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["owner"] = User.objects.filter(pk=policy.record_id(values["owner"])).first()
        action = services.add_action(actor=request.user, item=item, data=values)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class CompleteView(APIView):
    """Complete an action arising from an intelligence item."""

    @extend_schema(request=CompleteSerializer, responses={200: ActionSerializer})
    def post(self, request, nominal_pk, pk, action_pk):
        item = _item(request, nominal_pk, pk, policy.WRITE)
        action = policy.intelligence_actions_for(request.user, item).filter(pk=policy.record_id(action_pk)).first()
        if action is None:
            raise Http404("No such action")
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = services.complete_action(actor=request.user, action=action, outcome=data.validated_data["outcome"],
                                          completed_on=data.validated_data.get("completed_on"), version=_version(request))
        return Response(ActionSerializer(action).data)
