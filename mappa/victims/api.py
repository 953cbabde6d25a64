"""JSON API for victims: the same policy and services as the pages, with the same audit. A reader of the case who
may not see its victims is told how many there are and whom to ask, as on the page; a victim's own address answers
404 to them."""
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.serializers import ModelSerializer
from mappa.api.views import _version
from mappa.nominals.services import record_view
from mappa.orders.models import Conviction
from mappa.victims import queries, services
from mappa.victims.models import ConditionRequest, ContactEntry, Victim


def urgent_reason_field() -> serializers.CharField:
    """The reason a change goes ahead without the victim liaison officer's input, sent with the change by the
    endpoints of the changes that need it (victims.services.require_liaison_input). Never read back."""
    return serializers.CharField(write_only=True, required=False, allow_blank=True, help_text=(
        "Only when the change needs the victim liaison team's input and it has not been given: why it is urgent. "
        "Without it such a change is refused (400, the message under errors.urgent_reason). The reason is recorded "
        "and the victim liaison officer is told."))


@extend_schema_serializer(component_name="VictimContact")  # apart from another part's serializer of the same name
class ContactSerializer(ModelSerializer):
    class Meta:
        model = ContactEntry
        fields = ("id", "occurred_on", "method", "reached", "summary", "views")
        read_only_fields = ("id",)


class RequestSerializer(ModelSerializer):
    class Meta:
        model = ConditionRequest
        fields = ("id", "requested_on", "kind", "details", "outcome", "decided_on", "outcome_reason")
        read_only_fields = ("id",)


class VictimSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False, help_text="Required when changing: the version you last read.")
    marking = serializers.CharField(read_only=True)
    conviction = serializers.IntegerField(source="conviction_id", required=False, allow_null=True,
                                          help_text="The id of the conviction for the offence against them.")

    class Meta:
        model = Victim
        fields = ("id", "version", "nominal", "kind", "name", "description", "relationship", "is_child", "date_of_birth",
                  "phone", "email", "address", "postcode", "contact_preferences", "conviction", "liaison_team",
                  "scheme_offered_on", "scheme_response", "scheme_responded_on", "ended_on", "ended_reason", "marking")
        read_only_fields = ("id", "nominal", "liaison_team")

    def data_for_service(self, user, nominal) -> dict:
        data = {k: v for k, v in self.validated_data.items() if k not in ("version", "conviction_id")}
        if "conviction_id" in self.validated_data:
            pk = self.validated_data["conviction_id"]
            found = policy.items_for(user, Conviction, nominal=nominal).filter(pk=pk).first() if pk else None
            if pk and found is None:
                raise serializers.ValidationError({"conviction": "Choose one of this person's convictions"})
            data["conviction"] = found
        return data


class VictimDetailSerializer(VictimSerializer):
    contacts = serializers.SerializerMethodField()
    condition_requests = serializers.SerializerMethodField()

    class Meta(VictimSerializer.Meta):
        fields = (*VictimSerializer.Meta.fields, "contacts", "condition_requests")

    def get_contacts(self, victim) -> list[dict]:
        return ContactSerializer(policy.victim_contacts_for(self.context["request"].user, victim), many=True).data

    def get_condition_requests(self, victim) -> list[dict]:
        return RequestSerializer(policy.victim_requests_for(self.context["request"].user, victim), many=True).data


class VictimsSummary(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many victims are recorded: told to every reader of the record.")
    told = serializers.CharField(help_text="For a reader who may not see victims' details: whom to ask.")
    measures = serializers.ListField(child=serializers.CharField(), help_text="What binds the offender now.")
    victims = VictimSerializer(many=True, help_text="Only for those who may see victims' details; otherwise empty.")


class VictimList(APIView):
    """A person's victims, for those who may see them; for every other reader of the record, how many and whom to ask."""

    @extend_schema(responses=VictimsSummary, operation_id="v1_nominals_victims_list")
    def get(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        data = queries.summary(request.user, nominal)
        victims = data.get("victims", [])
        for victim in victims:
            record_view(request.user, nominal, victim, what="victims (API)")
        if not victims:
            record_view(request.user, nominal, what="victims (API, count only)")
        return Response({"count": data["count"], "told": data.get("told", ""), "measures": data["measures"],
                         "victims": VictimSerializer(victims, many=True).data})

    @extend_schema(request=VictimSerializer, responses={201: VictimSerializer})
    def post(self, request, nominal_pk):
        nominal = policy.get_nominal(request.user, nominal_pk)
        s = VictimSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        victim = services.add_victim(actor=request.user, nominal=nominal, data=s.data_for_service(request.user, nominal))
        return Response(VictimSerializer(victim).data, status=status.HTTP_201_CREATED)


class VictimDetail(APIView):
    """One victim, with the contact log and requests for licence conditions; 404 to anyone who may not see it."""

    @extend_schema(responses=VictimDetailSerializer)
    def get(self, request, nominal_pk, pk):
        victim = _victim(request, nominal_pk, pk)
        record_view(request.user, victim.nominal, victim, what="victim (API)")
        return Response(VictimDetailSerializer(victim, context={"request": request}).data)

    @extend_schema(request=VictimSerializer, responses=VictimSerializer)
    def patch(self, request, nominal_pk, pk):
        victim = _victim(request, nominal_pk, pk, policy.WRITE)
        s = VictimSerializer(victim, data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        victim = services.change_victim(actor=request.user, victim=victim, version=_version(request),
                                        data=s.data_for_service(request.user, victim.nominal))
        return Response(VictimSerializer(victim).data)


class ContactList(APIView):
    """Record a contact with a victim in the contact log."""

    @extend_schema(request=ContactSerializer, responses={201: ContactSerializer})
    def post(self, request, nominal_pk, pk):
        victim = _victim(request, nominal_pk, pk, policy.WRITE)
        s = ContactSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        entry = services.add_contact(actor=request.user, victim=victim, data=dict(s.validated_data))
        return Response(ContactSerializer(entry).data, status=status.HTTP_201_CREATED)


class RequestList(APIView):
    """Record a victim's request for a licence condition."""

    @extend_schema(request=RequestSerializer, responses={201: RequestSerializer})
    def post(self, request, nominal_pk, pk):
        victim = _victim(request, nominal_pk, pk, policy.WRITE)
        s = RequestSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        entry = services.add_request(actor=request.user, victim=victim, data=dict(s.validated_data))
        return Response(RequestSerializer(entry).data, status=status.HTTP_201_CREATED)


def _victim(request, nominal_pk, pk, action=policy.READ):
    victim = policy.get_victim(request.user, pk, action)
    if victim.nominal_id != policy.record_id(nominal_pk):
        from django.http import Http404

        raise Http404("No such item")
    return victim
