"""A supervisor's themed audit (inspection 2010 para 4.14; catalogue E-40, P-28): a sample of cases drawn from
those the supervisor may see, a checklist answered for each, findings, and remedial actions tracked to done."""
from django.conf import settings
from django.db import models

from mappa.core.models import Versioned


class ThemedAudit(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", "In progress"
        CLOSED = "closed", "Finished"

    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="+")
    theme = models.CharField(max_length=200, help_text="What this audit looks at, for example “Records of new registrations”.")
    checklist = models.JSONField(help_text="The checklist in force when the audit began.")
    started_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self):
        return self.theme


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "na", "Does not apply"


class AuditCase(Versioned):
    """One sampled case: the checklist's answers (question key to Answer) and what was found."""

    audit = models.ForeignKey(ThemedAudit, on_delete=models.CASCADE, related_name="cases")
    nominal = models.ForeignKey("nominals.Nominal", on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    findings = models.TextField(blank=True)
    checked_on = models.DateField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["audit", "id"]
        constraints = [models.UniqueConstraint(fields=["audit", "nominal"], name="quality_audit_case_once")]

    def __str__(self):
        return f"Audit {self.audit_id}: case {self.nominal_id}"


class RemedialAction(Versioned):
    """Something to put right on a sampled case, with who does it and by when, tracked to done."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="actions")
    nominal = models.ForeignKey("nominals.Nominal", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["done_on", "due_on", "id"]

    def __str__(self):
        return self.description
