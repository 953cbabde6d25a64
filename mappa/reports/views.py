"""The MAPPA annual report: the page, the cases behind each figure, CSV and PDF.

The report is built in the request by queries.build_report (a plain function a background task can call as it is).
"""
import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Area
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core.pdf import pdf_response
from mappa.reports import charts, queries, rules

FIGURES = "OFFICIAL-SENSITIVE"  # counts of a register of offenders, and the names behind them
PAGE = 50


def may_run(user) -> bool:
    return bool(getattr(user, "team_id", None)) and policy.may_run_area_report(user, user.team.area_id)


def area_for(user, code: str) -> Area:
    """The area named in the address, if `user` may report on it; otherwise 404, as for a record."""
    area = get_object_or_404(Area, code=code)
    if not policy.may_run_area_report(user, area.pk):
        raise Http404("Only the area's MAPPA co-ordinators and supervisors build its annual report")
    return area


def year_in(value, earliest: int, latest: int) -> tuple[int, str]:
    """The year asked for, or the latest with the reason it was not taken."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return latest, "" if value in (None, "") else f"Choose a year from {earliest} to {latest}"
    if not earliest <= year <= latest:
        return latest, f"Choose a year from {earliest} to {latest}"
    return year, ""


def scope_note(user, area) -> str:
    if policy.sees_whole_area(user, area.pk):
        return ("Figures for every record held in the area, leaving out items recorded with a restriction "
                "your agency may not see.")
    return (f"Figures for the cases you may see: your own, your team's and those you partner on, not every record "
            f"held in {area.name}. Ask the area's MAPPA co-ordinator for the whole area's figures.")


def _context(user, area, year: int) -> dict:
    report = queries.build_report(user, area, year)
    base = reverse("reports:annual", args=[area.code])
    tables = []
    for table in report.tables:
        rows = [{"label": row.label, "cells": [
            {"figure": f, "column": column, "url": reverse("reports:figure", args=[area.code, year, f.key])}
            for column, f in zip(table.columns, row.cells, strict=True)]} for row in table.rows]
        tables.append({"table": table, "rows": rows, "basis": rules.basis_text(table.rows[0].cells[0].basis, report.year),
                       "rules": list(dict.fromkeys(f.rule for f in table.figures())),
                       "chart": charts.table_chart(table) if table.key in charts.CHARTED else ""})
    return {"report": report, "area": area, "year": year, "tables": tables, "base": base,
            "scope_note": scope_note(user, area), "marking": FIGURES,
            "title": f"MAPPA annual report: {area.name}, {report.year.start.year}-{report.year.end:%y}"}


@login_required
def index(request):
    if not may_run(request.user):
        raise Http404("Only MAPPA co-ordinators and supervisors build the annual report")
    return redirect("reports:annual", request.user.team.area.code)


@login_required
def annual(request, area):
    area = area_for(request.user, area)
    earliest, latest = queries.earliest_year(), queries.latest_year(timezone.localdate())
    year, error = year_in(request.GET.get("year"), earliest, latest)
    context = _context(request.user, area, year)
    record(request.user, Action.VIEW, label="MAPPA annual report", details={"area": area.code, "year": year})
    return render(request, "reports/annual.html", {
        **context, "error": error, "years": range(latest, earliest - 1, -1)})


def year_or_404(value: int) -> int:
    earliest, latest = queries.earliest_year(), queries.latest_year(timezone.localdate())
    if not earliest <= value <= latest:
        raise Http404(f"Choose a year from {earliest} to {latest}")
    return value


@login_required
def figure(request, area, year, key):
    """The cases behind one figure, as far as the reader may see them."""
    area, year = area_for(request.user, area), year_or_404(year)
    report = queries.build_report(request.user, area, year)
    found = report.figure(key)
    if found is None:
        raise Http404("There is no such figure in the report")
    table = next(t for t in report.tables if any(f.key == key for f in t.figures()))
    row = next(r for r in table.rows if any(f.key == key for f in r.cells))
    column = table.columns[[f.key for f in row.cells].index(key)] if len(table.columns) > 1 else ""
    page = Paginator(queries.cases_behind(request.user, found.people), PAGE).get_page(request.GET.get("page"))
    page.object_list = queries.cases(request.user, list(page.object_list))
    record(request.user, Action.VIEW, label="MAPPA annual report: cases behind a figure",
           details={"area": area.code, "year": year, "figure": key, "cases": len(found.people)})
    return render(request, "reports/figure.html", {
        "area": area, "year": year, "report": report, "table": table, "row": row, "column": column, "figure": found,
        "basis": rules.basis_text(found.basis, report.year), "page": page, "scope_note": scope_note(request.user, area),
        "back": f"{reverse('reports:annual', args=[area.code])}?year={year}", "marking": FIGURES,
    })


def csv_rows(report: rules.Report):
    yield ["Table", "Row", "Column", "Figure", "Counting basis", "Counting rule"]
    for table in report.tables:
        for row in table.rows:
            for column, f in zip(table.columns, row.cells, strict=True):
                yield [table.title, row.label, column, "" if f.value is None else f.value,
                       rules.basis_text(f.basis, report.year), f.rule]


@login_required
def annual_csv(request, area, year):
    area, year = area_for(request.user, area), year_or_404(year)
    report = queries.build_report(request.user, area, year)
    record(request.user, Action.EXPORT, label="MAPPA annual report (CSV)", details={"area": area.code, "year": year})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mappa-annual-report-{area.code}-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow([f"MAPPA annual report, {area.name}, {report.year.period}. {scope_note(request.user, area)}"])
    for line in csv_rows(report):
        writer.writerow([_cell(value) for value in line])
    return response


def _cell(value):
    """A text cell a spreadsheet would read as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@login_required
def annual_pdf(request, area, year):
    area, year = area_for(request.user, area), year_or_404(year)
    context = _context(request.user, area, year)
    record(request.user, Action.EXPORT, label="MAPPA annual report (PDF)", details={"area": area.code, "year": year})
    return pdf_response("reports/pdf_annual.html", context, marking=FIGURES, title=context["title"],
                        filename=f"mappa-annual-report-{area.code}-{year}.pdf")
