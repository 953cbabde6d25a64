"""Significant events: recorded once by the part of the system that learns of them, heard by every
part that must react (an assessment or a plan asks for a review).

Call `record_significant_event` inside the service transaction that records what happened, so the
event, its audit row and whatever the subscribers write stand or fall together.
"""
import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core.concurrency import save_if_current
from mappa.nominals.models import Activity, Address, Relationship, SignificantEvent

Kind = SignificantEvent.Kind
_subscribers: list[Callable] = []
_change_listeners: list[Callable] = []


def subscribe(fn: Callable) -> Callable:
    """Register `fn(event, actor)`, called in the same transaction as each new event."""
    if fn not in _subscribers:
        _subscribers.append(fn)
    return fn


def record_significant_event(*, actor, nominal, kind: str, summary: str, occurred_on: datetime.date | None = None,
                             source=None, handling: str = "", agency_id: int | None = None) -> SignificantEvent:
    """Record the event (restricted like its source) and tell the subscribers. The caller has already
    checked that the actor may change the record. `agency_id`: the agency the event is recorded for when it
    is not the actor's (an event drawn from another agency's restricted item that the actor may not see)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Record a significant event inside the transaction of the change that raised it")
    event = SignificantEvent.objects.create(
        nominal=nominal, kind=kind, summary=summary[:300], occurred_on=occurred_on or timezone.localdate(),
        source_type=source._meta.model_name if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        handling=getattr(source, "handling", "") or handling, agency_id=agency_id or actor.agency_id, created_by=actor,
    )
    record(actor, Action.CREATE, event, nominal=nominal, details={"kind": kind, "source": event.source_type})
    for fn in _subscribers:
        fn(event, actor)
    return event


def on_change(fn: Callable) -> Callable:
    """Register `fn(actor, nominal, what, about)`, called in the same transaction as each announced change."""
    if fn not in _change_listeners:
        _change_listeners.append(fn)
    return fn


def announce_change(*, actor, nominal, what: str, about=None) -> None:
    """A change that is not a significant event but that others must hear of (a licence condition, a zone, an
    expected release date: the victim liaison officer tells the victims). `what` names nothing restricted;
    `about` is the item changed, so a listener tells only those who may see it."""
    for fn in _change_listeners:
        fn(actor, nominal, what, about)


def follow_handling(actor, source) -> int:
    """Events raised from `source` are as restricted as it is: when its handling is raised or switched,
    theirs follows, so the event does not show what the item now hides. (A restriction lifted from the
    source stays on its events: they may have been restricted for their own reasons.) Each event changed
    gets a new version and its own audit row."""
    if not source.handling:
        return 0
    changed = (SignificantEvent.objects.select_for_update()
               .filter(source_type=source._meta.model_name, source_id=str(source.pk)).exclude(handling=source.handling))
    count = 0
    for event in changed:
        before = event.handling
        event.handling, event.handling_set_by_id = source.handling, source.handling_set_by_id
        save_if_current(event, event.version, ["handling", "handling_set_by"])
        record(actor, Action.UPDATE, event, nominal=source.nominal,
               changes={"handling": [before, source.handling]}, details={"followed": source._meta.model_name})
        count += 1
    return count


def event_for_item(item, created: bool, changes: dict) -> tuple[str, str] | None:
    """The significant event (kind, summary) that recording this register item amounts to, if any."""
    if isinstance(item, Address):
        became = created or "status" in changes
        if became and item.status in (Address.Status.CURRENT, Address.Status.PROPOSED):
            return Kind.ADDRESS, f"{item.get_status_display()} address: {item}"
    if isinstance(item, Relationship) and item.kind == Relationship.Kind.PARTNER and (created or "kind" in changes):
        return Kind.RELATIONSHIP, f"Relationship with {item.other_name}"
    if isinstance(item, Activity) and item.kind == Activity.Kind.INTELLIGENCE and created:
        return Kind.INTELLIGENCE, item.summary
    return None
