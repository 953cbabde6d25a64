"""The annual report as JSON: the reader's stored snapshot (as the page shows it), and a POST that asks for it to
be built in the background, with the same policy and audit as the page."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from mappa.api.errors import problem
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.reports import rules, services, views


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
    built_at = serializers.DateTimeField(help_text="When the register was read for these figures")
    stale = serializers.CharField(help_text="Why the figures may be out of date, or empty")
    tables = ReportTableSerializer(many=True)
    board = ReportTableSerializer(many=True, help_text="The strategic management board's indicators")


class BuildSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    step = serializers.CharField()
    percent = serializers.IntegerField()


def as_data(report: rules.Report, scope: str, built_at, stale: str) -> dict:
    def cell(f):
        return {"key": f.key, "value": f.value, "basis": f.basis, "basis_text": rules.basis_text(f.basis, report.year),
                "rule": f.rule, "cases": f.behind}

    def tables(which):
        return [{"key": t.key, "title": t.title, "columns": list(t.columns), "note": t.note,
                 "rows": [{"label": r.label, "cells": [cell(f) for f in r.cells]} for r in t.rows]} for t in which]
    return {"area": report.area, "start": report.year.start, "end": report.year.end, "scope": scope,
            "built_at": built_at, "stale": stale, "tables": tables(report.tables), "board": tables(report.board)}


class AnnualReportView(APIView):
    """The MAPPA annual report of an area for the reporting year beginning in `year` (1 April to 31 March), for its
    MAPPA co-ordinators and supervisors; the figures count only what the caller may see."""

    @extend_schema(responses={200: AnnualReportSerializer}, summary="The annual report as last built for the caller",
                   description="404 until it has been built for the caller (POST to build it).")
    def get(self, request, area, year):
        area, year = views.area_for(request.user, area), views.year_or_404(year)
        snapshot, report = views.built_report_or_404(request.user, area, year)
        record(request.user, Action.VIEW, label="MAPPA annual report (API)", details={"area": area.code, "year": year})
        return Response(AnnualReportSerializer(as_data(report, snapshot.scope_note, snapshot.built_at,
                                                       views.staleness(request.user, area, snapshot))).data)

    @extend_schema(request=None, responses={202: BuildSerializer, 409: OpenApiResponse(
                       description="It cannot be built now (detail says why)")}, summary="Build the annual report for the caller",
                   description="Queues the build as background work; GET returns the figures once it is done.")
    def post(self, request, area, year):
        area, year = views.area_for(request.user, area), views.year_or_404(year)
        try:
            snapshot = services.request_build(actor=request.user, area=area, year=year)
        except PermissionDenied:
            raise Http404("Only the area's MAPPA co-ordinators and supervisors build its annual report") from None
        except ValidationError as error:
            return problem(request, 409, " ".join(error.messages))
        return Response(BuildSerializer({"status": snapshot.status, "step": snapshot.step,
                                         "percent": snapshot.percent}).data, status=202)
