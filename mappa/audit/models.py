from django.conf import settings
from django.db import models, router, transaction
from django.utils import timezone


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    EXPORT = "export", "Exported"
    BREAK_GLASS = "break_glass", "Emergency access"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    REFUSED = "refused", "Refused"
    ADMIN = "admin", "Administration"


class AuditEvent(models.Model):
    """One read or change. Rows are only ever added: the model refuses updates and deletes, and
    the database refuses them too (see the migration that installs the triggers). Each row is
    chained to the one before it in its month by a hash of its columns (mappa.audit.chain)."""

    # Set when the row is made, not by the save, so that the hash can cover it.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=200, blank=True)
    actor_agency = models.CharField(max_length=160, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    nominal = models.ForeignKey(
        "nominals.Nominal", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    # The recorded item's handling category and agency, so history obeys the same item rules.
    handling = models.CharField(max_length=20, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=10, blank=True, help_text="web, api or cli")
    request_id = models.CharField(max_length=100, null=True, blank=True,
                                  help_text="the request's id, as in the request log (none outside a request)")
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    details = models.JSONField(default=dict, blank=True)
    chain = models.CharField(max_length=7, blank=True, help_text="the month (UTC) of `at`, as YYYY-MM")
    prev_hash = models.CharField(max_length=64, blank=True, help_text="the hash of the row before this in its chain")
    hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of every other column of this row")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["chain", "-id"]),
            models.Index(fields=["nominal", "-at"]),
            models.Index(fields=["object_type", "object_id", "-at"]),
            models.Index(fields=["actor", "-at"]),
        ]

    def save(self, *args, using=None, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed")
        from mappa.audit import chain

        using = using or router.db_for_write(AuditEvent, instance=self)
        # Linked and inserted in one transaction (the caller's, if there is one), so the previous hash
        # it read is still the chain's last when it commits. The chain sets the id: never try an UPDATE.
        with transaction.atomic(using=using, savepoint=False):
            chain.link(self, using)
            super().save(*args, using=using, **{**kwargs, "force_insert": True})

    @classmethod
    def add_many(cls, events: list, using: str | None = None) -> list:
        """Insert new events of one moment together, chained in the order given: a fixed number of statements
        however many (a page that shows twenty victims records twenty reads, not twenty round trips)."""
        from mappa.audit import chain

        if not events:
            return events
        if any(not event._state.adding for event in events):
            raise PermissionError("Audit events cannot be changed")
        using = using or router.db_for_write(cls, instance=events[0])
        with transaction.atomic(using=using, savepoint=False):
            chain.link_many(events, using)
            cls.objects.using(using).bulk_create(events)
        return events

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted")


class RefusedRequests(models.Model):
    """How many of one user's requests were refused in one hour, of one kind: someone probing for records
    they may not see shows up for their supervisor. A counter changes, so it lives beside the append-only
    log, not in it; each refusal is one statement (mappa.audit.services.count_refusal)."""

    class Kind(models.TextChoices):
        NOT_FOUND = "not_found", "not found"  # a record they may not see, or one that does not exist
        FORBIDDEN = "forbidden", "change refused"
        EMERGENCY = "emergency", "emergency access refused"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hour = models.DateTimeField(help_text="The start of the hour the requests were made in.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    times = models.PositiveIntegerField(default=1)
    last_at = models.DateTimeField()
    # The address last refused, for the audit: it names a record by id only, and is never shown to anyone
    # (a supervisor may not see that record either).
    last_path = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "hour", "kind"], name="refused_requests_one_row")]
        indexes = [models.Index(fields=["hour"])]
