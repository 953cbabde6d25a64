"""A built annual report kept for its reader: the figures as they were composed for that user, area and year.

A snapshot belongs to the user it was built for and is never shown to anyone else, because another reader may
see less (a supervisor's figures count only the cases they may see; a co-ordinator's leave out items restricted
from their agency). It also keeps the reader's scope as it was (role, team, area, agency): if that changes, the
snapshot is not shown again until it is rebuilt. The cases behind a figure are read again through the policy
whenever they are listed, so a stored id never shows a case the reader may no longer see."""
from django.conf import settings
from django.db import models


class Snapshot(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being built"
        DONE = "done", "Built"
        FAILED = "failed", "Could not be built"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("accounts.Area", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The reporting year beginning on 1 April of this year")
    version = models.PositiveIntegerField(default=1)
    # The build under way (or the last one).
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=100, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    job_id = models.UUIDField(null=True, blank=True, help_text="The background task building it")
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    # The last finished build: kept while a rebuild runs, so the reader still has the figures.
    built_at = models.DateTimeField(null=True, blank=True, help_text="When the register was read")
    scope = models.JSONField(default=list, help_text="The reader's role, team, area and agency when it was built")
    scope_note = models.TextField(blank=True)
    data = models.JSONField(null=True, blank=True, help_text="The tables, without the people behind each figure")
    people = models.JSONField(null=True, blank=True, help_text="The ids behind each figure, by the figure's key")
    pdf = models.BinaryField(null=True, blank=True)
    build_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "area", "year"], name="reports_one_snapshot_per_reader")]

    def __str__(self):
        return f"Annual report {self.area_id} {self.year} for user {self.owner_id}"
