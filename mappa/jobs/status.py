"""What the administration page shows of the task queue: counts by state, the tasks, and the workers seen."""
import datetime

from django.conf import settings
from django.db.models import Count
from django.tasks import TaskResultStatus
from django.utils import timezone

from mappa.jobs.models import Job, WorkerBeat

STATUSES = TaskResultStatus.choices
# The words the administration page uses for each state (the same as its tags).
LABELS = {TaskResultStatus.READY: "Waiting", TaskResultStatus.RUNNING: "Running", TaskResultStatus.FAILED: "Failed",
          TaskResultStatus.SUCCESSFUL: "Done"}


def summary() -> dict:
    counts = dict(Job.objects.order_by().values_list("status").annotate(n=Count("pk")))
    latest = WorkerBeat.objects.order_by("-seen_at").first()
    alive = WorkerBeat.objects.filter(seen_at__gte=stale_before(), stopped_at__isnull=True).exists()
    return {
        "total": sum(counts.values()),
        "states": [(value, LABELS[value], counts.get(value, 0)) for value, _ in STATUSES],
        "failed": counts.get(TaskResultStatus.FAILED, 0),
        "waiting": counts.get(TaskResultStatus.READY, 0),
        "worker_seen_at": latest.seen_at if latest else None,
        "worker_alive": alive,
    }


def stale_before():
    return timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def jobs(status: str = ""):
    rows = Job.objects.order_by("-enqueued_at").defer("args", "kwargs", "return_value")
    if status in TaskResultStatus.values:
        rows = rows.filter(status=status)
    return rows


def mark_stalled(rows, alive_ids: set) -> list:
    """Flag each running task whose worker is no longer seen: it stopped part-way and will not be run again
    by itself (a task is never run twice), so an administrator must decide."""
    rows = list(rows)
    for row in rows:
        row.stalled = row.status == TaskResultStatus.RUNNING and (not row.worker_ids or row.worker_ids[-1] not in alive_ids)
    return rows


def alive_worker_ids() -> set:
    return set(WorkerBeat.objects.filter(seen_at__gte=stale_before(), stopped_at__isnull=True).values_list("worker_id", flat=True))


def workers(limit: int = 10) -> list:
    since = stale_before()
    rows = list(WorkerBeat.objects.order_by("-seen_at")[:limit])
    for row in rows:
        row.alive = row.seen_at >= since and row.stopped_at is None
    return rows


def will_finish(job_id) -> bool:
    """The task is waiting, or running on a worker still seen: not one that ended, nor one whose worker stopped
    part-way (that one is never run again, so whoever asked for it may ask again)."""
    if job_id is None:
        return False
    job = Job.objects.filter(pk=job_id).only("status", "worker_ids").first()
    if job is None or job.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        return False
    if job.status == TaskResultStatus.RUNNING:
        return bool(job.worker_ids) and job.worker_ids[-1] in alive_worker_ids()
    return True


def progress(job_id, poll: str) -> dict:
    """What a page waiting on background work says of it: stopped part-way (its worker is gone), waiting with no
    worker running, or under way (then `poll`, how often the page asks again)."""
    going = will_finish(job_id)
    return {"stalled": not going, "no_worker": going and not alive_worker_ids(), "poll": poll if going else ""}
