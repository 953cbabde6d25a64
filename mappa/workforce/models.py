"""Records of the workforce: supervision of staff and training beyond the risk tools.

A person's training in a risk tool (RM2000, OASys, OGRS3, OSP) stays the risk part's TrainingRecord, the gate for
completing and approving assessments; a CourseRecord is training in anything else a role requires (ViSOR, home
visiting, SARN, ...). Which courses a role requires is reference data (`workforce.roles`)."""
from django.conf import settings
from django.db import models

from mappa.core.dates import day as govuk_day


class StaffSupervision(models.Model):
    """A supervision session of a member of staff by their supervisor (inspection 2010 ¶10.13, P-30 step 4: it should
    cover accountability, clinical support and professional guidance; F-154), the cases discussed, what was agreed
    and when the next is due."""

    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("Date of the supervision")
    accountability = models.BooleanField("Accountability: the cases and the work done on them", default=False)
    support = models.BooleanField("Clinical support: the effect of the work on them", default=False)
    guidance = models.BooleanField("Professional guidance: how to approach the work", default=False)
    discussed = models.TextField("What was discussed", blank=True)
    agreed = models.TextField("What was agreed")
    next_due = models.DateField("Next supervision due")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["supervisee", "-held_on"])]

    def __str__(self):
        return f"Supervision of {self.supervisee} on {govuk_day(self.held_on)}"


class DiscussedCase(models.Model):
    """A case discussed at a supervision session, with what was agreed for it: one both the supervisor and the
    supervisee may see when it was recorded. Named to a reader only when the reader may see the case
    (policy.discussed_cases_for); what was agreed is shown on the case page only to those policy.case_discussions_for
    allows, never the rest of the session."""

    supervision = models.ForeignKey(StaffSupervision, on_delete=models.CASCADE, related_name="+")
    nominal = models.ForeignKey("nominals.Nominal", on_delete=models.PROTECT, related_name="+")
    agreed = models.TextField("What was agreed for this case", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        unique_together = [("supervision", "nominal")]

    def __str__(self):
        return "A case discussed at supervision"


class CourseRecord(models.Model):
    """Training a person has completed in a course of the catalogue (`workforce.roles` courses) other than a risk
    tool, with its date and when it expires (inspection 2010 ¶10.8: refresher training; F-153)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.CharField(max_length=40)
    completed_on = models.DateField("Completed")
    expires_on = models.DateField("Expires", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["user_id", "course", "-completed_on", "-id"]

    def __str__(self):
        return f"{self.user} trained in {self.course} on {govuk_day(self.completed_on)}"
