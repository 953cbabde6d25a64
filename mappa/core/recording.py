"""The steps the parts' services share to record an item on a case: read the case for writing, refuse fields a change
may not set, save a new item or an edit with its audit row, and refuse an edit made from a stale version. The
caller holds the transaction, so the item and its audit row are saved together or not at all."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import diff, record, snapshot
from mappa.core.concurrency import StaleEdit, save_if_current


def writable(actor, nominal):
    """The case read afresh for writing by an agency's member; refused to anyone else."""
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    if not actor.agency_id:
        raise PermissionDenied("Only a member of an agency records this")
    return nominal


def refuse_unknown(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({f: "This field cannot be set here" for f in sorted(unknown)})


def not_future(day: datetime.date | None, name: str, today: datetime.date) -> dict:
    return {name: "The date must be today or in the past"} if day is not None and day > today else {}


def save_new(actor, item, fields, nominal):
    item.full_clean()
    item.save()
    record(actor, Action.CREATE, item, nominal=nominal, changes=diff({}, snapshot(item, fields)))
    return item


def apply_edit(actor, item, data: dict, version: int):
    """Set each of `data`'s fields on `item` and save the edit as save_edit does (the rules already checked)."""
    before = snapshot(item, data.keys())
    for name, value in data.items():
        setattr(item, name, value)
    return save_edit(actor, item, before, data.keys(), version)


def save_edit(actor, item, before: dict, fields, version: int):
    """Save the edit of `fields` (their values `before` it was applied) if `version` is still the saved one."""
    changes = diff(before, snapshot(item, fields))
    if item.version != version:
        raise StaleEdit(type(item).objects.get(pk=item.pk))
    if not changes:
        return item
    item.full_clean()
    save_if_current(item, version, list(fields))
    record(actor, Action.UPDATE, item, nominal=item.nominal, changes=changes)
    return item
