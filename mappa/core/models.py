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


class CaseChange(models.Model):
    """The latest change number of a case's records (or, for case 0, of records about no one case): written only
    by the database's own triggers (mappa.core.changes), read by what keeps work lists between pages."""

    nominal_id = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField(db_index=True)

    class Meta:
        db_table = "core_casechange"


class StoredWork(models.Model):
    """What one case puts on one user's work list, as worked out when the case's change number was `seq`
    (mappa.core.work_store). `items` holds the work items as lists of their fields."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    view = models.CharField(max_length=10)  # which of the user's lists: "mine", or a supervisor's "team"
    nominal_id = models.BigIntegerField()
    seq = models.BigIntegerField()
    items = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "view", "nominal_id"], name="storedwork_one_row_a_case")]


class StoredWorkState(models.Model):
    """What a user's stored work list as a whole was worked out under: the day, the change number of the records
    about no one case, and what the user was and covered (mappa.core.work_store)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    view = models.CharField(max_length=10)
    under = models.JSONField(default=dict)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "view"], name="storedworkstate_one_a_list")]
