"""The MAPPA annual report: the page, its progress while it is built, the board's view, the cases behind each
figure, CSV and PDF.

Asking for the report queues a background task (services.request_build); the page then shows its progress, and
everything else reads the snapshot it stores for the reader: nothing here builds the whole report in a request."""
import csv
import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa.access import policy
from mappa.accounts.models import Area
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import reference, words
from mappa.jobs import status as job_status
from mappa.reports import compose, queries, rules, services
from mappa.reports.models import Snapshot

FIGURES = compose.FIGURES
PAGE = 50
POLL = "2s"  # how often the page asks how the build is going


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


def year_or_404(value: int) -> int:
    earliest, latest = queries.earliest_year(), queries.latest_year(timezone.localdate())
    if not earliest <= value <= latest:
        raise Http404(f"Choose a year from {earliest} to {latest}")
    return value


scope_note = compose.scope_note


def period_title(area, year: int) -> str:
    return f"MAPPA annual report: {area.name}, {year}-{(year + 1) % 100:02d}"


def snapshot_of(user, area, year: int) -> Snapshot | None:
    """The reader's own snapshot of the report (its people and PDF left unread)."""
    return policy.report_snapshots_for(user).filter(area=area, year=year).defer("people", "pdf").first()


def shown(user, snapshot: Snapshot | None) -> rules.Report | None:
    """The stored figures, if there are any and the reader's scope is still the one they were built for."""
    if snapshot is None or snapshot.data is None or snapshot.scope != services.scope_of(user):
        return None
    return rules.from_data(snapshot.data)


def built_report_or_404(user, area, year: int) -> tuple[Snapshot, rules.Report]:
    snapshot = snapshot_of(user, area, year)
    report = shown(user, snapshot)
    if report is None:
        raise Http404("This report has not been built for you: build it on the report's page first")
    return snapshot, report


def fresh_hours(on: datetime.date) -> int:
    return int(reference.value(services.FRESH_HOURS, on))


def staleness(user, area, snapshot: Snapshot) -> str:
    """Why the stored figures may no longer be the register's, or "" while they are."""
    if policy.area_changed_since(user, area.pk, snapshot.built_at):
        return "Records have been added or changed since this report was built, so its figures may be out of date."
    hours = fresh_hours(timezone.localdate())
    if timezone.now() - snapshot.built_at > datetime.timedelta(hours=hours):
        return f"This report was built more than {hours} hours ago, so its figures may be out of date."
    return ""


def took(seconds: float | None) -> str:
    """How long a build took, in words: "in less than a second", "in 1 second", "in 4 seconds"."""
    if seconds is None:
        return ""
    return "in less than a second" if seconds < 1 else f"in {words.plural(round(seconds), 'second')}"


def progress(snapshot: Snapshot | None) -> dict | None:
    """What the page says of a build under way: its step, or why it is not moving."""
    if snapshot is None or snapshot.status not in (Snapshot.Status.QUEUED, Snapshot.Status.RUNNING):
        return None
    return {"snapshot": snapshot, **job_status.progress(snapshot.job_id, POLL)}


def _page(request, area, year: int, *, error: str = "", board: bool = False):
    user = request.user
    earliest, latest = queries.earliest_year(), queries.latest_year(timezone.localdate())
    snapshot = snapshot_of(user, area, year)
    report = shown(user, snapshot)
    context = {"area": area, "year": year, "error": error, "years": range(latest, earliest - 1, -1),
               "snapshot": snapshot, "report": report, "progress": progress(snapshot), "board": board,
               "scope_note": scope_note(user, area), "marking": FIGURES, "title": period_title(area, year)}
    if board:
        context["named"] = compose.named_indicators(user, area, report, timezone.localdate())
    if report is not None:
        context["stale"] = staleness(user, area, snapshot)
        context["took"] = took(snapshot.build_seconds)
        context["tables"] = compose.tables(report, area, year, report.board if board else report.tables)
        record(user, Action.VIEW, label="MAPPA annual report" + (": board's indicators" if board else ""),
               details={"area": area.code, "year": year})
    return render(request, "reports/annual.html", context)


@login_required
def index(request):
    if not may_run(request.user):
        raise Http404("Only MAPPA co-ordinators and supervisors build the annual report")
    return redirect("reports:annual", request.user.team.area.code)


def _year_of(request) -> tuple[int, str]:
    earliest, latest = queries.earliest_year(), queries.latest_year(timezone.localdate())
    return year_in(request.GET.get("year"), earliest, latest)


@login_required
def annual(request, area):
    area = area_for(request.user, area)
    year, error = _year_of(request)
    return _page(request, area, year, error=error)


@login_required
def board(request, area):
    """The strategic management board's indicators, from the same snapshot."""
    area = area_for(request.user, area)
    year, error = _year_of(request)
    return _page(request, area, year, error=error, board=True)


@login_required
@require_POST
def build(request, area):
    area = area_for(request.user, area)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        raise Http404("Choose a year") from None
    try:
        services.request_build(actor=request.user, area=area, year=year)
    except PermissionDenied:
        raise Http404("Only the area's MAPPA co-ordinators and supervisors build its annual report") from None
    except ValidationError:
        pass  # already under way (the page shows its progress), or a year the page will refuse plainly
    back = "reports:board" if request.POST.get("view") == "board" else "reports:annual"
    return redirect(f"{reverse(back, args=[area.code])}?year={year}")


@login_required
def build_status(request, pk):
    """The progress of the reader's own build, polled by the page: another reader's answers 404."""
    snapshot = get_object_or_404(policy.report_snapshots_for(request.user).select_related("area").defer("people", "pdf"),
                                 pk=pk)
    if not policy.may_run_area_report(request.user, snapshot.area_id):
        raise Http404("Only the area's MAPPA co-ordinators and supervisors build its annual report")
    response = render(request, "reports/_progress.html", {"progress": progress(snapshot), "snapshot": snapshot,
                                                          "area": snapshot.area, "year": snapshot.year})
    if request.htmx and snapshot.status in (Snapshot.Status.DONE, Snapshot.Status.FAILED):
        response["HX-Refresh"] = "true"  # the page itself now shows the figures, or says what went wrong
    return response


def _where(report: rules.Report, key: str):
    table = next(t for t in report.all_tables() if any(f.key == key for f in t.figures()))
    row = next(r for r in table.rows if any(f.key == key for f in r.cells))
    column = table.columns[[f.key for f in row.cells].index(key)] if len(table.columns) > 1 else ""
    return table, row, column


@login_required
def figure(request, area, year, key):
    """The cases behind one figure, as far as the reader may see them today."""
    area, year = area_for(request.user, area), year_or_404(year)
    snapshot, report = built_report_or_404(request.user, area, year)
    found = report.figure(key)
    if found is None:
        raise Http404("There is no such figure in the report")
    table, row, column = _where(report, key)
    # The ids were stored when the report was built; the policy decides again now whom they may see.
    page = Paginator(queries.cases_behind(request.user, stored_people(request.user, snapshot, key)),
                     PAGE).get_page(request.GET.get("page"))
    page.object_list = queries.cases(request.user, list(page.object_list))
    record(request.user, Action.VIEW, label="MAPPA annual report: cases behind a figure",
           details={"area": area.code, "year": year, "figure": key, "cases": found.behind})
    board_figure = key.startswith("board.")
    back = reverse("reports:board" if board_figure else "reports:annual", args=[area.code])
    return render(request, "reports/figure.html", {
        "area": area, "year": year, "report": report, "table": table, "row": row, "column": column, "figure": found,
        "basis": rules.basis_text(found.basis, report.year), "page": page, "scope_note": snapshot.scope_note,
        "back": f"{back}?year={year}", "back_label": "the board's indicators" if board_figure else "the annual report",
        "snapshot": snapshot, "marking": FIGURES,
    })


def stored_people(user, snapshot: Snapshot, key: str) -> list[int]:
    """The ids kept behind one figure, read alone (not every figure's)."""
    mine = policy.report_snapshots_for(user).filter(pk=snapshot.pk)
    found = mine.values_list(f"people__{key}", flat=True).first()
    if isinstance(found, str):  # the same people as an earlier figure (rules.to_data)
        found = mine.values_list(f"people__{found}", flat=True).first()
    return found or []


@login_required
def annual_csv(request, area, year):
    area, year = area_for(request.user, area), year_or_404(year)
    snapshot, report = built_report_or_404(request.user, area, year)
    record(request.user, Action.EXPORT, label="MAPPA annual report (CSV)", details={"area": area.code, "year": year})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mappa-annual-report-{area.code}-{year}.csv"'
    writer = csv.writer(response)
    built = timezone.localtime(snapshot.built_at)
    writer.writerow([f"MAPPA annual report, {area.name}, {report.year.period}, built {built:%Y-%m-%d %H:%M}. "
                     f"{snapshot.scope_note}"])
    for line in compose.csv_rows(report):
        writer.writerow([_cell(value) for value in line])
    return response


def _cell(value):
    """A text cell a spreadsheet would read as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@login_required
def annual_pdf(request, area, year):
    """The PDF drawn by the build, with its charts, as stored for the reader."""
    area, year = area_for(request.user, area), year_or_404(year)
    snapshot, _ = built_report_or_404(request.user, area, year)
    body = policy.report_snapshots_for(request.user).filter(pk=snapshot.pk).values_list("pdf", flat=True).first()
    if not body:
        raise Http404("This report has no PDF: build it again")
    record(request.user, Action.EXPORT, label="MAPPA annual report (PDF)", details={"area": area.code, "year": year})
    response = HttpResponse(bytes(body), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mappa-annual-report-{area.code}-{year}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
