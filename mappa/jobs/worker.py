"""The worker: claims one ready task at a time, runs it, and records what happened.

A task is run by one worker only. Claiming happens in a transaction that locks the row (SELECT ... FOR UPDATE
SKIP LOCKED on PostgreSQL, so other workers pass over it rather than wait; on SQLite the transaction takes the
database's write lock as it begins), and the claim is an UPDATE that succeeds only while the row is still
ready. A task that fails is queued again after a growing wait until it has had its attempts, then left failed;
a task whose worker died while running it stays "running" for an administrator to see, rather than being run
a second time.

Tasks that send something (mappa.core.alert_emails) also keep a mark of what they sent, so that a retry after
a failure part-way never sends it twice."""
import datetime
import logging
import os
import socket
import traceback

from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.tasks import TaskContext, TaskResultStatus, task_backends
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.json import normalize_json

from mappa.audit import partitions
from mappa.jobs.backend import DatabaseBackend, task_of, to_result
from mappa.jobs.models import Job, WorkerBeat

log = logging.getLogger("mappa.jobs")

BEAT_SECONDS = 10  # how often a worker records that it is alive (readiness allows several missed beats)
PRUNE_SECONDS = 3600  # how often a worker removes finished tasks older than the backend's KEEP_DAYS


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"


def beat(worker_id: str, started_at) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": timezone.now(), "stopped_at": None},
        create_defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at,
                         "seen_at": timezone.now()},
    )


def prune(backend: str = "default") -> int:
    """Remove tasks that succeeded more than KEEP_DAYS ago, and workers not seen for as long. Failed tasks are
    kept for an administrator to see."""
    before = timezone.now() - datetime.timedelta(days=task_backends[backend].keep_days)
    removed, _ = Job.objects.filter(backend=backend, status=TaskResultStatus.SUCCESSFUL, finished_at__lt=before).delete()
    WorkerBeat.objects.filter(seen_at__lt=before).delete()
    return removed


def ready_jobs(backend: str, queues=None):
    now = timezone.now()
    jobs = Job.objects.filter(backend=backend, status=TaskResultStatus.READY).filter(Q(run_after__isnull=True) | Q(run_after__lte=now))
    if queues:
        jobs = jobs.filter(queue_name__in=queues)
    return jobs.order_by("-priority", F("run_after").asc(nulls_first=True), "enqueued_at")


def claim(worker_id: str, backend: str = "default", queues=None) -> Job | None:
    """Take the next ready task for this worker, or None. Two workers never take the same one."""
    if not ready_jobs(backend, queues).exists():  # the usual answer, found without taking a lock
        return None
    with transaction.atomic():
        job = ready_jobs(backend, queues).select_for_update(skip_locked=True).first()
        if job is None:
            return None
        now = timezone.now()
        taken = Job.objects.filter(pk=job.pk, status=TaskResultStatus.READY).update(
            status=TaskResultStatus.RUNNING, attempts=F("attempts") + 1, last_attempted_at=now,
            started_at=job.started_at or now, worker_ids=[*job.worker_ids, worker_id],
        )
    if not taken:
        return None
    job.refresh_from_db()
    return job


def error_of(exc: BaseException) -> dict:
    """The exception's class and where it was raised, without its message (which could quote a record)."""
    kind = type(exc)
    return {"exception_class_path": f"{kind.__module__}.{kind.__qualname__}",
            "traceback": "".join(traceback.format_tb(exc.__traceback__))}


def run(job: Job) -> Job:
    """Run a claimed task and record the outcome: done, queued again for a retry, or failed for good."""
    backend = task_backends[job.backend]
    task = task_of(job)
    result = to_result(job)
    task_started.send(type(backend), task_result=result)
    try:
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *job.args, **job.kwargs)
        else:
            value = task.call(*job.args, **job.kwargs)
        job.return_value = normalize_json(value)
    except Exception as exc:
        error = error_of(exc)
        log.error("Task %s (%s) failed on attempt %d of %d: %s\n%s", job.pk, job.task_path, job.attempts,
                  job.max_attempts, error["exception_class_path"], error["traceback"])
        job.errors = [*job.errors, error]
        if job.attempts < job.max_attempts:
            job.status = TaskResultStatus.READY
            job.run_after = timezone.now() + backend.retry_delay(job.attempts)
        else:
            job.status = TaskResultStatus.FAILED
            job.finished_at = timezone.now()
    else:
        job.status = TaskResultStatus.SUCCESSFUL
        job.finished_at = timezone.now()
    job.save(update_fields=["status", "run_after", "finished_at", "errors", "return_value"])
    if job.status != TaskResultStatus.READY:
        task_finished.send(type(backend), task_result=to_result(job))
    return job


def work(worker_id: str, *, backend: str = "default", queues=None, interval: float = 1.0, batch: bool = False,
         max_tasks: int | None = None, keep_going=lambda: True, sleep=None) -> int:
    """Run tasks until told to stop (keep_going() false), or with batch until none is ready. Returns how many
    were run. Records a heartbeat as it goes."""
    import time

    sleep = sleep or time.sleep
    if not isinstance(task_backends[backend], DatabaseBackend):
        raise ValueError(f"The task backend {backend!r} is not mappa's database backend")
    started_at = timezone.now()
    try:
        done = _loop(worker_id, backend, queues, interval, batch, max_tasks, keep_going, sleep, started_at)
    finally:
        WorkerBeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())
    return done


def _loop(worker_id, backend, queues, interval, batch, max_tasks, keep_going, sleep, started_at) -> int:
    last_beat, last_prune, done = None, None, 0
    while keep_going():
        if not connection.in_atomic_block:  # a connection the database dropped is replaced (not one mid-transaction)
            close_old_connections()
        now = timezone.now()
        if last_beat is None or (now - last_beat).total_seconds() >= BEAT_SECONDS:
            beat(worker_id, started_at)
            last_beat = now
        if last_prune is None or (now - last_prune).total_seconds() >= PRUNE_SECONDS:
            prune(backend)
            partitions.ensure_ahead(connection)  # the audit's partitions for the months ahead (PostgreSQL)
            last_prune = now
        job = claim(worker_id, backend, queues)
        if job is not None:
            run(job)
            done += 1
            if max_tasks and done >= max_tasks:
                break
            continue
        if batch:
            break
        sleep(interval)
    return done
