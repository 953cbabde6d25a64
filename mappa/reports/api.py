"""The annual report as JSON: the same build, policy and audit as the page."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.reports import queries, rules, views


class ReportFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.IntegerField(allow_null=True, help_text="Null where it cannot be given (no population recorded)")
    basis = serializers.ChoiceField(choices=[rules.SNAPSHOT, rules.PERIOD],
                                    help_text="A snapshot on the year's last day, or a count over the whole year")
    basis_text = serializers.CharField()
    rule = serializers.CharField(help_text="How the figure is counted")
    cases = serializers.IntegerField(help_text="How many people are behind the figure")


class ReportRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    cells = ReportFigureSerializer(many=True)


class ReportTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    note = serializers.CharField()
    rows = ReportRowSerializer(many=True)


class AnnualReportSerializer(serializers.Serializer):
    area = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    scope = serializers.CharField(help_text="Whose records the figures count")
    tables = ReportTableSerializer(many=True)


def as_data(report: rules.Report, scope: str) -> dict:
    def cell(f):
        return {"key": f.key, "value": f.value, "basis": f.basis, "basis_text": rules.basis_text(f.basis, report.year),
                "rule": f.rule, "cases": len(f.people)}
    return {"area": report.area, "start": report.year.start, "end": report.year.end, "scope": scope, "tables": [
        {"key": t.key, "title": t.title, "columns": list(t.columns), "note": t.note,
         "rows": [{"label": r.label, "cells": [cell(f) for f in r.cells]} for r in t.rows]} for t in report.tables]}


class AnnualReportView(APIView):
    """The MAPPA annual report of an area for the reporting year beginning in `year` (1 April to 31 March), for its
    MAPPA co-ordinators and supervisors; the figures count only what the caller may see."""

    @extend_schema(responses={200: AnnualReportSerializer})
    def get(self, request, area, year):
        area, year = views.area_for(request.user, area), views.year_or_404(year)
        report = queries.build_report(request.user, area, year)
        record(request.user, Action.VIEW, label="MAPPA annual report (API)", details={"area": area.code, "year": year})
        return Response(AnnualReportSerializer(as_data(report, views.scope_note(request.user, area))).data)
