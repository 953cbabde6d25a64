"""The annual report built as background work (django.tasks, run by `mappa worker`): the reads through the policy
as the reader who asked, the counting, the PDF with its charts, then the snapshot stored for that reader. Each
step is written to the snapshot as it goes, for the page's progress."""
import logging
import time

from django.tasks import task
from django.utils import timezone

from mappa.access import policy
from mappa.core.pdf import render_pdf_bytes
from mappa.reports import compose, queries, rules, services
from mappa.reports.models import Snapshot

log = logging.getLogger("mappa.reports")

# The share of the bar each stage takes: the reads are most of the time on a large area.
READING, COUNTING, DRAWING = (0, 70), 80, 90


@task
def build_annual_report(snapshot_id: int) -> str:
    """Build the report a reader asked for and keep it for them; returns what became of it."""
    snapshot = (Snapshot.objects.select_related("owner__team__area", "owner__agency", "area")
                .filter(pk=snapshot_id, status=Snapshot.Status.QUEUED).first())
    if snapshot is None:
        return "nothing to build"  # already built or asked for again meanwhile
    owner, area = snapshot.owner, snapshot.area
    if not policy.may_run_area_report(owner, area.pk):
        services.fail(snapshot.pk, "You may no longer build this report")
        return "refused"
    try:
        return _build(snapshot, owner, area)
    except Exception as exc:  # kept as the class only: a message could quote a record
        log.error("Annual report %s could not be built: %s", snapshot.pk, type(exc).__qualname__)
        services.fail(snapshot.pk, "Something went wrong while building it")
        return "failed"


def _build(snapshot, owner, area) -> str:
    began = time.perf_counter()
    read_at = timezone.now()  # changes after this are not in the report
    services.record_progress(snapshot.pk, "Reading the register", READING[0], started=True)

    def reading(done, total):
        services.record_progress(snapshot.pk, f"Reading the register ({done} of {total} reads)",
                                 READING[0] + (READING[1] - READING[0]) * done // total)

    report = queries.build_report(owner, area, snapshot.year, progress=reading)
    services.record_progress(snapshot.pk, "Counting the figures", COUNTING)
    stored = rules.from_data(rules.to_data(report)[0])  # the PDF shows what the pages will show
    services.record_progress(snapshot.pk, "Drawing the PDF with its charts", DRAWING)
    context = compose.pdf_context(stored, area, snapshot.year, compose.scope_note(owner, area))
    pdf = render_pdf_bytes("reports/pdf_annual.html", context, marking=compose.FIGURES, title=context["title"])
    services.store_build(snapshot, report, read_at=read_at, pdf=pdf, seconds=time.perf_counter() - began)
    return "built"
