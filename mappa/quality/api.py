"""The quality measures as JSON: the same reads, policy and audit as the page."""
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.quality import queries, rules, views


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField()
    qm = serializers.CharField(help_text="The measure's number in the inspection catalogue")
    title = serializers.CharField()
    threshold = serializers.IntegerField(help_text="Per cent")
    source = serializers.CharField()
    passed = serializers.IntegerField()
    counted = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text="Null when nothing is counted")
    meets = serializers.BooleanField(allow_null=True)


class MeasuresSerializer(serializers.Serializer):
    area = serializers.CharField()
    on = serializers.DateField()
    scope = serializers.CharField(help_text="Whose records the figures count")
    measures = MeasureSerializer(many=True)


class MeasuresView(APIView):
    """An area's data-quality measures today, for its MAPPA co-ordinators and supervisors, counting only the
    records and items the caller may see."""

    @extend_schema(responses={200: MeasuresSerializer})
    def get(self, request, area):
        area = views.area_for(request.user, area)
        today = timezone.localdate()
        rows = queries.rows_for(request.user, area)
        found = []
        for info in queries.measures(today):
            figure = rules.figure(rules.MEASURES[info.key].evaluate(rows, today, info.settings))
            found.append({"key": info.key, "qm": info.qm, "title": info.title, "threshold": info.threshold,
                          "source": info.source, "passed": figure.passed, "counted": figure.counted,
                          "percent": figure.percent, "meets": figure.meets(info.threshold)})
        record(request.user, Action.VIEW, label="Data quality measures (API)", details={"area": area.code})
        return Response(MeasuresSerializer({"area": area.name, "on": today, "scope": views.scope_note(request.user, area),
                                            "measures": found}).data)
