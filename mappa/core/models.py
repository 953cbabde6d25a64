from django.conf import settings
from django.db import models


class ReferenceSetting(models.Model):
    """A number or rule set by guidance, with the date it took effect and where it comes from.

    Several rows may share a key; the one in force on a date is the latest effective_from on or
    before it, so changing guidance never rewrites history.
    """

    key = models.CharField(max_length=100)
    value = models.JSONField()
    effective_from = models.DateField()
    source = models.TextField(help_text="Where the number comes from (document and paragraph).")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        unique_together = [("key", "effective_from")]
        ordering = ["key", "-effective_from"]

    def __str__(self):
        return f"{self.key}={self.value} from {self.effective_from}"


class Notification(models.Model):
    """Something a user must be told about, shown on their home page until read.

    It keeps the handling and recording agency of the item it is about, so it is sent (core.notifications)
    and shown only to a reader who may see that item (policy.handling_scope), like the item itself."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    nominal = models.ForeignKey("nominals.Nominal", null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=500)
    handling = models.CharField(max_length=20, blank=True, default="")
    agency = models.ForeignKey("accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When its reader was e-mailed that they have new alerts (mappa.core.alert_emails), so none is counted twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]


class Versioned(models.Model):
    """Rows that people edit carry a version, so a stale save is refused (see core.concurrency)."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
