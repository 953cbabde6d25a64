"""Every change to the stored annual reports goes through these functions.

A reader asks for a report to be built (request_build: checked against the policy, audited, and the background
task queued in the same transaction, so a request rolled back queues nothing); the task (tasks.py) reports its
progress and stores what it built for that reader (store_build, audited as the reader's)."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.jobs import status as job_status
from mappa.reports import compose, queries, rules
from mappa.reports.models import Snapshot

FRESH_HOURS = "reports.snapshot_fresh_hours"


def scope_of(user) -> list:
    """What a reader's report depends on besides the register: if any of it changes, the snapshot is not shown."""
    return policy.reader_scope(user)


def check_year(year: int) -> None:
    earliest, latest = queries.earliest_year(), queries.latest_year(timezone.localdate())
    if not earliest <= year <= latest:
        raise ValidationError({"year": f"Choose a year from {earliest} to {latest}"})


def in_progress(snapshot: Snapshot) -> bool:
    """A build is waiting or running and will finish: not one whose worker stopped part-way (that one is never run
    again, so the reader may ask for another)."""
    return snapshot.status in (Snapshot.Status.QUEUED, Snapshot.Status.RUNNING) and job_status.will_finish(snapshot.job_id)


@transaction.atomic
def request_build(*, actor, area, year: int) -> Snapshot:
    """Queue a build of `area`'s report for the year beginning in `year`, for `actor` alone. Refused if they may not
    build it (as unknown: 404), for a year with no reporting rules, or while one is already under way."""
    from mappa.reports.tasks import build_annual_report

    if not policy.may_run_area_report(actor, area.pk):
        raise PermissionDenied("Only the area's MAPPA co-ordinators and supervisors build its annual report")
    check_year(year)
    now = timezone.now()
    snapshot, _ = Snapshot.objects.select_for_update().get_or_create(
        owner=actor, area=area, year=year, defaults={"requested_at": now})
    if in_progress(snapshot):
        raise ValidationError("This report is already being built: its progress is shown on the page")
    result = build_annual_report.enqueue(snapshot.pk)  # in this transaction: rolled back, nothing is queued
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=Snapshot.Status.QUEUED, step="Waiting for a worker", percent=0, job_id=result.id, requested_at=now,
        started_at=None, version=F("version") + 1)
    snapshot.refresh_from_db()
    record(actor, Action.CREATE, snapshot, label="MAPPA annual report: build asked for",
           details={"area": area.code, "year": year})
    return snapshot


def record_progress(snapshot_id: int, step: str, percent: int, *, started: bool = False) -> None:
    """What the build is doing, for the page's progress (written at once, outside any transaction of the build)."""
    values = {"status": Snapshot.Status.RUNNING, "step": step, "percent": percent}
    if started:
        values["started_at"] = timezone.now()
    Snapshot.objects.filter(pk=snapshot_id).update(**values)


def fail(snapshot_id: int, step: str) -> None:
    Snapshot.objects.filter(pk=snapshot_id).update(status=Snapshot.Status.FAILED, step=step, percent=0)


@transaction.atomic
def store_build(snapshot: Snapshot, report: rules.Report, *, read_at: datetime.datetime, pdf: bytes,
                seconds: float) -> None:
    """Keep the finished build as the reader's snapshot, audited as theirs."""
    owner = snapshot.owner
    data, people = rules.to_data(report)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=Snapshot.Status.DONE, step="Built", percent=100, built_at=read_at, scope=scope_of(owner),
        scope_note=compose.scope_note(owner, snapshot.area), data=data, people=people, pdf=pdf,
        build_seconds=seconds, version=F("version") + 1)
    record(owner, Action.CREATE, snapshot, label="MAPPA annual report built",
           details={"area": snapshot.area.code, "year": snapshot.year, "seconds": round(seconds, 1)})
