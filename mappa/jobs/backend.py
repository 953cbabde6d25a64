"""A django.tasks backend that keeps its queue in the database (mappa.jobs.models.Job); `mappa worker` runs
what it holds. The row is written in the caller's transaction, so a task queued by a change that is then
rolled back is never run.

OPTIONS (settings.TASKS): MAX_ATTEMPTS (how often a failing task is tried before it is left failed) and
RETRY_SECONDS (the wait before the first retry, doubled for each one after, at most MAX_RETRY_SECONDS);
KEEP_DAYS (how long a task that succeeded is kept)."""
import datetime

from django.tasks import TaskResult, TaskResultStatus
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskError
from django.tasks.exceptions import TaskResultDoesNotExist
from django.tasks.signals import task_enqueued
from django.utils.module_loading import import_string


class DatabaseBackend(BaseTaskBackend):
    supports_defer = True
    supports_get_result = True
    supports_priority = True

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.max_attempts = int(self.options.get("MAX_ATTEMPTS", 5))
        self.retry_seconds = int(self.options.get("RETRY_SECONDS", 30))
        self.max_retry_seconds = int(self.options.get("MAX_RETRY_SECONDS", 3600))
        self.keep_days = int(self.options.get("KEEP_DAYS", 30))

    def retry_delay(self, attempts: int) -> datetime.timedelta:
        """The wait before the next try after `attempts` failed ones: doubling, so a service that is down
        (the mail server) is not hammered, and capped."""
        return datetime.timedelta(seconds=min(self.retry_seconds * 2 ** max(attempts - 1, 0), self.max_retry_seconds))

    def enqueue(self, task, args, kwargs):
        from mappa.jobs.models import Job

        self.validate_task(task)
        result = TaskResult(  # normalises the arguments to JSON, as the worker will read them back
            task=task, id="", status=TaskResultStatus.READY, enqueued_at=None, started_at=None, finished_at=None,
            last_attempted_at=None, args=args, kwargs=kwargs, backend=self.alias, errors=[], worker_ids=[],
        )
        job = Job.objects.create(
            task_path=task.module_path, backend=self.alias, queue_name=task.queue_name, priority=task.priority,
            run_after=task.run_after, args=result.args, kwargs=result.kwargs, max_attempts=self.max_attempts,
        )
        result = to_result(job)
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id):
        from django.core.exceptions import ValidationError

        from mappa.jobs.models import Job

        try:
            return to_result(Job.objects.get(pk=result_id, backend=self.alias))
        except (Job.DoesNotExist, ValidationError, ValueError):
            raise TaskResultDoesNotExist(result_id) from None


def task_of(job):
    """The Task a row names (its function, with the queue and priority it was queued with)."""
    return import_string(job.task_path).using(queue_name=job.queue_name, priority=job.priority, backend=job.backend)


def to_result(job) -> TaskResult:
    result = TaskResult(
        task=task_of(job), id=str(job.pk), status=TaskResultStatus(job.status), enqueued_at=job.enqueued_at,
        started_at=job.started_at, finished_at=job.finished_at, last_attempted_at=job.last_attempted_at,
        args=job.args, kwargs=job.kwargs, backend=job.backend,
        errors=[TaskError(**error) for error in job.errors], worker_ids=list(job.worker_ids),
    )
    if job.status == TaskResultStatus.SUCCESSFUL:
        object.__setattr__(result, "_return_value", job.return_value)  # TaskResult is frozen; this is how backends set it
    return result
