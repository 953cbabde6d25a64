"""What a reader is shown of a report (page, PDF, CSV), composed from a report read back from its snapshot."""
from django.urls import reverse

from mappa.access import policy
from mappa.reports import charts, rules

FIGURES = "OFFICIAL-SENSITIVE"  # counts of a register of offenders, and the names behind them


def scope_note(user, area) -> str:
    if policy.sees_whole_area(user, area.pk):
        return ("Figures for every record held in the area, leaving out items recorded with a restriction "
                "your agency may not see.")
    return (f"Figures for the cases you may see: your own, your team's and those you partner on, not every record "
            f"held in {area.name}. Ask the area's MAPPA co-ordinator for the whole area's figures.")


def title(report: rules.Report, area) -> str:
    return f"MAPPA annual report: {area.name}, {report.year.start.year}-{report.year.end:%y}"


def tables(report: rules.Report, area, year: int, which: list[rules.Table]) -> list[dict]:
    """Each table with its cells' links to the cases behind them, its counting basis and rules, and a chart."""
    out = []
    for table in which:
        rows = [{"label": row.label, "cells": [
            {"figure": f, "column": column, "url": reverse("reports:figure", args=[area.code, year, f.key])}
            for column, f in zip(table.columns, row.cells, strict=True)]} for row in table.rows]
        out.append({"table": table, "rows": rows, "basis": rules.basis_text(table.rows[0].cells[0].basis, report.year)
                    if table.rows else "",
                    "rules": list(dict.fromkeys(f.rule for f in table.figures())),
                    "chart": charts.table_chart(table) if table.key in charts.CHARTED else ""})
    return out


def named_indicators(user, area, report: rules.Report | None, today) -> list[dict]:
    """The indicators the documents name for the board (rules.NAMED_INDICATORS), each with the board's tables built
    from it (when the report is) and the live data-quality measures that answer part of it, linked for a reader who
    may see the area's measures."""
    from mappa.quality import queries as quality

    in_force = {m.key: m for m in quality.measures(today)}
    linked = policy.may_see_quality(user, area.pk)
    out = []
    for named in rules.NAMED_INDICATORS:
        measures = [{"info": in_force[key], "url": reverse("quality:measure", args=[area.code, key]) if linked else ""}
                    for key in named.measures if key in in_force]
        shown = [t.title for t in report.board if t.key in named.tables] if report is not None else []
        out.append({"named": named, "measures": measures, "tables": shown})
    return out


def pdf_context(report: rules.Report, area, year: int, note: str) -> dict:
    return {"report": report, "area": area, "year": year, "scope_note": note, "title": title(report, area),
            "tables": tables(report, area, year, report.tables), "board": tables(report, area, year, report.board)}


def csv_rows(report: rules.Report):
    yield ["Table", "Row", "Column", "Figure", "Counting basis", "Counting rule"]
    for table in report.all_tables():
        for row in table.rows:
            for column, f in zip(table.columns, row.cells, strict=True):
                yield [table.title, row.label, column, "" if f.value is None else f.value,
                       rules.basis_text(f.basis, report.year), f.rule]
