"""API endpoints of the register: people (search, read, add, change, duplicates, merge), their items of every kind
and document downloads. The same policy and services as the pages, with the same audit."""
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.errors import field_errors, problem
from mappa.api.serializers import (
    MergeProposalSerializer,
    MergeSerializer,
    NominalSerializer,
    PossibleDuplicateSerializer,
    item_serializer,
)
from mappa.api.views import CHANGE_RESPONSES, READ_RESPONSES, _date, _flag, _problem, _version, changing, creating, query_id
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core.converters import RecordIdConverter, whole_number
from mappa.nominals import clues, duplicate_services, merge_services, search, services
from mappa.nominals.items import ItemKind
from mappa.nominals.models import Activity, Gender

NOMINAL_FILTERS = [
    OpenApiParameter("q", str, description="Name (typos and aliases tolerated) or identifier; a date of birth "
                     "(02/11/1985), a year (born 1985) or an age (about 40), a postcode or district, a registration, a phone "
                     "number or part of a PNC number in it is read as such"),
    OpenApiParameter("date_of_birth", str, description="YYYY-MM-DD. Evidence, not a filter: near matches (day and "
                     "month swapped, a day, a year or ten years out) are found too, ranked below exact ones"),
    OpenApiParameter("gender", str, description="With q or date_of_birth: only people recorded with this gender"),
    OpenApiParameter("town", str, description="With q or date_of_birth: only people whose current address you may "
                     "see is in a town starting with this"),
    OpenApiParameter("postcode", str, description="A postcode or postcode district (CM1 2AB, CM1): people found by name, "
                     "date or another fact with an address you may see there come first"),
    OpenApiParameter("pnc", str, description="A PNC number or part of one: the year and serial number (2009/0012345) or "
                     "the serial number and check letter (0012345A); finds people on its own"),
    OpenApiParameter("registration", str, description="A vehicle registration, spaces and case ignored; one with 0 and O, "
                     "1 and I, 5 and S or 8 and B read for each other is found too, ranked lower; finds people on its own"),
    OpenApiParameter("phone", str, description="A phone number, spaces, punctuation and +44 for the leading 0 ignored; "
                     "finds people on its own"),
    OpenApiParameter("unallocated", bool, description="true: only records no one manages yet; false: only managed ones"),
    OpenApiParameter("manager", int, description="Manager's user id"),
]


# The search's other facts: each query parameter, how it is read (clues.py) and what it should look like.
SEARCH_FACTS = {"postcode": (clues.read_postcode, clues.POSTCODE_FORMAT), "pnc": (clues.read_pnc, clues.PNC_PART_FORMAT),
                "registration": (clues.read_registration, clues.REGISTRATION_FORMAT), "phone": (clues.read_phone, clues.PHONE_FORMAT)}


def _search_facts(params) -> dict:
    """The postcode, PNC number, registration and phone number searched for, read; a 400 naming each that
    cannot be read."""
    facts, errors = {}, {}
    for name, (reader, form) in SEARCH_FACTS.items():
        text = params.get(name, "").strip()
        facts[name] = reader(text) if text else None
        if text and not facts[name]:
            errors[name] = f"Enter {form}"
    if errors:
        raise ValidationError(errors)
    return facts


# What a nominal's body may carry besides the record's own fields.
NOT_FIELDS = ("version", "confirmed_new_person", "reason")

ID = {"min_value": 1, "max_value": policy.ID_LIMIT - 1}
SKILLS_HELP = ("Why the case goes to a manager who lacks training it needs (allocation by skills, inspection 2010 F-152). "
               "Without it such a change is refused with a 400 naming the training; with it, it goes ahead and the "
               "reason is recorded")


class AllocationSerializer(serializers.Serializer):
    manager = serializers.IntegerField(allow_null=True, **ID, help_text="The id of the active practitioner or "
                                       "supervisor of the record's team who will manage the case; null to hold it "
                                       "with the team, unallocated")
    version = serializers.IntegerField(help_text="The version of the person's record you last read")
    skills_reason = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text=SKILLS_HELP)


@extend_schema_view(
    list=extend_schema(parameters=NOMINAL_FILTERS, responses={200: NominalSerializer(many=True), 400: CHANGE_RESPONSES[400]},
                       summary="Search or list the people on the register you may see"),
    retrieve=extend_schema(responses={200: NominalSerializer, **READ_RESPONSES}, summary="Read one person's record"),
    create=extend_schema(responses={
        201: NominalSerializer, **{k: v for k, v in CHANGE_RESPONSES.items() if k != 409},
        409: _problem("The person may already be on the register: candidates lists the records you may see that may "
                      "be them, and why. Send again with confirmed_new_person true and a reason to add them anyway")},
        summary="Add a person to the register"),
    partial_update=changing(NominalSerializer, summary="Change a person's record"),
)
class NominalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """People on the register that the caller may see."""

    serializer_class = NominalSerializer
    lookup_value_regex = RecordIdConverter.regex  # the same bound as every other path's ids
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        action = policy.WRITE if self.request.method == "PATCH" else policy.READ
        qs = policy.nominals_for(self.request.user, action).select_related("team__agency", "manager").order_by("last_name", "first_name", "id")
        params = self.request.query_params
        unallocated = _flag(params, "unallocated")
        if unallocated is not None:
            qs = qs.filter(manager__isnull=unallocated)
        manager = query_id(params, "manager", "a user id")
        if manager is not None:
            qs = qs.filter(manager_id=manager)
        return qs

    def list(self, request, *args, **kwargs):
        q, dob = request.query_params.get("q", "").strip(), request.query_params.get("date_of_birth", "").strip()
        facts = _search_facts(request.query_params)
        if not (q or dob or any(facts.values())):
            record(request.user, Action.SEARCH, details={"list": True})
            return super().list(request, *args, **kwargs)
        date = _date(dob, "date_of_birth") if dob else None
        gender = request.query_params.get("gender", "").strip()
        if gender and gender not in Gender.values:
            raise ValidationError({"gender": f"gender must be one of {', '.join(Gender.values)}"})
        query = search.read_query(q, date, gender=gender, town=request.query_params.get("town", ""), **facts)
        if query.error:
            raise ValidationError({"postcode" if facts["postcode"] and not q else "q": query.error})
        rows = search.candidate_scores(request.user, query)
        page = self.paginate_queryset(rows)
        hits = search.hydrate(request.user, page, full=True)
        record(request.user, Action.SEARCH, details={"q": q, "dob": dob, "results": len(rows),
                                                     **{name: str(value) for name, value in facts.items() if value}})
        data = [dict(self.get_serializer(h.nominal).data, score=round(h.score, 1), matched_name=h.matched_name,
                     town=h.town, reasons=h.reasons, date_match=h.date.kind if h.date else "",
                     facts_matched=[fact.kind for fact in h.facts]) for h in hits]
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        try:
            nominal = policy.get_nominal(request.user, kwargs["pk"])
        except Http404:
            survivor = policy.survivor_for(request.user, kwargs["pk"])  # a merged record's id leads on, to those who may see
            if survivor is None:
                raise
            location = request.build_absolute_uri(f"/api/v1/nominals/{survivor}/")
            return Response({"detail": "This record was merged into another.", "merged_into": survivor},
                            status=status.HTTP_301_MOVED_PERMANENTLY, headers={"Location": location})
        services.record_view(request.user, nominal)
        return Response(self.get_serializer(nominal).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k not in NOT_FIELDS}
        try:
            nominal = duplicate_services.add_nominal(
                actor=request.user, data=data, confirmed_new_person=serializer.validated_data.get("confirmed_new_person", False),
                reason=serializer.validated_data.get("reason", ""))
        except duplicate_services.PossibleDuplicates as exc:
            return problem(request, status.HTTP_409_CONFLICT, duplicate_services.PossibleDuplicates.ASK,
                           slug="possible-duplicate", errors=field_errors(exc.message_dict),
                           candidates=PossibleDuplicateSerializer(exc.candidates, many=True).data)
        return Response(self.get_serializer(nominal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=inline_serializer("MergeProposalRequest", {
                       "merged": serializers.IntegerField(help_text="The record to merge into this one")}),
                   responses={200: MergeProposalSerializer, 400: CHANGE_RESPONSES[400],
                              403: _problem("You may not merge these records"), **READ_RESPONSES})
    @action(detail=True, methods=["post"], url_path="merge-proposal")
    def merge_proposal(self, request, pk=None):
        """What merging another record into this one would move, and what to check first (nothing changes: it is
        asked for, and audited, as the first step of a merge)."""
        merged = whole_number(request.data.get("merged"))
        if merged is None:
            raise ValidationError({"merged": "Give the id of the record to merge into this one, a whole number such as 12"})
        proposal = merge_services.propose(actor=request.user, survivor_id=pk, merged_id=merged)
        return Response(MergeProposalSerializer(proposal).data)

    @extend_schema(request=MergeSerializer, responses={200: NominalSerializer, 403: _problem("You may not merge these records"),
                                                       409: _problem("One of the records changed since the proposal"),
                                                       400: CHANGE_RESPONSES[400], **READ_RESPONSES})
    @action(detail=True, methods=["post"], url_path="merge")
    def merge(self, request, pk=None):
        """Merge another record (found to be the same person) into this one, with the versions the proposal gave."""
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        survivor = merge_services.merge(actor=request.user, survivor_id=pk, merged_id=body.validated_data["merged"],
                                        survivor_version=body.validated_data["survivor_version"],
                                        merged_version=body.validated_data["merged_version"], reason=body.validated_data["reason"])
        return Response(self.get_serializer(policy.get_nominal(request.user, survivor.pk)).data)

    @extend_schema(request=AllocationSerializer, responses={
        200: NominalSerializer,
        400: _problem("What is wrong with the input, field by field; nothing was changed. skills_reason: the manager "
                      "has no training in force that the case needs (named), and no reason was given to go ahead"),
        403: _problem("You can see this record but may not allocate it: only a supervisor of its team or its manager "
                      "(or the colleague covering for them) may"),
        **READ_RESPONSES, 409: CHANGE_RESPONSES[409]})
    @action(detail=True, methods=["post"], url_path="allocation")
    def allocation(self, request, pk=None):
        """Allocate the case to the member of its team who will manage it, or hold it with the team unallocated.

        As the allocation page does, for a supervisor of the record's team or its manager. A manager who lacks
        training the case needs (allocation by skills) is named only with a skills_reason, kept on the audit row
        with the training lacking; without one the answer is a 400 naming skills_reason and the training. The new
        manager is told the case is theirs."""
        from mappa.accounts.models import User

        nominal = policy.get_nominal(request.user, pk)
        body = AllocationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        manager = None
        if d["manager"] is not None:
            manager = User.objects.filter(pk=d["manager"]).first()
            if manager is None:
                raise ValidationError({"manager": services.CHOOSE_MANAGER})
        nominal = services.allocate(actor=request.user, nominal=nominal, manager=manager, version=d["version"],
                                    skills_reason=d.get("skills_reason", ""))
        return Response(self.get_serializer(nominal).data)

    def partial_update(self, request, *args, **kwargs):
        nominal = policy.get_nominal(request.user, kwargs["pk"], policy.WRITE)
        serializer = self.get_serializer(nominal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k not in NOT_FIELDS}
        nominal = services.update_nominal(actor=request.user, nominal=nominal, data=data, version=_version(request))
        return Response(self.get_serializer(nominal).data)


ACTIVITY_FILTERS = [
    OpenApiParameter("text", str, description="Words in the summary or details"),
    OpenApiParameter("kind", str, enum=list(Activity.Kind.values), description="Only entries of this type"),
]


def _activity_filters(qs, params):
    text, wanted = params.get("text", "").strip(), params.get("kind", "").strip()
    if text:
        qs = qs.filter(Q(summary__icontains=text) | Q(details__icontains=text))
    if wanted:
        if wanted not in Activity.Kind.values:
            raise ValidationError({"kind": "kind must be one of: " + ", ".join(Activity.Kind.values)})
        qs = qs.filter(kind=wanted)
    return qs


def item_viewset(kind: ItemKind, *, serializer_class=None, create=None, update=None):
    """List, read, add and change one kind of item on a person. Other parts pass their own serializer
    and service functions (same keyword arguments as services.create_item and update_item)."""
    serializer_class = serializer_class or item_serializer(kind)
    create = create or services.create_item
    update = update or services.update_item

    class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.GenericViewSet):
        http_method_names = ["get", "post", "patch", "head", "options"]

        def nominal(self, action=policy.READ):
            return policy.get_nominal(self.request.user, self.kwargs["nominal_pk"], action)

        def get_serializer_context(self):
            context = super().get_serializer_context()
            if "nominal_pk" in self.kwargs and not getattr(self, "swagger_fake_view", False):
                context["nominal"] = self.nominal()
            return context

        def get_queryset(self):
            if getattr(self, "swagger_fake_view", False):
                return kind.model.objects.none()
            qs = policy.items_for(self.request.user, kind.model, nominal=self.nominal())
            return _activity_filters(qs, self.request.query_params) if kind.model is Activity else qs

        def list(self, request, *args, **kwargs):
            services.record_view(request.user, self.nominal(), what=kind.plural)
            return super().list(request, *args, **kwargs)

        def retrieve(self, request, *args, **kwargs):
            item = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            services.record_view(request.user, item.nominal, item, what=kind.singular)
            return Response(self.get_serializer(item).data)

        def create(self, request, *args, **kwargs):
            nominal = self.nominal(policy.WRITE)
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
            item = create(actor=request.user, nominal=nominal, kind=kind, data=data)
            return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

        def partial_update(self, request, *args, **kwargs):
            self.nominal(policy.WRITE)
            item = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            serializer = self.get_serializer(item, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
            item = update(actor=request.user, item=item, data=data, version=_version(request))
            return Response(self.get_serializer(item).data)

    plural, singular = kind.plural.lower(), kind.singular.lower()
    ItemViewSet.list = extend_schema(parameters=ACTIVITY_FILTERS if kind.model is Activity else None,
                                     summary=f"List a person's {plural}")(ItemViewSet.list)
    ItemViewSet.retrieve = extend_schema(responses={200: serializer_class, **READ_RESPONSES},
                                         summary=f"Read one of a person's {plural}")(ItemViewSet.retrieve)
    ItemViewSet.create = creating(serializer_class, summary=f"Add a {singular} to a person's record")(ItemViewSet.create)
    ItemViewSet.partial_update = changing(serializer_class, summary=f"Change a {singular} on a person's record")(
        ItemViewSet.partial_update)
    ItemViewSet.serializer_class = serializer_class
    ItemViewSet.schema_tag = kind.model._meta.app_label  # the part whose items these are
    ItemViewSet.__name__ = f"{kind.model.__name__}ViewSet"
    ItemViewSet.__doc__ = f"{kind.plural} recorded on a person, as far as the caller may see them."
    return ItemViewSet


class DocumentDownload(APIView):
    """A document's file. Reading it is recorded as an export, as on the web page."""

    @extend_schema(responses={(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file as uploaded, "
                                                            "with its own media type, sent as an attachment"),
                              **READ_RESPONSES},
                   operation_id="document_download", summary="Download a document's file")
    def get(self, request, nominal_pk, pk):
        from mappa.nominals.views import send_document

        return send_document(request.user, nominal_pk, pk)


# --- Case transfer and cover (inspection 2010 E-39, ¶7.21, F-151; good practice 2009-2012 §2.25) -------------------
# The same policy, services and audit as the pages (nominals.transfer_views).

TRANSFERS_LISTED = 200


class TransferSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    nominal = serializers.IntegerField(source="nominal_id", read_only=True)
    from_team = serializers.IntegerField(source="from_team_id", read_only=True)
    from_manager = serializers.IntegerField(source="from_manager_id", read_only=True, allow_null=True)
    to_team = serializers.IntegerField(source="to_team_id", read_only=True)
    reason = serializers.CharField(read_only=True)
    checklist = serializers.ListField(child=serializers.CharField(), read_only=True,
                                      help_text="The codes of the checklist items the sender confirmed")
    status = serializers.ChoiceField(choices=["pending", "accepted", "declined", "withdrawn"], read_only=True)
    sent_on = serializers.DateField(read_only=True)
    answer_due = serializers.DateField(read_only=True, help_text="Overdue after this day")
    new_manager = serializers.IntegerField(source="new_manager_id", read_only=True, allow_null=True)
    decline_reason = serializers.CharField(read_only=True)


class SendTransferSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version of the person's record you last read")
    to_team = serializers.IntegerField(help_text="The id of the team asked to take the case", **ID)
    reason = serializers.CharField(max_length=300, help_text="Why the case is moving")
    checklist = serializers.ListField(child=serializers.CharField(max_length=40), required=False, max_length=50,
                                      help_text="The codes of the checklist items confirmed: every item that applies "
                                                "to the case (GET .../transfer-checklist/) must be")


class AnswerSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version of the transfer you last read")
    new_manager = serializers.IntegerField(required=False, **ID, help_text="Accepting: the id of the member of your team who "
                                                                     "will manage the case")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500,
                                   help_text="Declining: why your team cannot take the case")
    skills_reason = serializers.CharField(required=False, allow_blank=True, max_length=500,
                                          help_text=f"Accepting: {SKILLS_HELP[0].lower()}{SKILLS_HELP[1:]}")


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    source = serializers.CharField()


class CaseTransfersView(APIView):
    """A person's transfers, newest first (GET); ask another team to take the case (POST)."""

    @extend_schema(responses={200: TransferSerializer(many=True), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        rows = policy.transfers_for(request.user, nominal)[:TRANSFERS_LISTED]
        services.record_view(request.user, nominal, what="transfers (API)")
        return Response(TransferSerializer(rows, many=True).data)

    @extend_schema(request=SendTransferSerializer, responses={201: TransferSerializer, **CHANGE_RESPONSES})
    def post(self, request, nominal_pk):
        from mappa.accounts.models import Team
        from mappa.nominals import transfer_services

        nominal = policy.get_nominal(request.user, nominal_pk, policy.WRITE)
        s = SendTransferSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        team = Team.objects.filter(pk=d["to_team"]).first()
        if team is None:
            raise ValidationError({"to_team": "Choose a team that exists"})
        transfer = transfer_services.send_transfer(actor=request.user, nominal=nominal, to_team=team, reason=d["reason"],
                                                   confirmed=d.get("checklist", []), version=d["version"])
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class TransferChecklistView(APIView):
    """The checklist items that apply to this case today: every one must be confirmed to send a transfer."""

    @extend_schema(responses={200: ChecklistItemSerializer(many=True), **READ_RESPONSES})
    def get(self, request, nominal_pk):
        from mappa.nominals import queries

        nominal = policy.get_nominal(request.user, nominal_pk)
        return Response(ChecklistItemSerializer(queries.transfer_checklist(request.user, nominal), many=True).data)


class TransfersToAnswerView(APIView):
    """Transfers waiting for your team's answer (a supervisor's), soonest due first; empty for anyone else."""

    @extend_schema(responses={200: TransferSerializer(many=True)})
    def get(self, request):
        rows = policy.transfers_to_answer(request.user).order_by("answer_due", "id")[:TRANSFERS_LISTED]
        return Response(TransferSerializer(rows, many=True).data)


class TransferAnswerView(APIView):
    """Accept (naming the new manager), decline (with the reason) or withdraw (the sending side) a waiting transfer."""

    @extend_schema(request=AnswerSerializer, responses={200: TransferSerializer, **CHANGE_RESPONSES})
    def post(self, request, pk, answer):
        from mappa.accounts.models import User
        from mappa.nominals import transfer_services

        found = policy.get_transfer(request.user, pk)
        s = AnswerSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        if answer == "accept":
            manager = User.objects.filter(pk=d["new_manager"]).first() if d.get("new_manager") else None
            found = transfer_services.accept_transfer(actor=request.user, transfer=found, new_manager=manager,
                                                      version=d["version"], skills_reason=d.get("skills_reason", ""))
        elif answer == "decline":
            found = transfer_services.decline_transfer(actor=request.user, transfer=found, reason=d.get("reason", ""),
                                                       version=d["version"])
        else:  # withdraw: the only other route (api_urls)
            found = transfer_services.withdraw_transfer(actor=request.user, transfer=found, version=d["version"])
        return Response(TransferSerializer(found).data)


class CoverSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    absent = serializers.IntegerField(source="absent_id", required=False, **ID,
                                      help_text="Who is away: you (the default), or a member of your team if you "
                                                "supervise it")
    covering = serializers.IntegerField(source="covering_id", **ID, help_text="The colleague who covers")
    starts_on = serializers.DateField(help_text="The first day away")
    ends_on = serializers.DateField(help_text="The last day away: cover ends at the end of it")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    skills_reason = serializers.CharField(required=False, allow_blank=True, max_length=500, write_only=True,
                                          help_text=SKILLS_HELP)
    ended_early_at = serializers.DateTimeField(read_only=True, allow_null=True)


class CoversView(APIView):
    """Your absences and the covers you give (a supervisor: their team's), newest first (GET); record cover (POST)."""

    @extend_schema(responses={200: CoverSerializer(many=True)})
    def get(self, request):
        return Response(CoverSerializer(policy.covers_for(request.user)[:TRANSFERS_LISTED], many=True).data)

    @extend_schema(request=CoverSerializer, responses={201: CoverSerializer, **{k: v for k, v in CHANGE_RESPONSES.items()
                                                                               if k not in (404, 409)}})
    def post(self, request):
        from mappa.accounts.models import User
        from mappa.nominals import transfer_services

        s = CoverSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data

        def person(pk, field):
            found = User.objects.filter(pk=pk).first()
            if found is None:
                raise ValidationError({field: "Choose a person who exists"})
            return found

        absent = person(d["absent_id"], "absent") if d.get("absent_id") is not None else request.user
        cover = transfer_services.record_cover(actor=request.user, absent=absent, covering=person(d["covering_id"], "covering"),
                                               starts_on=d["starts_on"], ends_on=d["ends_on"], reason=d["reason"],
                                               skills_reason=d.get("skills_reason", ""))
        return Response(CoverSerializer(cover).data, status=status.HTTP_201_CREATED)


class EndCoverView(APIView):
    """End a cover now (the manager is back early). Its record stays."""

    @extend_schema(request=inline_serializer("EndCover", {"version": serializers.IntegerField()}),
                   responses={200: CoverSerializer, **CHANGE_RESPONSES})
    def post(self, request, pk):
        from mappa.nominals import transfer_services

        found = policy.covers_for(request.user).filter(pk=policy.record_id(pk)).first()
        if found is None:
            raise Http404("No such cover")
        cover = transfer_services.end_cover(actor=request.user, cover=found, version=_version(request))
        return Response(CoverSerializer(cover).data)
