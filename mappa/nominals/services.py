"""Every change to the nominal register goes through these functions.

Each takes the acting user, checks the access policy, validates, writes the change and its
audit event in one transaction, and refuses a save based on a stale version.
"""
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import diff, record, record_many, snapshot
from mappa.core import extensions
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.core.models import Notification
from mappa.core.recording import refuse_unknown
from mappa.nominals import events, names, rules
from mappa.nominals.items import BY_MODEL, NOMINAL_FIELDS, ItemKind
from mappa.nominals.models import (
    Activity,
    Address,
    Alias,
    Identifier,
    NameKey,
    NameVariant,
    Nominal,
    Occupant,
    Partner,
)


def name_key_rows(nominal_id: int, first: str, last: str, alias=None) -> list[NameKey]:
    """The search keys of one of a person's names (names.name_keys), each with the surname its
    variants are made from."""
    rows = []
    for first_norm, last_norm, first_key, last_key, prefix, searched in names.name_keys(first, last):
        row = NameKey(
            nominal_id=nominal_id, alias_id=alias.pk if alias else None,
            handling=alias.handling if alias else "", agency_id=alias.agency_id if alias else None,
            first_norm=first_norm, last_norm=last_norm, first_key=first_key, last_key=last_key, last_prefix=prefix,
        )
        row.searched = searched
        rows.append(row)
    return rows


def save_name_keys(rows: list[NameKey]) -> None:
    """Store name keys and the surname variants that let a search with a typing slip meet them."""
    NameKey.objects.bulk_create(rows)
    NameVariant.objects.bulk_create([
        NameVariant(name_key_id=row.pk, variant=variant, first_initial=row.first_norm[:1])
        for row in rows for variant in sorted(names.deletion_variants(row.searched))
    ])


def refresh_name_keys(nominal: Nominal) -> None:
    NameKey.objects.filter(nominal=nominal).delete()
    rows = name_key_rows(nominal.pk, nominal.first_name, nominal.last_name)
    for alias in nominal.alias_set.all():
        rows += name_key_rows(nominal.pk, alias.first_name, alias.last_name, alias)
    save_name_keys(rows)


def log_change(nominal, actor, summary: str) -> None:
    """Changes to the record appear in its activity log too, so the log tells the whole story."""
    Activity.objects.create(
        nominal=nominal, kind=Activity.Kind.CHANGE, occurred_at=timezone.now(), summary=summary[:200],
        agency_id=actor.agency_id, created_by=actor,
    )



@transaction.atomic
def new_nominal(*, actor, data: dict, manager=None) -> Nominal:
    """The person `actor` would add, checked but not saved: refused as create_nominal would refuse it."""
    if not policy.may_create_nominal(actor):
        raise PermissionDenied("Only practitioners and supervisors in a team can create records.")
    refuse_unknown(data, NOMINAL_FIELDS + ("photo",))
    nominal = Nominal(**data, team_id=actor.team_id, manager=manager, created_by=actor)
    nominal.full_clean()
    return nominal


def create_nominal(*, actor, data: dict, manager=None, reason: str = "", details: dict | None = None) -> Nominal:
    """Add a person. The pages and the API add through duplicate_services.add_nominal, which checks first that
    the person is not already on the register; `reason` and `details` record what that check found."""
    nominal = new_nominal(actor=actor, data=data, manager=manager)
    nominal.save()
    refresh_name_keys(nominal)
    record(actor, Action.CREATE, nominal, nominal=nominal, reason=reason, details=details,
           changes=diff({}, snapshot(nominal, [*data.keys(), "team", "manager"])))
    log_change(nominal, actor, f"Record created by {actor.display_name}"
         + (f", managed by {manager.display_name}" if manager else f", held by {nominal.team} (unallocated)"))
    return nominal


@transaction.atomic
def update_nominal(*, actor, nominal: Nominal, data: dict, version: int) -> Nominal:
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    refuse_unknown(data, NOMINAL_FIELDS + ("photo",))
    before = snapshot(nominal, data.keys())
    for field, value in data.items():
        setattr(nominal, field, value)
    nominal.full_clean()
    changes = diff(before, snapshot(nominal, data.keys()))
    if not changes:
        if nominal.version != version:
            raise StaleEdit(nominal)
        return nominal
    save_if_current(nominal, version, list(data.keys()))
    if {"first_name", "last_name"} & changes.keys():
        refresh_name_keys(nominal)
    record(actor, Action.UPDATE, nominal, nominal=nominal, changes=changes)
    return nominal


SKILLS_REASON = "skills_reason"


def skills_check(actor, nominals, manager, reason: str = "", on=None) -> dict:
    """Allocation by skills (inspection 2010 F-152, ¶10.2): the training the new manager lacks for these cases
    (extensions.allocation_warnings) is a warning, not a bar. With none, {}. With some and no reason, refused in
    words that name the training, so the form (or the API's 400) shows it before anything changes; with a reason,
    the audit details to keep: {"reason": ..., "details": {"lacking_training": [...]}}."""
    nominals = list(nominals)
    if manager is None or not nominals:
        return {}
    lacking = extensions.allocation_warnings(actor, nominals, manager, on or timezone.localdate())
    if not lacking:
        return {}
    names = list(dict.fromkeys(w for found in lacking.values() for w in found))
    if not (reason or "").strip():
        which = "this case needs" if len(nominals) == 1 else f"{len(lacking)} of the {len(nominals)} cases need"
        raise ValidationError({SKILLS_REASON: ValidationError(
            f"{manager.display_name} has no training in force in {', '.join(names)}, which {which}. To go ahead "
            "all the same, say why", code="lacks_training")})
    return {"reason": reason.strip(), "details": {"lacking_training": names, "manager": manager.pk}}


CHOOSE_MANAGER = "Choose an active practitioner or supervisor of the team that holds the record"


@transaction.atomic
def allocate(*, actor, nominal: Nominal, manager, version: int, skills_reason: str = "") -> Nominal:
    """Name the manager (a practitioner or supervisor of the record's team), or None to leave it with the team. A
    manager who lacks training the case needs is warned of (skills_check) and allocated only with a reason, kept on
    the audit row."""
    nominal = policy.get_nominal(actor, nominal.pk, policy.READ)
    if not policy.may_allocate(actor, nominal):
        raise PermissionDenied("Only a supervisor of the team or the current manager can allocate this record.")
    if manager is not None and (manager.team_id != nominal.team_id or not manager.is_active
                                or manager.role not in policy.TEAM_ROLES):
        raise ValidationError({"manager": CHOOSE_MANAGER})
    if nominal.version != version:
        raise StaleEdit(nominal)
    skills = skills_check(actor, [nominal], manager, skills_reason) if manager and manager.pk != nominal.manager_id else {}
    before = {"manager": nominal.manager}
    nominal.manager = manager
    save_if_current(nominal, version, ["manager"])
    record(actor, Action.UPDATE, nominal, nominal=nominal, changes=diff(before, {"manager": manager}), **skills)
    log_change(nominal, actor, f"Allocated to {manager.display_name}" if manager else "Unallocated: held by the team")
    if manager and manager != actor:
        Notification.objects.create(
            recipient=manager, nominal=nominal, kind="allocated", message=f"{nominal.full_name} has been allocated to you."
        )
    return nominal


CHOSEN_BY = "the record's manager, a supervisor of its team or the area's MAPPA co-ordinator"


@transaction.atomic
def add_partner(*, actor, nominal: Nominal, user, reason: str = "") -> Partner:
    nominal = policy.get_nominal(actor, nominal.pk, policy.READ)
    if not policy.may_choose_partners(actor, nominal):
        raise PermissionDenied(f"Partners are chosen by {CHOSEN_BY}. Ask one of them to add a partner.")
    if not user.is_active or user.role not in policy.WRITING_ROLES | {"partner_readonly"}:
        raise ValidationError({"user": "Choose an active practitioner to add as a partner"})
    if user.pk == nominal.manager_id:
        raise ValidationError({"user": "The manager is already responsible for this record"})
    if Partner.objects.filter(nominal=nominal, user=user, ended_at__isnull=True).exists():
        raise ValidationError({"user": f"{user.display_name} is already a partner on this record"})
    partner = Partner.objects.create(nominal=nominal, user=user, reason=reason, added_by=actor)
    record(actor, Action.CREATE, partner, nominal=nominal, label=f"Partner {user.display_name}",
           changes={"partner": [None, user.display_name]}, details={"reason": reason})
    log_change(nominal, actor, f"{user.display_name} ({user.agency}) added as a partner")
    return partner


@transaction.atomic
def end_partner(*, actor, partner: Partner) -> Partner:
    """Ended by those who choose partners, or by the partner themselves (leaving takes nothing from anyone)."""
    nominal = policy.get_nominal(actor, partner.nominal_id, policy.READ)
    if partner.user_id != actor.pk and not policy.may_choose_partners(actor, nominal):
        raise PermissionDenied(f"You can end only your own partnership. To end someone else's, ask {CHOSEN_BY}.")
    if partner.ended_at:
        raise ValidationError({"partner": "This partnership has already ended"})
    partner.ended_at = timezone.now()
    partner.save(update_fields=["ended_at"])
    record(actor, Action.UPDATE, partner, nominal=partner.nominal, label=f"Partner {partner.user.display_name}",
           changes={"partner": [partner.user.display_name, None]})
    log_change(partner.nominal, actor, f"{partner.user.display_name} is no longer a partner")
    return partner


def _reader_checks(actor, item) -> None:
    """The rules that read other records and items read only what the actor may see, so that a refusal
    never tells them of something they may not see, let alone names it."""
    for field in ("other_nominal", "linked_nominal"):
        linked_id = getattr(item, f"{field}_id", None)
        if linked_id and not policy.nominals_for(actor).filter(pk=linked_id).exists():
            raise ValidationError({field: "Choose a record you have access to"})
    visible_addresses = policy.items_for(actor, Address, nominal=item.nominal)
    if isinstance(item, Occupant) and not visible_addresses.filter(pk=item.address_id).exists():
        raise ValidationError({"address": "Choose one of this person's addresses"})
    if isinstance(item, Address):
        # One current home at a time, among those the actor may see: a home only the police may see neither
        # refuses nor is named to anyone else (those who see both see both, and can put it right).
        others = (visible_addresses.filter(status=Address.Status.CURRENT).exclude(kind=Address.Kind.WORK)
                  .exclude(pk=item.pk))
        rules.raise_if(rules.second_current_home_errors(item.is_current_home, [str(a) for a in others[:1]]))
    if isinstance(item, Identifier):
        _check_identifier(actor, item)


class HiddenDuplicate(ValidationError):
    """An identifier the register already holds where the actor may not see it (restricted on this very
    record, or on a record they do not reach, in this area or another): refused in words that are the same
    wherever it is, and reported to the people answerable for it (see _reporting_hidden_duplicates)."""

    def __init__(self, item, clash):
        super().__init__({"value": (
            f"This {item.get_kind_display()} is already on the register, where you cannot see it. Check it; if it is "
            "right, ask your MAPPA co-ordinator. Your attempt is recorded so that it can be put right")})
        self.item, self.clash = item, clash


def _check_identifier(actor, item) -> None:
    """The register holds each number once. A holder the actor may see is named; any other is not."""
    clash = (Identifier.objects.filter(kind=item.kind, normalised=item.normalised).exclude(pk=item.pk)
             .select_related("nominal").first())
    if clash is None:
        return
    label = item.get_kind_display()
    if not policy.items_for(actor, Identifier).filter(pk=clash.pk).exists():
        raise HiddenDuplicate(item, clash)
    if clash.nominal_id == item.nominal.pk:
        raise ValidationError({"value": f"This {label} is already recorded for this person"})
    raise ValidationError({"value": f"This {label} is already on the record of {clash.nominal.full_name} "
                                    f"(record {clash.nominal_id}). If this is the same person, record what you know there"})


@contextmanager
def _reporting_hidden_duplicates(actor):
    """A refusal because of a hidden identifier is kept on the audit log, and the people answerable for that
    identifier (its record's manager, the team's supervisors and the area's MAPPA co-ordinators, each only if
    they may see it) are told who tried, so they can put it right. Both are written after the refused change
    is rolled back, so they stand."""
    try:
        yield
    except HiddenDuplicate as refused:
        with transaction.atomic():
            _report_hidden_duplicate(actor, refused.item, refused.clash)
        raise


def _report_hidden_duplicate(actor, item, clash) -> None:
    # Not on the record's own access log: its readers would learn from a refusal there that the number is held.
    record(actor, Action.REFUSED, None, details={"field": "value", "kind": item.kind, "record": item.nominal.pk,
                                                 "why": "the number is held where the user may not see it"})
    holder = clash.nominal
    answerable = User.objects.filter(is_active=True).filter(
        Q(pk=holder.manager_id) | Q(role=Role.SUPERVISOR, team_id=holder.team_id)
        | Q(role=Role.COORDINATOR, team__area_id=holder.team.area_id)).exclude(pk=actor.pk)
    message = (f"{actor.display_name} ({actor.agency}) tried to add the {clash.get_kind_display()} {clash.value}, which is "
               f"on {holder.full_name}'s record, and was refused. Contact them to check whether it is the same person.")
    Notification.objects.bulk_create([
        Notification(recipient=user, nominal=holder, kind="duplicate_identifier", message=message[:500])
        for user in answerable if policy.items_for(user, Identifier).filter(pk=clash.pk).exists()
    ])


def is_system_entry(item) -> bool:
    """Entries the system writes itself: the activity log's "Record change" lines (see log_change)."""
    return isinstance(item, Activity) and item.kind == Activity.Kind.CHANGE


def refuse_system_entry(item) -> None:
    """A system entry stands as written, whatever the route (page, API or service)."""
    if is_system_entry(item):
        raise PermissionDenied("This entry was written by the system when the record changed, so no one can change it. "
                               "If something in it needs correcting, add a case note that says so.")


def _refuse_system_kinds(data: dict, kind: ItemKind) -> None:
    if kind.model is Activity and data.get("kind") == Activity.Kind.CHANGE:
        raise ValidationError({"kind": "Record changes are written by the system when a record changes. Choose another type"})


def create_item(*, actor, nominal: Nominal, kind: ItemKind, data: dict):
    from mappa.victims.services import refusals_recorded

    with refusals_recorded(), _reporting_hidden_duplicates(actor):
        return _create_item(actor=actor, nominal=nominal, kind=kind, data=data)


def _split_urgent(kind: ItemKind, data: dict) -> tuple[dict, str]:
    """An address is sent with the reason it is urgent when it cannot wait for the victim liaison officer's input."""
    from mappa.victims import services as victims

    return victims.with_urgent_reason(data) if kind.model is Address else (data, "")


def _victims_input(actor, item, *, created: bool, changed, urgent: str) -> str:
    """An address where the person lives or will live needs the victim liaison officer's input first on a record
    with a victim in statutory contact, or a reason it is urgent. Returns the reason it goes ahead on, if any."""
    from mappa.victims import rules as victim_rules
    from mappa.victims import services as victims

    if not isinstance(item, Address):
        return ""
    if not victim_rules.address_needs_input(kind=item.kind, status=item.status, created=created, changed=changed):
        return ""
    what = f"{item.get_status_display().lower()} address {'recorded' if created else 'changed'}"
    return victims.require_liaison_input(actor, item.nominal, urgent_reason=urgent, what=what, about=item)


def _after_urgent(actor, item, reason: str) -> None:
    from mappa.victims import services as victims

    if reason:
        victims.record_urgent_change(actor, item.nominal, item, reason=reason,
                                     what=f"{item.get_status_display().lower()} address recorded")


@transaction.atomic
def _create_item(*, actor, nominal: Nominal, kind: ItemKind, data: dict):
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    data, urgent = _split_urgent(kind, data)
    refuse_unknown(data, kind.fields)
    _refuse_system_kinds(data, kind)
    item = kind.model(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor)
    item.full_clean()
    _reader_checks(actor, item)
    reason = _victims_input(actor, item, created=True, changed=data.keys(), urgent=urgent)
    item.save()
    if isinstance(item, Alias):
        save_name_keys(name_key_rows(nominal.pk, item.first_name, item.last_name, item))
    changes = diff({}, snapshot(item, data.keys()))
    record(actor, Action.CREATE, item, nominal=nominal, changes=changes)
    _raise_event(actor, item, created=True, changes=changes)
    _after_urgent(actor, item, reason)
    return item


def update_item(*, actor, item, data: dict, version: int):
    from mappa.victims.services import refusals_recorded

    with refusals_recorded(), _reporting_hidden_duplicates(actor):
        return _update_item(actor=actor, item=item, data=data, version=version)


@transaction.atomic
def _update_item(*, actor, item, data: dict, version: int):
    kind = BY_MODEL[type(item)]
    item = policy.get_item(actor, kind.model, item.pk, policy.WRITE)
    refuse_system_entry(item)  # as stored, whatever the change asks for
    data, urgent = _split_urgent(kind, data)
    refuse_unknown(data, kind.fields)
    _refuse_system_kinds(data, kind)
    data = policy.with_handling_change(actor, item, data)
    before = snapshot(item, data.keys())
    for field, value in data.items():
        setattr(item, field, value)
    item.full_clean()
    _reader_checks(actor, item)
    changes = diff(before, snapshot(item, data.keys()))
    if item.version != version:
        raise StaleEdit(type(item).objects.get(pk=item.pk))
    if not changes:
        return item
    reason = _victims_input(actor, item, created=False, changed=changes.keys(), urgent=urgent)
    save_if_current(item, version, list(data.keys()) + (["normalised"] if hasattr(item, "normalised") else []))
    if isinstance(item, Alias):
        refresh_name_keys(item.nominal)
    record(actor, Action.UPDATE, item, nominal=item.nominal, changes=changes)
    if "handling" in changes:
        events.follow_handling(actor, item)
    _raise_event(actor, item, created=False, changes=changes)
    _after_urgent(actor, item, reason)
    return item


def _raise_event(actor, item, *, created: bool, changes: dict) -> None:
    found = events.event_for_item(item, created, changes)
    if found:
        kind, summary = found
        events.record_significant_event(actor=actor, nominal=item.nominal, kind=kind, summary=summary, source=item)


def record_view(actor, nominal: Nominal, obj=None, *, what: str = "") -> None:
    """Audit a read of a case page or item, with the emergency-access reason when there is one."""
    record(actor, Action.VIEW, obj if obj is not None else nominal, nominal=nominal,
           reason=policy.break_glass_reason(actor, nominal), details={"what": what} if what else None)


def record_views(actor, nominal: Nominal, objs, *, what: str = "") -> None:
    """Audit a read of several items of a case shown together: one row each, as record_view would write them,
    written in a fixed number of statements however many there are."""
    record_many(actor, Action.VIEW, list(objs), nominal=nominal, reason=policy.break_glass_reason(actor, nominal),
                details={"what": what} if what else None)


def age_today(nominal: Nominal) -> int | None:
    return nominal.age_on(timezone.localdate())
