"""The queue of background tasks and the workers that run them, kept in the database.

A task row holds what to call (the task's import path and its JSON arguments), its state and the history of
its attempts. Arguments are ids, never case details: the rows are shown to administrators, who see no case
records. An error is kept as its exception class and the lines of code it passed through, without its
message, which could quote a record."""
import uuid

from django.db import models
from django.tasks import TaskResultStatus


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_path = models.CharField(max_length=300)
    backend = models.CharField(max_length=100, default="default")
    queue_name = models.CharField(max_length=100, default="default")
    priority = models.SmallIntegerField(default=0)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=TaskResultStatus.choices, default=TaskResultStatus.READY)
    run_after = models.DateTimeField(null=True, blank=True, help_text="Not before this time (set for a retry).")
    enqueued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_attempted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    worker_ids = models.JSONField(default=list)
    errors = models.JSONField(default=list)  # [{"exception_class_path": ..., "traceback": ...}] for each failed attempt
    return_value = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-enqueued_at"]
        indexes = [models.Index(fields=["status", "run_after"], name="jobs_ready_idx")]

    def __str__(self):
        return f"{self.task_name} ({self.get_status_display()})"

    @property
    def task_name(self) -> str:
        return self.task_path.rsplit(".", 1)[-1].replace("_", " ")

    @property
    def last_error(self) -> str:
        return self.errors[-1]["exception_class_path"] if self.errors else ""


class WorkerBeat(models.Model):
    """A worker process says it is alive: /readyz and the administration page read the latest."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)  # set when it stops cleanly

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"{self.worker_id} on {self.host} (pid {self.pid})"
