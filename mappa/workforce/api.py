"""API for the workforce: a supervisor's team (caseload weights, missing training, supervision due), supervision
sessions (list, record, read, correct) and a person's training. The same policy, services and audit as the pages:
a supervisor sees their own team and nobody else's; cases are named only to a reader who may see them."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.access import policy
from mappa.api.views import CHANGE_RESPONSES, READ_RESPONSES, _version
from mappa.workforce import queries, services
from mappa.workforce.models import StaffSupervision

LISTED = 200  # sessions listed, newest first
ID_MAX = policy.ID_LIMIT - 1
CREATED = {k: v for k, v in CHANGE_RESPONSES.items() if k != 409}


class SessionSerializer(serializers.ModelSerializer):
    supervisor = serializers.IntegerField(source="supervisor_id", read_only=True)
    supervisee = serializers.IntegerField(source="supervisee_id", min_value=1, max_value=ID_MAX,
                                          help_text="The id of the member of staff supervised")
    cases = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX), required=False,
                                  default=list, max_length=100,
                                  help_text="Ids of the cases discussed: cases the supervisee manages that you may "
                                            "both see. Only those you may see are listed back")
    agreed_for = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=2000), required=False,
                                       default=dict,
                                       help_text="What was agreed for each case discussed, keyed by the case's id. "
                                                 "Shown on the case page to the supervisor, the supervisee and the "
                                                 "team that manages the case; nothing else of the session is")

    class Meta:
        model = StaffSupervision
        fields = ("id", "version", "supervisor", "supervisee", "held_on", "accountability", "support", "guidance",
                  "discussed", "agreed", "next_due", "cases", "agreed_for")
        read_only_fields = ("id", "version", "next_due")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        shown = self.context.get("cases", {}).get(instance.pk, [])
        data["cases"] = [n.pk for n in shown]
        data["agreed_for"] = {str(n.pk): n.agreed_here for n in shown if n.agreed_here}
        return data


class SessionChangeSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you last read")
    held_on = serializers.DateField(required=False)
    accountability = serializers.BooleanField(required=False)
    support = serializers.BooleanField(required=False)
    guidance = serializers.BooleanField(required=False)
    discussed = serializers.CharField(required=False, allow_blank=True)
    agreed = serializers.CharField(required=False)


def _shown(request, sessions) -> dict:
    return {"cases": queries.discussed(request.user, sessions)}


def _session(request, pk) -> StaffSupervision:
    found = policy.staff_supervisions_for(request.user).filter(pk=policy.record_id(pk)).first()
    if found is None:
        raise Http404("No such supervision")
    return found


class SessionsView(APIView):
    """Supervision sessions you held or received, and your team's if you supervise it, newest first (GET); record
    one with a member of your team (POST)."""

    @extend_schema(responses={200: SessionSerializer(many=True), **READ_RESPONSES})
    def get(self, request):
        rows = list(queries.supervisions(request.user)[:LISTED])
        return Response(SessionSerializer(rows, many=True, context=_shown(request, rows)).data)

    @extend_schema(request=SessionSerializer, responses={201: SessionSerializer, **CREATED})
    def post(self, request):
        s = SessionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        supervisee = policy.staff_for(request.user).filter(pk=policy.record_id(d.pop("supervisee_id"))).first()
        if supervisee is None:
            raise serializers.ValidationError({"supervisee": "Choose a member of your team"})
        cases = d.pop("cases", [])
        agreed_for = d.pop("agreed_for", {})
        if any(not k.isdigit() for k in agreed_for):
            raise serializers.ValidationError({"agreed_for": "Key what was agreed by the ids of the cases discussed"})
        session = services.record_supervision(actor=request.user, supervisee=supervisee, data=d, cases=cases,
                                              agreed_for=agreed_for)
        return Response(SessionSerializer(session, context=_shown(request, [session])).data,
                        status=status.HTTP_201_CREATED)


class SessionView(APIView):
    """One supervision session (GET); correct its record, naming the version you read (PATCH: its supervisor only)."""

    @extend_schema(responses={200: SessionSerializer, **READ_RESPONSES})
    def get(self, request, pk):
        session = _session(request, pk)
        return Response(SessionSerializer(session, context=_shown(request, [session])).data)

    @extend_schema(request=SessionChangeSerializer, responses={200: SessionSerializer, **CHANGE_RESPONSES})
    def patch(self, request, pk):
        session = _session(request, pk)
        version = _version(request)
        s = SessionChangeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = {k: v for k, v in s.validated_data.items() if k != "version"}
        session = services.update_supervision(actor=request.user, supervision=session, data=data, version=version)
        return Response(SessionSerializer(session, context=_shown(request, [session])).data)


class TeamView(APIView):
    """Your team, if you supervise one: each member's cases you may see, their weight and whether it is above
    capacity, the training their role requires that they lack, and their next supervision. Refused (403) to anyone
    who supervises no team: nobody sees another team's."""

    @extend_schema(responses={200: inline_serializer("WorkforceTeam", {
        "members": serializers.ListField(child=serializers.DictField())}), 403: CHANGE_RESPONSES[403]})
    def get(self, request):
        rows = queries.team(request.user, timezone.localdate())
        if rows is None:
            raise PermissionDenied("Only a supervisor sees their team")
        return Response({"members": [{
            "id": r.member.pk, "name": r.member.display_name, "role": r.role or None, "cases": [n.pk for n in r.cases],
            "case_count": r.load.cases, "weight": r.load.weighted, "over_capacity": r.over,
            "missing_training": r.missing, "next_supervision_due": r.next_due,
            "supervision": r.supervision or None} for r in rows]})


class CourseSerializer(serializers.Serializer):
    course = serializers.CharField(max_length=40, help_text="A course of the catalogue (workforce.roles reference "
                                                            "data) or a risk tool: rm2000, oasys, ogrs3, osp")
    completed_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)


class TrainingView(APIView):
    """A person's training, risk tools and other courses, newest first (GET); record training they completed (POST:
    their supervisor or an administrator, never themselves)."""

    def _person(self, request, pk):
        person = policy.staff_for(request.user).filter(pk=policy.record_id(pk)).first()
        if person is None:
            raise Http404("No such person")
        return person

    def _rows(self, request, person):
        roles = queries.tables(timezone.localdate())["roles"]
        return [{"training": name, "completed_on": on, "expires_on": until, "risk_tool": risk_tool}
                for name, on, until, risk_tool in queries.training_rows(request.user, person, roles)]

    @extend_schema(responses={200: inline_serializer("WorkforceTraining", {
        "training": serializers.ListField(child=serializers.DictField())}), **READ_RESPONSES})
    def get(self, request, pk):
        return Response({"training": self._rows(request, self._person(request, pk))})

    @extend_schema(request=CourseSerializer, responses={201: inline_serializer("WorkforceTrainingRecorded", {
        "training": serializers.ListField(child=serializers.DictField())}), **CREATED})
    def post(self, request, pk):
        person = self._person(request, pk)
        s = CourseSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        services.record_course(actor=request.user, user=person, course=d["course"], completed_on=d["completed_on"],
                               expires_on=d.get("expires_on"))
        return Response({"training": self._rows(request, person)}, status=status.HTTP_201_CREATED)
