"""Writing audit events. Call inside the same transaction as the change being recorded."""
import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from mappa.audit import context
from mappa.audit.models import Action, AuditEvent, RefusedRequests


class Named(str):
    """A linked record as a change names it (its str), remembering how that record is restricted, so that
    `record` can keep its name out of a change that more people may read than may see the record."""

    handling = ""
    agency_id = None
    kind = ""


def _named(value: Model) -> Named:
    name = Named(str(value))
    name.handling = getattr(value, "handling", "") or ""
    name.agency_id = getattr(value, "agency_id", None)
    name.kind = str(value._meta.verbose_name)
    return name


def plain(value):
    if isinstance(value, Model):
        return _named(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def diff(before: dict, after: dict) -> dict:
    """Fields whose value changed, as {field: [old, new]}."""
    return {k: [plain(before.get(k)), plain(v)] for k, v in after.items() if plain(before.get(k)) != plain(v)}


def snapshot(instance, fields) -> dict:
    return {f: getattr(instance, f) for f in fields}


def _as_stored(value, handling: str, agency_id):
    """A change's value as it may be kept on a row restricted as `handling`: a record it names that some of the
    row's readers may not see is named only as "a restricted address" (the policy's may_show)."""
    if isinstance(value, Named) and value.handling:
        from mappa.access import policy

        if not policy.may_show(handling, agency_id, value.handling, value.agency_id):
            return f"a restricted {value.kind}"
    return value


def record(
    actor,
    action: str,
    obj=None,
    *,
    nominal=None,
    reason: str = "",
    changes: dict | None = None,
    details: dict | None = None,
    label: str = "",
) -> AuditEvent:
    event = _event(actor, action, obj, nominal=nominal, reason=reason, changes=changes, details=details, label=label)
    event.save()
    return event


def record_many(actor, action: str, objs, *, nominal=None, reason: str = "", details: dict | None = None) -> list[AuditEvent]:
    """One row for each of `objs`, as `record` would write them one by one, written together at one moment in a
    fixed number of statements (AuditEvent.add_many): for a page that shows many records of one kind."""
    at = timezone.now()
    events = [_event(actor, action, obj, nominal=nominal, reason=reason, details=details) for obj in objs]
    for event in events:
        event.at = at
    return AuditEvent.add_many(events)


def _event(actor, action, obj, *, nominal, reason, changes=None, details=None, label="") -> AuditEvent:
    """The row `record` writes, not yet written."""
    origin = context.current()
    handling = getattr(obj, "handling", "") or ""
    agency_id = getattr(obj, "agency_id", None) if handling else None
    changes = {k: [_as_stored(v, handling, agency_id) for v in pair] if isinstance(pair, (list, tuple)) else pair
               for k, pair in (changes or {}).items()}
    if changes and hasattr(obj, "version"):
        # The version this change made: an edit refused as stale can tell which changes came after it opened.
        details = {**(details or {}), "version": obj.version}
    authenticated = bool(actor and getattr(actor, "is_authenticated", False))
    return AuditEvent(
        actor=actor if authenticated else None,
        actor_name=actor.display_name if authenticated else "anonymous",
        actor_agency=str(actor.agency) if authenticated and actor.agency_id else "",
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(label or (str(obj) if obj is not None else ""))[:300],
        nominal=nominal,
        handling=handling,
        agency_id=agency_id,
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
        channel=origin.channel,
        request_id=origin.request_id,
        reason=reason,
        changes=changes,
        details=details or {},
    )


# One statement, whether it is the hour's first refusal or not (PostgreSQL and SQLite both upsert).
COUNT_REFUSAL = """
    INSERT INTO {table} (user_id, hour, kind, times, last_at, last_path) VALUES (%s, %s, %s, 1, %s, %s)
    ON CONFLICT (user_id, hour, kind) DO UPDATE
    SET times = {table}.times + 1, last_at = excluded.last_at, last_path = excluded.last_path
"""


def count_refusal(user, kind: str, path: str = "") -> None:
    """Count a refused request (RefusedRequests.Kind) against the user and the hour: one write. Call it
    outside the work being refused, which may be rolled back."""
    if not (user and getattr(user, "is_authenticated", False)):
        return
    now = timezone.now()
    as_stored = RefusedRequests._meta.get_field("last_at").get_db_prep_value  # both are date-times
    hour = now.replace(minute=0, second=0, microsecond=0)
    params = [user.pk, as_stored(hour, connection), kind, as_stored(now, connection), path[:300]]
    with connection.cursor() as cursor:
        cursor.execute(COUNT_REFUSAL.format(table=connection.ops.quote_name(RefusedRequests._meta.db_table)), params)


__all__ = ["Action", "record", "record_many", "diff", "snapshot", "plain", "count_refusal"]
