"""What the administration page shows of the task queue: counts by state, the tasks, and the workers seen."""
import datetime

from django.conf import settings
from django.db.models import Count
from django.tasks import TaskResultStatus
from django.utils import timezone

from mappa.jobs.models import Job, WorkerBeat

STATUSES = TaskResultStatus.choices


def summary() -> dict:
    counts = dict(Job.objects.order_by().values_list("status").annotate(n=Count("pk")))
    latest = WorkerBeat.objects.order_by("-seen_at").first()
    return {
        "counts": {label: counts.get(value, 0) for value, label in STATUSES},
        "failed": counts.get(TaskResultStatus.FAILED, 0),
        "waiting": counts.get(TaskResultStatus.READY, 0),
        "worker_seen_at": latest.seen_at if latest else None,
        "worker_alive": bool(latest and latest.seen_at >= stale_before()),
    }


def stale_before():
    return timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def jobs(status: str = ""):
    rows = Job.objects.order_by("-enqueued_at").defer("args", "kwargs", "return_value")
    if status in TaskResultStatus.values:
        rows = rows.filter(status=status)
    return rows


def workers(limit: int = 10) -> list:
    since = stale_before()
    rows = list(WorkerBeat.objects.order_by("-seen_at")[:limit])
    for row in rows:
        row.alive = row.seen_at >= since
    return rows
