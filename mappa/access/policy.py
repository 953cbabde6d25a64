"""Who may see and change what. The one place that decides it.

Every page, API call, search, export and report reads case data through these querysets.
Record-level rules decide which nominals a user reaches; item-level rules then narrow the
items with a handling category (victim, intelligence, health) to the agencies allowed them.
"""
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Now
from django.http import Http404
from django.utils import timezone

from mappa.accounts.models import AgencyKind, Role, Team
from mappa.core.lookups import Many
from mappa.core.lru import Lru
from mappa.core.markings import Handling

READ = "read"
WRITE = "write"
EXPORT = "export"
ACTIONS = (READ, WRITE, EXPORT)

# Agencies (by kind) that may see items with a handling category, besides the agency that
# recorded the item. Nobody else sees them, whatever their access to the record.
HANDLING_AGENCIES = {
    Handling.VICTIM: {AgencyKind.POLICE, AgencyKind.PROBATION, AgencyKind.VICTIM_SERVICES},
    Handling.INTELLIGENCE: {AgencyKind.POLICE},
    Handling.HEALTH: {AgencyKind.HEALTH},
}

# Roles whose own team's records are theirs to work on.
TEAM_ROLES = {Role.PRACTITIONER, Role.SUPERVISOR}
# Roles that may change records they reach (the read-only roles never can).
WRITING_ROLES = {Role.PRACTITIONER, Role.SUPERVISOR, Role.COORDINATOR}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None))


def _partner_of(user, ref: str = "pk"):
    from mappa.nominals.models import Partner

    return Exists(Partner.objects.filter(nominal=OuterRef(ref), user=user, ended_at__isnull=True))


def _break_glass(user):
    from mappa.access.models import BreakGlassGrant

    return Exists(
        BreakGlassGrant.objects.filter(nominal=OuterRef("pk"), user=user, expires_at__gt=timezone.now())
    )


def _running_covers():
    """The covers that run now, by the database's clock (so a scope built once, and kept, still ends a cover on its
    end date: Cover.ends_at is the start of the day after it)."""
    from mappa.nominals.models import Cover

    return Cover.objects.filter(starts_at__lte=Now(), ends_at__gt=Now())


def _covers_now(user):
    """The covers `user` gives that run now."""
    return _running_covers().filter(covering=user)


def covers_running(user_ids) -> list[int]:
    """The ids of the covers that run now in which any of `user_ids` covers or is covered (what a stored work list
    rests on: core.work_store)."""
    return list(_running_covers().filter(Q(covering_id__in=user_ids) | Q(absent_id__in=user_ids))
                .order_by("pk").values_list("pk", flat=True))


def _incoming(user):
    """Transfers waiting for an answer from the user's team."""
    from mappa.nominals.models import CaseTransfer

    return CaseTransfer.objects.filter(to_team_id=user.team_id, status=CaseTransfer.Status.PENDING)


# The grounds on which a user reaches a record. nominal_scope turns them into a query condition and
# _holds tests them on a record already read, so both always apply the same rule.
MANAGER, PARTNER, TEAM, AREA, GRANT = "manager", "partner", "team", "area", "emergency access"
# Covering for an absent manager reaches their cases as the manager does, for the cover's dates only; a supervisor
# of a team asked to take a case reads it (never changes it) until the transfer is answered.
COVER, RECEIVING = "cover", "receiving"


def grounds(user, action: str = READ) -> tuple[str, ...]:
    """What gives `user` the right to `action` a record: being its manager, its partner, in its team or
    its area, or holding emergency access to it. Empty: no record at all."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if not _active(user) or user.role == Role.ADMIN:
        return ()
    if user.role == Role.EMERGENCY:
        return (GRANT,) if action == READ else ()
    if action == WRITE and user.role not in WRITING_ROLES:
        return ()
    found = [MANAGER, PARTNER]
    if user.role in TEAM_ROLES and user.team_id:
        found.append(TEAM)
    if user.role in TEAM_ROLES:
        found.append(COVER)
    if user.role == Role.SUPERVISOR and user.team_id and action == READ:
        found.append(RECEIVING)
    if user.role == Role.COORDINATOR and user.team_id and action != WRITE:
        found.append(AREA)
    return tuple(found)


def _condition(user, ground: str) -> Q:
    if ground == MANAGER:
        return Q(manager=user)
    if ground == PARTNER:
        return Q(_partner_of(user))
    if ground == TEAM:
        return Q(team_id=user.team_id)
    if ground == AREA:
        # The area's teams as a subquery (hashed once), not a join to every record's team.
        return Q(team_id__in=Team.objects.filter(area_id=user.team.area_id).values("pk"))
    if ground == COVER:
        return Q(manager_id__in=_covers_now(user).values("absent_id"))
    if ground == RECEIVING:
        return Q(pk__in=_incoming(user).values("nominal_id"))
    return Q(_break_glass(user))


def _holds(user, nominal, ground: str) -> bool:
    """The ground on a nominal read by get_nominal (which reads is_partner and has_grant with it)."""
    if ground == MANAGER:
        return nominal.manager_id == user.pk
    if ground == PARTNER:
        return nominal.is_partner
    if ground == TEAM:
        return nominal.team_id == user.team_id
    if ground == AREA:
        return nominal.team.area_id == user.team.area_id
    if ground == COVER:
        return nominal.is_covered
    if ground == RECEIVING:
        return nominal.is_incoming
    return nominal.has_grant


def nominal_scope(user, action: str = READ) -> Q | None:
    """The condition a nominal must meet for `user` to `action` it; None means nothing."""
    found = grounds(user, action)
    if not found:
        return None
    scope = Q()
    for ground in found:
        scope |= _condition(user, ground)
    return scope


def scope_key(user) -> tuple | None:
    """Everything nominal_scope and handling_scope read of `user`: a statement built for one user serves
    any other with the same key (core.prepared). None when it must be built each time: for nobody, or
    when the scope reads the clock (emergency access expires)."""
    if not _active(user) or any(GRANT in grounds(user, action) for action in ACTIONS):
        return None
    return (user.pk, user.role, user.team_id, user.team.area_id if user.team_id else None,
            user.agency_id, user.agency.kind if user.agency_id else None)


# Unevaluated querysets of nominals_for, one for each scope_key and action. Building one (the grounds'
# conditions and their subqueries) costs 0.6-1 ms, and a page asks for it several times; `make bench`
# times the pages with and without this (REUSE_SCOPES) side by side. Each caller gets a fresh copy
# (QuerySet.all()), so nothing a caller does reaches the kept one, and the key holds everything the
# scope reads of the user, so two users share a queryset only when their scope is the same.
_SCOPES = Lru(4096)
REUSE_SCOPES = True


# Within narrowed_to (a page about one person asking what the work lists hold for them), every record read through
# nominals_for is that one person's, if the user reaches them at all: the work lists then read one case, not the
# user's whole caseload, to be filtered to it afterwards. It only ever narrows what a user reaches. A stored work list
# (core.work_store) narrows to the few cases changed since it was worked out: then a tuple of ids.
_NARROWED: ContextVar[int | tuple[int, ...] | None] = ContextVar("narrowed_to", default=None)


@contextmanager
def narrowed_to(nominal_pk: int | Iterable[int]) -> Iterator[None]:
    token = _NARROWED.set(nominal_pk if isinstance(nominal_pk, int) else tuple(sorted(set(nominal_pk))))
    try:
        yield
    finally:
        _NARROWED.reset(token)


def narrowing() -> int | tuple[int, ...] | None:
    """The case (or cases) an open narrowed_to block keeps reads to, or None."""
    return _NARROWED.get()


def nominals_for(user, action: str = READ) -> QuerySet:
    key = scope_key(user)
    if key is None or not REUSE_SCOPES:
        found = _nominals_for(user, action)
    else:
        found = _SCOPES.get_or_make((key, action), lambda: _nominals_for(user, action)).all()
    return _narrowed(found, "pk")


# The SQL of each scope as a subquery of record ids (reached), for each scope_key, action and narrowing: compiling
# the scope's conditions into every statement that reads items through it cost 0.6-0.7 ms a statement, and a home
# page has twenty such statements. The SQL holds nothing of the user that scope_key does not, and the clock only as
# the database's own (covers end by Now()); emergency access, which reads the time here, has no key. Kept and reused
# under REUSE_SCOPES, as the querysets above.
_SCOPE_SQL = Lru(4096)


def reached(user, action: str = READ):
    """The ids of the records `user` may `action` (nominals_for), as a subquery for `nominal__in=`."""
    key = scope_key(user)
    if key is None or not REUSE_SCOPES or not grounds(user, action) or isinstance(_NARROWED.get(), tuple):
        # No grounds: nothing, as the ORM says it. Narrowed to several cases: a set seldom asked twice, not kept.
        return nominals_for(user, action).values("pk")
    sql, params = _SCOPE_SQL.get_or_make((key, action, _NARROWED.get()), lambda: (
        nominals_for(user, action).values("pk").order_by().query.sql_with_params()))
    return RawSQL(sql, params)


def _narrowed(rows: QuerySet, ref: str) -> QuerySet:
    """`rows` kept to the one person of narrowed_to (`ref` names their record), if a block of it is open."""
    narrowed = _NARROWED.get()
    if narrowed is None:
        return rows
    return rows.filter(**{ref: narrowed}) if isinstance(narrowed, int) else rows.filter(**{f"{ref}__in": narrowed})


def _nominals_for(user, action: str) -> QuerySet:
    from mappa.nominals.models import Nominal

    scope = nominal_scope(user, action)
    if scope is None:
        return Nominal.objects.none()
    # A record merged into another holds nothing any more: its old id leads to the survivor (survivor_for).
    return Nominal.objects.filter(scope, merged_into__isnull=True)


def reached_ids(user, action: str = READ) -> set[int]:
    """The ids of the records `user` may `action`: nominals_for, read ground by ground, each from its own index, and
    put together in one statement. Asked as nominals_for's one condition with OR and subqueries, PostgreSQL reads the
    whole register to answer it (40 ms among 250,000 records), which a statement reading other rows through it (items
    of the records, `reached`) never has it do."""
    from mappa.nominals.models import Nominal

    found = grounds(user, action)
    if not found:
        return set()
    parts = [_narrowed(Nominal.objects.filter(_indexed_condition(user, g), merged_into__isnull=True), "pk")
             .values_list("pk", flat=True).order_by() for g in found]
    return set(parts[0].union(*parts[1:]).order_by() if len(parts) > 1 else parts[0])


def _indexed_condition(user, ground: str) -> Q:
    """_condition, with the partner ground as the partner rows' record ids rather than a test of each record (the
    same records)."""
    return Q(pk__in=_partner_ids(user)) if ground == PARTNER else _condition(user, ground)


def survivor_for(user, pk) -> int | None:
    """The id of the record that the record `pk` was merged into, when `user` may see it; otherwise None, so a
    merged-away id says nothing to a reader who may not see where it leads."""
    from mappa.nominals.models import Nominal

    target = Nominal.objects.filter(pk=record_id(pk), merged_into__isnull=False).values_list("merged_into_id", flat=True).first()
    if target is None or not nominals_for(user).filter(pk=target).exists():
        return None
    return target


def with_merged(nominal, ref: str = "nominal") -> Q:
    """Rows of `nominal` and of the records merged into it (their audit rows stay where they were written),
    as a condition on rows whose `ref` is a record. A merge leads every earlier merge on to the survivor, so
    one level is all there is. The merged records' ids are read first (one small query), so the condition is a
    plain list that the audit table's index on the record serves; an OR with a subquery made PostgreSQL read
    every row of every month (a second for a case's access log among two million audit rows)."""
    from mappa.nominals.models import Nominal

    merged = list(Nominal.objects.filter(merged_into=nominal).values_list("pk", flat=True))
    return Q(**{f"{ref}_id__in": [nominal.pk, *merged]}) if merged else Q(**{ref: nominal})


def get_nominal(user, pk, action: str = READ):
    """The nominal, or 404 if the user may not reach it (so ids do not reveal what exists).

    The same row says on which grounds the user reaches it, so `can` for this user and this nominal
    needs no query of its own while the page is built."""
    pk = record_id(pk)
    wanted = {ground for a in ACTIONS for ground in grounds(user, a)}
    read = {"is_partner": _partner_of(user)} if PARTNER in wanted else {}
    if GRANT in wanted:
        read["has_grant"] = _break_glass(user)
    if COVER in wanted:
        read["is_covered"] = Exists(_covers_now(user).filter(absent_id=OuterRef("manager_id")))
    if RECEIVING in wanted:
        read["is_incoming"] = Exists(_incoming(user).filter(nominal_id=OuterRef("pk")))
    found = list(nominals_for(user, action).select_related("team__agency", "manager__agency")
                 .annotate(**read).filter(pk=pk).order_by()[:1])
    nominal = found[0] if found else None
    if nominal is None:
        if action != READ and nominals_for(user, READ).filter(pk=pk).exists():
            verb = "download or export" if action == EXPORT else "change"
            raise PermissionDenied(f"You can see this record but not {verb} it.")
        raise Http404("No such record")
    nominal.abilities = (user.pk, {a: any(_holds(user, nominal, g) for g in grounds(user, a)) for a in ACTIONS})
    return nominal


def reachable(user, ref: str) -> Subquery:
    """The record id in `ref` (an outer query's column) when the user reaches that record, else NULL: for
    `items_for(user, model, nominal=reachable(user, "nominal_id"))`, which applies exactly the scope of
    nominals_for, one outer row at a time.

    A correlated scalar subquery on purpose: PostgreSQL turns `nominal__in=nominals_for(user)` (IN or
    EXISTS) into a semi-join, and for a wide scope (a co-ordinator's whole area) builds the entire scope
    first, scanning every nominal (150-250 ms at 250,000 records) even when a search matches only a few
    thousand name keys. A scalar subquery is never turned into a join: each row costs one key probe."""
    return Subquery(nominals_for(user).filter(pk=OuterRef(ref)).order_by().values("pk")[:1])


def can(user, action: str, nominal) -> bool:
    known = getattr(nominal, "abilities", None)
    if known is not None and known[0] == user.pk and action in known[1]:
        return known[1][action]
    return nominals_for(user, action).filter(pk=nominal.pk).exists()


def handling_scope(user) -> Q:
    """Items a user may see on a record they reach: unrestricted ones, their own agency's,
    and restricted ones whose category their agency is allowed."""
    if not _active(user) or not user.agency_id:
        return Q(handling=Handling.NONE)
    allowed = [h for h, kinds in HANDLING_AGENCIES.items() if user.agency.kind in kinds]
    return Q(handling=Handling.NONE) | Q(handling__in=allowed) | Q(agency_id=user.agency_id)


def may_see_item(user, item) -> bool:
    """handling_scope for one item already read (of a record the user reaches)."""
    return may_see(user, item.handling, item.agency_id)


def may_see(user, handling: str, agency_id) -> bool:
    """handling_scope for an item's handling and recording agency, read as plain values."""
    if not handling:
        return True
    if not _active(user) or not user.agency_id:
        return False
    return agency_id == user.agency_id or user.agency.kind in HANDLING_AGENCIES.get(handling, set())


def may_show(handling: str, agency_id, shown_handling: str, shown_agency_id) -> bool:
    """Whether an item restricted as `handling` (recorded by `agency_id`) may show what an item restricted as
    `shown_handling` (recorded by `shown_agency_id`) holds: whether everyone who may see the first may see the
    second. (A change to an unrestricted item may not name the restricted address it points at.)"""
    if not shown_handling:
        return True
    if not handling or not HANDLING_AGENCIES.get(handling, set()) <= HANDLING_AGENCIES.get(shown_handling, set()):
        return False
    if agency_id == shown_agency_id:
        return True
    from mappa.accounts.models import Agency

    kind = Agency.objects.filter(pk=agency_id).values_list("kind", flat=True).first()
    return kind in HANDLING_AGENCIES.get(shown_handling, set())


def handling_change_refusal(user, item, handling: str) -> str:
    """Why `user` may not change the handling of `item` (as stored) to `handling`; "" when they may.

    Lowering a restriction (lifting it, or switching it to another category, which agencies that may not
    see the item now would then see) is for the agency that set it. Raising one is for anyone who could
    still see the item afterwards: a partner cannot hide an item from the police behind "health" unless
    theirs is a health agency (or recorded the item)."""
    old, new = item.handling or "", handling or ""
    if new == old:
        return ""
    if not _active(user) or not user.agency_id:
        return "Only a member of an agency can change who may see this"
    setter = item.handling_set_by_id or item.agency_id
    if old and setter != user.agency_id:
        from mappa.accounts.models import Agency

        name = Agency.objects.filter(pk=setter).values_list("name", flat=True).first() or "the agency that set it"
        return f"Only {name} can lift or change this restriction, because they set it. Ask them if it should change"
    if new and not may_see(user, new, item.agency_id):
        return f"Your agency may not see {Handling(new).label.lower()}, so you cannot restrict this to it"
    return ""


def with_handling_change(user, item, data: dict) -> dict:
    """The `data` of a change to `item`, checked by handling_change_refusal before any of it is applied.
    Every service that lets handling change passes its data through here: a change of handling the user
    may not make is refused; one they may make names their agency as the one that set it
    (`handling_set_by`), which the change, and so the history, records beside the old and new handling."""
    if "handling" not in data or (data["handling"] or "") == (item.handling or ""):
        return data
    refusal = handling_change_refusal(user, item, data["handling"])
    if refusal:
        raise ValidationError({"handling": refusal})
    return {**data, "handling_set_by": user.agency}


def items_for(user, model, action: str = READ, nominal=None) -> QuerySet:
    """Items of `model` the user may `action`: on nominals they reach, within handling rules (a model with no
    handling of its own, such as the plan, has only the record's rule). Pass `nominal` when it has already
    been checked through get_nominal (or an OuterRef to one, in a subquery of records already scoped)."""
    record = Q(nominal=nominal) if nominal is not None else Q(nominal__in=reached(user, action))
    if not _has_handling(model):
        return model.objects.filter(record)
    return model.objects.filter(record & handling_scope(user))


def _reaches_whole_area(user, area_id) -> bool:
    return AREA in grounds(user, READ) and user.team.area_id == area_id


def nominals_in_area(user, area_id) -> QuerySet:
    """The records held by the area's teams that `user` may read. For a co-ordinator of the area that is every one
    of them (the area ground), so the query says just that and carries no manager or partner conditions, which
    an area-wide count would otherwise test on every row."""
    from mappa.nominals.models import Nominal

    if _reaches_whole_area(user, area_id):
        return _narrowed(Nominal.objects.filter(team__area_id=area_id, merged_into__isnull=True), "pk")  # as nominals_for
    return nominals_for(user).filter(team__area_id=area_id)


def items_in_area(user, model, area_id) -> QuerySet:
    """Items of `model` on the records of nominals_in_area, within the handling rules (as items_for)."""
    if not _reaches_whole_area(user, area_id):
        return items_for(user, model).filter(nominal__team__area_id=area_id)
    items = _narrowed(model.objects.filter(nominal__team__area_id=area_id, nominal__merged_into__isnull=True), "nominal_id")
    return items.filter(handling_scope(user)) if _has_handling(model) else items


def items_on(reader, model, nominal_ids) -> QuerySet:
    """Items of `model` on the records `nominal_ids` that `reader` may see by the item rules, for facts over
    a caseload: the ids come from a read through nominals_for (the work list's, the page's). A reader of
    None stands for anyone who reaches those records: unrestricted items only."""
    return model.objects.filter(nominal_id__any=Many(nominal_ids)).filter(handling_scope(reader))


def rule_items_on(model, nominal_ids) -> QuerySet:
    """Every item of `model` on the records `nominal_ids`, whatever its handling, for a rule that must weigh them
    all (as items_for_rules), over a caseload: the ids come from a read through nominals_for (the work list's, the
    page's), so the records' scope is not asked again. The caller shows only what may_see_item allows of them."""
    return model.objects.filter(nominal_id__any=Many(nominal_ids))


def items_for_rules(user, model, nominal=None) -> QuerySet:
    """Every item of `model` on a record the user reaches (one read by get_nominal, or all of them),
    whatever its handling, for a rule that must weigh them all: a plan's gap is covered by an item the
    reader may not see, and a review falls due from the last one held. The caller shows only what
    may_see_item allows of them."""
    if nominal is None:
        return model.objects.filter(nominal__in=reached(user))
    if not can(user, READ, nominal):
        return model.objects.none()
    return model.objects.filter(nominal=nominal)


def _has_handling(model) -> bool:
    return any(f.name == "handling" for f in model._meta.concrete_fields)


# Record ids are 64-bit: a larger number names no record (and would fail in the database).
ID_LIMIT = 2**63


def record_id(pk) -> int:
    """`pk` as a record id, or 404: an id that is not a whole number, or is too large for any record,
    names nothing (rather than failing in the database)."""
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such record") from None
    if not 0 < value < ID_LIMIT:
        raise Http404("No such record")
    return value


def get_item(user, model, pk, action: str = READ):
    pk = record_id(pk)
    item = items_for(user, model, READ).filter(pk=pk).select_related("nominal").first()
    if item is None:
        raise Http404("No such item")
    if action != READ and not can(user, action, item.nominal):
        raise PermissionDenied("You can see this item but not change it.")
    return item


def get_item_on(user, nominal, model, pk, action: str = READ):
    """An item of `nominal` (a record read by get_nominal), as get_item reads it: another record's is not found."""
    item = get_item(user, model, pk, action)
    if item.nominal_id != nominal.pk:
        raise Http404("No such item")
    return item


def may_view_access_log(user, nominal) -> bool:
    """Managers see who has viewed their cases; so do supervisors of the record's team."""
    if not _active(user):
        return False
    if nominal.manager_id == user.pk:
        return True
    return user.role == Role.SUPERVISOR and user.team_id == nominal.team_id


def access_log_scope(user, prefix: str = "") -> Q | None:
    """may_view_access_log as a condition on nominals (`prefix` leads to the nominal, e.g. "nominal__"),
    or None when the user may see no record's access log."""
    if not _active(user):
        return None
    scope = Q(**{f"{prefix}manager_id": user.pk})
    if user.role == Role.SUPERVISOR and user.team_id:
        scope |= Q(**{f"{prefix}team_id": user.team_id})
    return scope


def may_allocate(user, nominal) -> bool:
    """Allocation (choosing the manager) is for supervisors of the team and for the manager (or the colleague
    covering for the manager, for the cover's dates: acts_as_manager)."""
    if not _active(user):
        return False
    return (user.role == Role.SUPERVISOR and user.team_id == nominal.team_id) or acts_as_manager(user, nominal)


# Cover and delegation (inspection 2010 F-151, ¶3.11; good practice 2009-2012 §2.25 REQ-WF-03). A manager away
# names a colleague of their own agency who covers their cases between two dates. The colleague then holds the
# COVER ground on the cases the absent person manages: what the manager's allocation grants, bounded by the
# colleague's own role (grounds) and never beyond what their own agency may see of restricted items
# (handling_scope reads the reader's agency, not the absent manager's). Every read under cover is audited with the
# cover as its reason (break_glass_reason).

def covering_for(user, manager_id) -> bool:
    """Whether `user` covers for the manager `manager_id` now."""
    if not _active(user) or user.role not in TEAM_ROLES or not manager_id or manager_id == user.pk:
        return False
    return _covers_now(user).filter(absent_id=manager_id).exists()


def acts_as_manager(user, nominal) -> bool:
    """The record's manager, or the colleague covering for them now (the annotation get_nominal reads, when the
    record came from there)."""
    if not _active(user):
        return False
    if nominal.manager_id == user.pk:
        return True
    known = getattr(nominal, "is_covered", None)
    return bool(known) if known is not None else covering_for(user, nominal.manager_id)


def may_arrange_cover(user, absent) -> bool:
    """A manager arranges their own cover; a supervisor arranges it for a member of their team."""
    if not _active(user) or user.role not in TEAM_ROLES or not absent.is_active or absent.role not in TEAM_ROLES:
        return False
    return user.pk == absent.pk or (user.role == Role.SUPERVISOR and bool(user.team_id) and user.team_id == absent.team_id)


def may_cover(absent, covering) -> bool:
    """Who may cover: an active practitioner or supervisor of the absent person's own agency, so that cover hands
    nothing restricted to an agency that could not see it before."""
    return (_active(covering) and covering.role in TEAM_ROLES and covering.pk != absent.pk
            and bool(covering.agency_id) and covering.agency_id == absent.agency_id)


def covers_for(user) -> QuerySet:
    """The covers a user may see: their own absences, those they give, and (a supervisor) their team's."""
    from mappa.nominals.models import Cover

    if not _active(user) or user.role not in TEAM_ROLES:
        return Cover.objects.none()
    mine = Q(absent=user) | Q(covering=user)
    if user.role == Role.SUPERVISOR and user.team_id:
        mine |= Q(absent__team_id=user.team_id)
    return Cover.objects.filter(mine).select_related("absent", "covering")


def covers_given_now(user) -> QuerySet:
    """The covers the user gives that run now: whose cases are on their work list."""
    if not _active(user) or user.role not in TEAM_ROLES:
        from mappa.nominals.models import Cover

        return Cover.objects.none()
    return _covers_now(user).select_related("absent")


# Case transfer (inspection 2010 E-39, ¶7.21; good practice 2009-2012 §2.25). The sending manager (or a supervisor
# of the sending team) asks; a supervisor of the receiving team reads the case (the RECEIVING ground) and answers.

def may_send_transfer(user, nominal) -> bool:
    return may_allocate(user, nominal) and can(user, WRITE, nominal)


def may_answer_transfer(user, transfer) -> bool:
    """A supervisor of the receiving team answers a transfer waiting for them."""
    return (_active(user) and user.role == Role.SUPERVISOR and bool(user.team_id)
            and user.team_id == transfer.to_team_id and transfer.status == "pending")


def transfers_for(user, nominal) -> QuerySet:
    """The transfers of a record read by get_nominal."""
    from mappa.nominals.models import CaseTransfer

    if not can(user, READ, nominal):
        return CaseTransfer.objects.none()
    return items_for(user, CaseTransfer, nominal=nominal).select_related("from_team", "to_team", "sent_by",
                                                                          "answered_by", "new_manager")


def transfers_to_answer(user) -> QuerySet:
    """Transfers waiting for the user's team (a supervisor's), on records they reach (the RECEIVING ground)."""
    from mappa.nominals.models import CaseTransfer

    if not _active(user) or user.role != Role.SUPERVISOR or not user.team_id:
        return CaseTransfer.objects.none()
    return (_incoming(user).filter(nominal__in=reached(user))
            .select_related("nominal", "from_team__area", "from_manager", "sent_by"))


def get_transfer(user, pk):
    """A transfer of a record the user reaches, or 404."""
    from mappa.nominals.models import CaseTransfer

    transfer = (CaseTransfer.objects.filter(pk=record_id(pk), nominal__in=reached(user))
                .select_related("from_team__area", "to_team__area", "from_manager", "sent_by", "new_manager").first())
    if transfer is None:
        raise Http404("No such transfer")
    transfer.nominal = get_nominal(user, transfer.nominal_id)
    return transfer


def is_area_coordinator(user, area_id) -> bool:
    """A MAPPA co-ordinator of the area: the area's MAPPA cases are their work (inspection 2010 ¶4.4-4.5)."""
    return _active(user) and user.role == Role.COORDINATOR and bool(user.team_id) and user.team.area_id == area_id


def reader_scope(user) -> list:
    """What a reader may see depends on besides the records: their role, team, area and agency. Anything kept
    for a reader (a built report, a meeting pack) is not shown once this changes."""
    return [user.role, user.team_id, user.team.area_id if user.team_id else None, user.agency_id]


def may_run_area_report(user, area_id) -> bool:
    """Who may build an area's MAPPA annual report: its MAPPA co-ordinators (the area's figures are theirs to
    report to the strategic management board, inspection 2010 ¶4.7) and supervisors of a team in the area
    (their figures cover only the records they may see). Administrators read no case data, and a count of
    cases is case data, so they may not."""
    return (_active(user) and user.role in (Role.COORDINATOR, Role.SUPERVISOR) and bool(user.team_id)
            and user.team.area_id == area_id)


def may_see_quality(user, area_id) -> bool:
    """Who may see an area's data-quality measures and run themed audits of its records: its MAPPA co-ordinators
    (the area's record keeping is theirs to report on, inspection 2010 para 4.14) and supervisors of a team in
    it (checking the quality of their staff's records is theirs, paras 4.12 and 10.11). Both see figures over the
    records they may read, and nothing else. Practitioners keep their own records right from the case page and
    their work list; read-only partners, emergency access and administrators read no area's figures."""
    return may_run_area_report(user, area_id)


def sees_whole_area(user, area_id) -> bool:
    """Whether `user` reaches every record held in the area (a co-ordinator of it): otherwise an area's figures
    count only the records they may see, and say so."""
    return is_area_coordinator(user, area_id)


def report_snapshots_for(user) -> QuerySet:
    """The annual reports built for `user` (mappa.reports.models.Snapshot): a reader's own only, because each was
    composed for that reader and another may see less."""
    from mappa.reports.models import Snapshot

    return Snapshot.objects.filter(owner=user) if _active(user) else Snapshot.objects.none()


def area_changed_since(user, area_id, since) -> bool:
    """Whether a record of the area that `user` may read was created or changed (an audited change) after
    `since`: a report built before is older than the register. Only records the reader may see are asked about,
    so the answer tells them nothing of the others."""
    from mappa.audit.models import Action, AuditEvent

    return AuditEvent.objects.filter(at__gt=since, action__in=(Action.CREATE, Action.UPDATE),
                                     nominal__in=nominals_in_area(user, area_id).values("pk")).exists()


def may_chair(user, area_id) -> bool:
    """Who may chair a MAPPA meeting of the area: an active member of one of its teams who may change records.
    Read-only partners, emergency officers and administrators may not, whatever a meeting names."""
    return _active(user) and user.role in WRITING_ROLES and bool(user.team_id) and user.team.area_id == area_id


def may_record_mappa(user, nominal) -> bool:
    """May record MAPPA decisions for a person: a level decision or review (and the referral prompt it answers)
    and the screening of a referral. Those who may change the record, and the MAPPA co-ordinators of the
    record's area for any case there: recording the area's MAPPA decisions is their job (inspection 2010
    ¶4.4-4.5: told of every eligible case and every level 1 case, they manage the referrals to levels 2 and 3
    and run screening). Nothing else on the record follows from this (WRITE is unchanged)."""
    return can(user, WRITE, nominal) or is_area_coordinator(user, nominal.team.area_id)


def may_choose_partners(user, nominal) -> bool:
    """Partners are chosen by the lead agency: the record's manager, supervisors of its team and its area's
    MAPPA co-ordinators add and end partnerships. (A partner may end their own: see nominals.services.)"""
    if not _active(user):
        return False
    if nominal.manager_id == user.pk or (user.role == Role.SUPERVISOR and user.team_id == nominal.team_id):
        return True
    return is_area_coordinator(user, nominal.team.area_id)


def may_merge(user, survivor, merged) -> bool:
    """Merging two records found to be one person is for a supervisor of the team that holds both, or a MAPPA
    co-ordinator of the area whose teams hold both (records read by get_nominal, so both are already in
    sight). Everyone reaching the merged-away record through its team loses that way in, so the decision is
    for someone answerable for both teams' records."""
    if not _active(user) or not user.team_id:
        return False
    if user.role == Role.SUPERVISOR:
        return survivor.team_id == merged.team_id == user.team_id
    return is_area_coordinator(user, survivor.team.area_id) and is_area_coordinator(user, merged.team.area_id)


def may_create_nominal(user) -> bool:
    return _active(user) and user.role in {Role.PRACTITIONER, Role.SUPERVISOR} and bool(user.team_id)


def break_glass_reason(user, nominal) -> str:
    """The reason given for the emergency access a user is reading under, if any; for a colleague reaching the
    record only by covering for its manager, the cover (so the access log says why they read it)."""
    if _active(user) and user.role in TEAM_ROLES and nominal.manager_id and nominal.manager_id != user.pk:
        return _cover_reason(user, nominal)
    if not _active(user) or user.role != Role.EMERGENCY:
        return ""
    from mappa.access.models import BreakGlassGrant

    grant = (
        BreakGlassGrant.objects.filter(user=user, nominal=nominal, expires_at__gt=timezone.now())
        .order_by("-granted_at")
        .first()
    )
    return grant.reason if grant else ""


def _cover_reason(user, nominal) -> str:
    if getattr(nominal, "is_covered", None) is False:
        return ""
    cover = _covers_now(user).filter(absent_id=nominal.manager_id).select_related("absent").first()
    return f"Covering for {cover.absent.display_name} until {cover.ends_on:%d %B %Y}" if cover else ""


# The audit trail, notifications, partnerships and emergency grants hold case data too (names, values
# before and after, reasons), so they are read here under the same rules as the records themselves.

def history_for(user, nominal) -> QuerySet:
    """Changes made to a record the user reaches (read by get_nominal), within the item rules: a change to
    an item they may not see is not listed, so no restricted value leaks through the history."""
    from mappa.audit.models import Action, AuditEvent

    changes = AuditEvent.objects.filter(with_merged(nominal), action__in=[Action.CREATE, Action.UPDATE]).filter(handling_scope(user))
    if not may_see_victims(user, nominal):  # victims are narrower than their handling (see may_see_victims)
        changes = changes.exclude(object_type__in=VICTIM_OBJECTS)
    if not may_see_treatment(user):  # so are the details of treatment requirements (see may_see_treatment)
        changes = changes.exclude(object_type__in=TREATMENT_OBJECTS)
    return changes.exclude(_discussions_hidden(user, nominal))


def _discussions_hidden(user, nominal) -> Q:
    """The history's rows of staff supervision about the case (what was agreed, and its corrections) that `user` may
    not read on the case page (case_discussions_for): staff supervision is staff-personal there too."""
    allowed = case_discussions_for(user, nominal)
    rows = allowed.annotate(as_text=Cast("pk", CharField())).values("as_text")
    sessions = allowed.annotate(as_text=Cast("supervision_id", CharField())).values("as_text")
    return ((Q(object_type="discussedcase") & ~Q(object_id__in=rows))
            | (Q(object_type="staffsupervision") & ~Q(object_id__in=sessions)))


def item_history_for(user, item) -> QuerySet:
    """Changes made to one item the user reaches (read by get_item or items_for), newest first."""
    from mappa.audit.models import Action, AuditEvent

    if item._meta.model_name in TREATMENT_OBJECTS and not may_see_treatment(user):
        return AuditEvent.objects.none()
    return (AuditEvent.objects.filter(object_type=item._meta.model_name, object_id=str(item.pk),
                                      action__in=[Action.CREATE, Action.UPDATE]).filter(handling_scope(user)))


def access_log_for(user, nominal) -> QuerySet:
    """Who has read, exported or opened a record under emergency access: for those may_view_access_log
    allows (the manager, supervisors of the record's team), nobody else."""
    from mappa.audit.models import Action, AuditEvent

    if not may_view_access_log(user, nominal):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(with_merged(nominal)).exclude(action__in=[Action.CREATE, Action.UPDATE])


def views_of_logged_cases(user, since) -> QuerySet | None:
    """Reads by others since `since` of the records whose access log the user may see; None if none."""
    from mappa.audit.models import Action, AuditEvent
    from mappa.nominals.models import Nominal

    scope = access_log_scope(user)
    if scope is None:
        return None
    # The records' ids first, then their rows by the audit's index on the record and time: as a join, PostgreSQL read
    # every view in the country in the period (100,000 rows for a month) to keep a team's (45 ms).
    ids = Nominal.objects.filter(scope).values_list("pk", flat=True).order_by()
    return (AuditEvent.objects.filter(nominal_id__any=Many(ids), at__gte=since, action__in=[Action.VIEW, Action.BREAK_GLASS])
            .exclude(actor=user))


def administration_events_for(user) -> QuerySet:
    """Changes to users, teams and reference data (no case is named in them): for administrators only."""
    from mappa.audit.models import AuditEvent

    if not _active(user) or user.role != Role.ADMIN:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(nominal__isnull=True)


def partners_for(user, nominal) -> QuerySet:
    """The live partnerships of a record the user reaches (read by get_nominal)."""
    from mappa.nominals.models import Partner

    return Partner.objects.filter(nominal=nominal, ended_at__isnull=True)


def partnered(user, ref: str = "pk") -> Q:
    """Records the user is a live partner on, as a condition on nominals (or on rows whose `ref` is one)."""
    return Q(_partner_of(user, ref))


def partnered_ids(user) -> list[int]:
    """The records the user is a live partner on, by id (the partners' index): for a work list's condition as one
    list, where an OR with the partner subquery made PostgreSQL read every record. Only a narrowing: the rows are
    still read through the policy."""
    return list(_partner_ids(user))


def _partner_ids(user) -> QuerySet:
    from mappa.nominals.models import Partner

    return Partner.objects.filter(user=user, ended_at__isnull=True).values_list("nominal_id", flat=True).order_by()


def answered_for(user) -> Q:
    """The records whose work `user` answers for (the work lists' cases): those they manage or are a live partner
    on, and a supervisor's team's, as a condition on nominals. Only a narrowing: read them through nominals_for.
    Their ids are read first, each part from its own index in one statement; asked as one condition with OR and a
    subquery, PostgreSQL read the whole register for it (a quarter of a second among 250,000 records)."""
    from mappa.accounts.models import Role
    from mappa.core import facts
    from mappa.nominals.models import Nominal

    def read():
        parts = [_partner_ids(user)]
        if user.role == Role.SUPERVISOR and user.team_id:
            parts.append(Nominal.objects.filter(team_id=user.team_id).values_list("pk", flat=True).order_by())
        return list(Nominal.objects.filter(manager=user).values_list("pk", flat=True).order_by().union(*parts).order_by())

    # Several parts' work lists ask on one page (the home page): read once there (facts.remembered).
    return Q(pk__any=Many(facts.remember(("answered_for", user.pk), read)))


CASE_COLUMNS = ("id", "manager_id", "team_id", "first_name", "middle_names", "last_name")


def answered_cases(user, action: str = READ) -> list:
    """The records whose work `user` answers for (answered_for) that they may `action`, by id, with only the columns
    a work list names them and their manager and team by (CASE_COLUMNS); read once on a page whose work lists each
    ask (facts.remembered)."""
    from mappa.core import facts

    if action == WRITE and _active(user) and user.role in WRITING_ROLES:
        # The same cases as for reading: a writer's grounds to write are the manager's, the partner's and the team's,
        # which are all that answered_for holds; the grounds only reading adds (an area, a transfer coming in) hold
        # none of them. One read serves both on a page.
        action = READ
    return facts.remember(("answered_cases", user.pk, action, _NARROWED.get()), lambda: list(
        nominals_for(user, action).filter(answered_for(user)).only(*CASE_COLUMNS).order_by("id")))


def cases_managed(user, members=None) -> QuerySet:
    """The cases whose work `user` answers for on a work list of managed work: those they manage and a supervisor's
    team's; for the team queue (`members`), the team's. Read for writing, through nominals_for."""
    from mappa.accounts.models import Role

    scope = nominals_for(user, WRITE)
    if members is not None:
        return scope.filter(team_id=user.team_id)
    mine = Q(manager=user)
    if user.role == Role.SUPERVISOR and user.team_id:
        mine |= Q(team_id=user.team_id)
    return scope.filter(mine)


def managers_of_cases_managed(user, members=None) -> dict[int, int | None]:
    """{case id: its manager's id} for cases_managed(user, members); read once on a page whose work lists each ask
    (facts.remembered)."""
    from mappa.core import facts

    key = ("cases_managed", user.pk, None if members is None else tuple(m.pk for m in members), _NARROWED.get())
    return facts.remember(key, lambda: dict(cases_managed(user, members).values_list("pk", "manager_id")))


def live_partnerships(user_ids, nominal_ids) -> set[tuple[int, int]]:
    """(user id, record id) for each live partnership of those users on those records: for work lists read for a
    team at once, whose records each member answers for. One query."""
    from mappa.nominals.models import Partner

    return set(Partner.objects.filter(user_id__any=Many(user_ids), nominal_id__any=Many(nominal_ids), ended_at__isnull=True)
               .values_list("user_id", "nominal_id"))


def who_answers(members, nominals) -> dict[int, list]:
    """For a work list read for a team at once: {record id: the members who answer for it}, of records read through
    nominals_for: the member who manages it, members who are live partners on it, and supervisors of its team (as
    each member's own list counts them: Q(manager=user) | partnered(user) | the team's, for a supervisor). One query."""

    members = list(members)
    ids = [n.pk for n in nominals]
    partners = live_partnerships([m.pk for m in members], ids)
    found = {}
    for n in nominals:
        found[n.pk] = [m for m in members if n.manager_id == m.pk or (m.pk, n.pk) in partners
                       or (m.role == Role.SUPERVISOR and m.team_id and n.team_id == m.team_id)]
    return found


def grants_for(user) -> QuerySet:
    """The user's own emergency access that has not expired."""
    from mappa.access.models import BreakGlassGrant

    return BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now())


def notifications_for(user) -> QuerySet:
    """The user's unread notifications that they may still see (their agency may have changed since one
    was sent, or its item been restricted)."""
    from mappa.core.models import Notification

    if not _active(user):
        return Notification.objects.none()
    return (Notification.objects.filter(recipient=user, read_at__isnull=True).filter(handling_scope(user))
            .select_related("nominal"))


# Victims (mappa.victims) are held apart from the rest of the record: narrower than the "victim details" handling
# of other items. Their details are for the victim liaison officer, the offender manager and the supervisors of
# the record's team, in an agency allowed victim details; everyone else who may see the record is told only that
# victims are recorded and whom to ask (inspection 2010 E-22: "victim identity (restricted)").

def may_see_victims(user, nominal) -> bool:
    """May read the details of the victims on a record the user reaches (read by get_nominal)."""
    if not _active(user) or not user.agency_id or user.role == Role.EMERGENCY:
        return False
    if user.agency.kind not in HANDLING_AGENCIES[Handling.VICTIM] or not can(user, READ, nominal):
        return False
    # The manager and the team's supervisors: those who see who viewed the case.
    return may_view_access_log(user, nominal) or user.victim_liaison


def may_record_victims(user, nominal) -> bool:
    """May add and change victims and their contact: one who may see them and change the record."""
    return may_see_victims(user, nominal) and user.role in WRITING_ROLES and can(user, WRITE, nominal)


def victims_for(user, nominal) -> QuerySet:
    """The victims on a record the user reaches, when may_see_victims allows; otherwise none."""
    from mappa.victims.models import Victim

    if not may_see_victims(user, nominal):
        return Victim.objects.none()
    return Victim.objects.filter(nominal=nominal)


def victim_count_for(user, nominal) -> int:
    """How many victims are recorded on a record the user reaches: told to every reader of the record, with
    nothing of any one of them."""
    from mappa.victims.models import Victim

    if not can(user, READ, nominal):
        return 0
    return Victim.objects.filter(nominal=nominal).count()


def victim_liaison_teams(user, nominal) -> list:
    """The ids of the liaison teams named on the victims of a record the user reaches: whom a reader who may not
    see the victims is told to ask. Team ids only, nothing of a victim."""
    from mappa.victims.models import Victim

    if not can(user, READ, nominal):
        return []
    return list(Victim.objects.filter(nominal=nominal, liaison_team__isnull=False)
                .values_list("liaison_team_id", flat=True).distinct())


def sees_victims_on(user, nominals) -> set[int]:
    """Of records read through nominals_for (a work list's caseload), the ids whose victims' details the user may
    see: may_see_victims without reading each record again."""
    if not _active(user) or not user.agency_id or user.role == Role.EMERGENCY:
        return set()
    if user.agency.kind not in HANDLING_AGENCIES[Handling.VICTIM]:
        return set()
    return {n.pk for n in nominals if user.victim_liaison or may_view_access_log(user, n)}


def victim_scheme_on(user, nominals) -> QuerySet:
    """The statutory contact scheme's state of the victims on records read through nominals_for, for the work list:
    no name, address or other detail of a victim is read. A reader who may not see a record's victims is told
    from it only what victim_count_for tells them already (that victims are recorded), and that input is awaited."""
    from django.db.models import Max

    from mappa.victims.models import ContactEntry, Victim

    return (Victim.objects.filter(nominal_id__any=Many(n.pk for n in nominals))
            .only("id", "nominal_id", "kind", "conviction_id", "scheme_offered_on", "scheme_response", "ended_on")
            .annotate(last_input_on=Max("contacts__occurred_on",
                                        filter=Q(contacts__method=ContactEntry.Method.MANAGER, contacts__reached=True))))


def victims_in_area(user, area_id) -> QuerySet:
    """The victims on the area's records (nominals_in_area) whose details `user` may see, may_see_victims as a
    condition on the rows: for counts over an area (the data-quality measures). A reader who may see no record's
    victims gets none."""
    from mappa.victims.models import Victim

    if not _active(user) or not user.agency_id or user.role == Role.EMERGENCY:
        return Victim.objects.none()
    if user.agency.kind not in HANDLING_AGENCIES[Handling.VICTIM]:
        return Victim.objects.none()
    victims = items_in_area(user, Victim, area_id)
    if user.victim_liaison:
        return victims
    scope = access_log_scope(user, "nominal__")
    return victims.filter(scope) if scope is not None else Victim.objects.none()


def victim_contacts_in_area(user, area_id) -> QuerySet:
    """The contact-log entries of the victims of victims_in_area."""
    from mappa.victims.models import ContactEntry

    return ContactEntry.objects.filter(victim__in=victims_in_area(user, area_id).values("pk"))


def victim_liaison_officers(nominal) -> list:
    """The liaison officers named on the victims of a record whose contact has not ended, who still reach the
    record and may see its victims: whom a change to the record's release, licence, address or zones is told."""
    from mappa.accounts.models import User
    from mappa.victims.models import Victim

    ids = (Victim.objects.filter(nominal=nominal, ended_on__isnull=True, liaison_officer__isnull=False)
           .values_list("liaison_officer_id", flat=True).distinct())
    return [u for u in User.objects.filter(pk__in=list(ids)).select_related("agency") if may_see_victims(u, nominal)]


def get_victim(user, pk, action: str = READ):
    """A victim the user may see (and, for WRITE, record), or 404: a reader of the record who may not see its
    victims learns nothing from an id."""
    from mappa.victims.models import Victim

    pk = record_id(pk)
    victim = Victim.objects.filter(pk=pk, nominal__in=reached(user)).first()
    if victim is None:
        raise Http404("No such item")
    victim.nominal = nominal = get_nominal(user, victim.nominal_id)
    if not may_see_victims(user, nominal):
        raise Http404("No such item")
    if action != READ and not may_record_victims(user, nominal):
        raise PermissionDenied("You can see this victim but not change their record.")
    return victim


def victim_contacts_for(user, victim) -> QuerySet:
    """The contact log of a victim read by get_victim (or victims_for)."""
    from mappa.victims.models import ContactEntry

    if not may_see_victims(user, victim.nominal):
        return ContactEntry.objects.none()
    return ContactEntry.objects.filter(victim=victim)


def victim_requests_on_record(user, nominal) -> QuerySet:
    """Every request for licence conditions by the victims on a record, when may_see_victims allows; otherwise none."""
    from mappa.victims.models import ConditionRequest

    if not may_see_victims(user, nominal):
        return ConditionRequest.objects.none()
    return ConditionRequest.objects.filter(victim__nominal=nominal)


def victim_requests_for(user, victim) -> QuerySet:
    """The victim's requests for licence conditions, for a victim read by get_victim (or victims_for)."""
    from mappa.victims.models import ConditionRequest

    if not may_see_victims(user, victim.nominal):
        return ConditionRequest.objects.none()
    return ConditionRequest.objects.filter(victim=victim)


VICTIM_OBJECTS = ("victim", "contactentry", "conditionrequest")


def victim_access_log_for(user, nominal) -> QuerySet:
    """Who has read or exported victims' details on a record, when and why (the reason given for emergency
    access, or what was read): for those may_see_victims allows."""
    from mappa.audit.models import Action, AuditEvent

    if not may_see_victims(user, nominal):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(with_merged(nominal), object_type__in=VICTIM_OBJECTS,
                                     action__in=[Action.VIEW, Action.EXPORT])


def victim_history_for(user, victim) -> QuerySet:
    """Changes made to one victim's record, its contact log and requests, for those may_see_victims allows."""
    from mappa.audit.models import Action, AuditEvent

    if not may_see_victims(user, victim.nominal):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(with_merged(victim.nominal), object_type__in=VICTIM_OBJECTS,
                                     details__victim=victim.pk, action__in=[Action.CREATE, Action.UPDATE])


# Home visits. Hazards at an address (dogs, weapons, who lives there) are officer-safety facts recorded
# before a visit, restricted as their recorder chooses: read only here, under the item rules.

def hazards_for(user, nominal=None) -> QuerySet:
    """Hazards at the address recorded before a visit, on a record the user reaches (read by get_nominal, or
    all they reach), that the user may see."""
    from django.apps import apps

    return items_for(user, apps.get_model("visits", "Hazard"), nominal=nominal)


def hazards_of_visit(user, visit) -> QuerySet:
    """The hazards recorded with one visit (read through items_for) that the user may see."""
    return hazards_for(user, visit.nominal).filter(visit=visit)


# Intelligence (mappa.intelligence). Every reader of a record is told that an item exists, when, its state and
# whom to ask, and reads its sanitised version; its content (what was submitted or registered, the 3x5x2
# grading, links and actions) only where may_read_intelligence allows: the record's manager, the supervisors
# of its team and the officer who evaluated it always; the submitter their own submission; and, for an item
# registered with handling code P, anyone whose agency may see intelligence (or recorded it). Code C keeps it
# to those responsible for it.

def _intelligence_model(name: str = "IntelligenceItem"):
    from django.apps import apps

    return apps.get_model("intelligence", name)


_INTELLIGENCE_PEOPLE = ("nominal__team__agency", "evaluator__team__agency", "evaluated_by__team__agency", "created_by")


def intelligence_for(user, nominal) -> QuerySet:
    """The intelligence items on a record the user reaches (read by get_nominal): every one, so the reader knows
    what exists. Show content only where may_read_intelligence allows (mappa.intelligence.queries does)."""
    if not can(user, READ, nominal):
        return _intelligence_model().objects.none()
    return _intelligence_model().objects.filter(nominal=nominal).select_related(*_INTELLIGENCE_PEOPLE)


def get_intelligence(user, pk, action: str = READ):
    """One item on a record the user reaches, or 404 (its content is for may_read_intelligence to allow)."""
    item = (_intelligence_model().objects.filter(pk=record_id(pk), nominal__in=reached(user))
            .select_related(*_INTELLIGENCE_PEOPLE).first())
    if item is None:
        raise Http404("No such item")
    item.nominal = get_nominal(user, item.nominal_id, action)
    return item


def answers_for_intelligence(user, nominal) -> bool:
    """The record's manager and the supervisors of its team answer for its intelligence: they evaluate what is
    submitted (para 4.19, the case manager; supervisors cover and audit) and read every item's content."""
    if not _active(user) or user.role == Role.EMERGENCY:
        return False
    return nominal.manager_id == user.pk or (user.role == Role.SUPERVISOR and bool(user.team_id)
                                             and user.team_id == nominal.team_id)


def may_evaluate_intelligence(user, nominal) -> bool:
    return answers_for_intelligence(user, nominal) and can(user, WRITE, nominal)


def may_submit_intelligence(user, nominal) -> bool:
    """Anyone who may see the record may submit information on the person (P-13 step 1), read-only partners
    and emergency access included: what they know must reach the manager."""
    return _active(user) and user.role != Role.ADMIN and can(user, READ, nominal)


def may_read_intelligence(user, item, reached: bool = False) -> bool:
    """Whether `user` may read the content of an item on a record they reach (item.nominal read by get_nominal
    or intelligence_for). `reached`: the item was read by a query of this module scoped to the records the
    user reaches (intelligence_actions_owned), so that need not be asked again."""
    from mappa.intelligence import rules

    if not reached and not can(user, READ, item.nominal):
        return False
    return rules.may_read_content(
        status=item.status, handling_code=item.handling_code,
        responsible=answers_for_intelligence(user, item.nominal) or (item.evaluated_by_id == user.pk
                                                                     and user.role != Role.EMERGENCY),
        submitter=item.created_by_id == user.pk,
        allowed_by_handling=may_see(user, Handling.INTELLIGENCE, item.agency_id))


def intelligence_readable(user, prefix: str = "") -> Q:
    """may_read_intelligence as a condition on items (`prefix`: the path to the item, "item__" from its actions),
    for counts over many records already scoped to those the user reaches (items_in_area): those responsible (the
    record's manager, its team's supervisors, the officer who evaluated it) read every item; the submitter their
    own until it is registered; anyone else a registered item coded P whose handling their agency is allowed.
    Kept in step with intelligence.rules.may_read_content (tests/test_quality_measures_more.py compares the two)."""
    from mappa.intelligence import rules

    nothing = Q(pk__in=[])
    if not _active(user):
        return nothing
    p = prefix
    responsible = nothing
    if user.role != Role.EMERGENCY:  # as answers_for_intelligence, and an evaluator on emergency access is not one
        responsible = Q(**{f"{p}nominal__manager_id": user.pk}) | Q(**{f"{p}evaluated_by_id": user.pk})
        if user.role == Role.SUPERVISOR and user.team_id:
            responsible |= Q(**{f"{p}nominal__team_id": user.team_id})
    submitter = Q(**{f"{p}created_by_id": user.pk}) & ~Q(**{f"{p}status": rules.REGISTERED})
    allowed = Q(**{f"{p}agency_id": user.agency_id}) if user.agency_id else nothing
    if user.agency_id and user.agency.kind in HANDLING_AGENCIES[Handling.INTELLIGENCE]:
        allowed = Q()
    shared = Q(**{f"{p}status": rules.REGISTERED, f"{p}handling_code": rules.PERMITTED}) & allowed
    return responsible | submitter | shared


def intelligence_actions_for(user, item) -> QuerySet:
    """The actions from an item whose content the user may read; otherwise none."""
    model = _intelligence_model("IntelligenceAction")
    if not may_read_intelligence(user, item):
        return model.objects.none()
    return model.objects.filter(item=item).select_related("owner", "completed_by")


def intelligence_links_for(user, item) -> list:
    """The people, vehicles and places an item names, for a reader who may read its content, each only if the
    reader may see it too."""
    model = _intelligence_model("IntelligenceLink")
    if not may_read_intelligence(user, item):
        return []
    from mappa.nominals.models import Address, Vehicle

    links = list(model.objects.filter(item=item).order_by("id"))
    named = {n.pk: n for n in nominals_for(user).filter(pk__in=[li.person_id for li in links if li.person_id])}
    vehicles = {v.pk: v for v in items_for(user, Vehicle).filter(pk__in=[li.vehicle_id for li in links if li.vehicle_id])}
    places = {a.pk: a for a in items_for(user, Address).filter(pk__in=[li.address_id for li in links if li.address_id])}
    shown = []
    for link in links:
        target = named.get(link.person_id) or vehicles.get(link.vehicle_id) or places.get(link.address_id)
        if target is not None:
            shown.append(target)
    return shown


def intelligence_to_evaluate(user) -> QuerySet:
    """Submissions waiting for evaluation that the user answers for: on records they manage, and a supervisor's
    team's records."""
    model = _intelligence_model()
    if not _active(user) or user.role not in WRITING_ROLES:
        return model.objects.none()
    scope = Q(nominal__manager=user)
    if user.role == Role.SUPERVISOR and user.team_id:
        scope |= Q(nominal__team_id=user.team_id)
    return (model.objects.filter(scope, status="submitted", nominal__in=reached(user, WRITE))
            .select_related("nominal"))


def intelligence_actions_owned(user, owners=None) -> QuerySet:
    """Open actions from intelligence the user owns (or `owners`, ids: a team's, read by its supervisor), on records
    the user reaches, whose items they may still read (the caller checks may_read_intelligence on each, as the
    owner: an action's owner was checked when it was given)."""
    model = _intelligence_model("IntelligenceAction")
    if not _active(user):
        return model.objects.none()
    return (model.objects.filter(owner_id__in=owners or [user.pk], completed_on__isnull=True, nominal__in=reached(user))
            .select_related("item__nominal", "item"))


def intelligence_audited_by(user) -> QuerySet:
    """The items a supervisor audits (para 4.19): on the records their team holds. Nobody else audits."""
    model = _intelligence_model()
    if not _active(user) or user.role != Role.SUPERVISOR or not user.team_id:
        return model.objects.none()
    return model.objects.filter(nominal__team_id=user.team_id, nominal__in=reached(user))


def intelligence_actions_audited_by(user) -> QuerySet:
    model = _intelligence_model("IntelligenceAction")
    if not _active(user) or user.role != Role.SUPERVISOR or not user.team_id:
        return model.objects.none()
    return model.objects.filter(nominal__team_id=user.team_id, nominal__in=reached(user))


# Disclosure and safeguarding (mappa.safeguarding). The records are read under the item rules (items_for): every
# reader of the case may know that disclosure was considered, on what grounds, what was decided and the kind of
# person told. The people these records name who are not the offender (the person told, the member of the public
# who asked, the child or adult a referral protects) are often a victim, a potential victim or their family, so
# their names are no wider than victims' details: for those may_see_victims allows, and for the person who recorded
# or decided the record.

def may_see_third_parties(user, item, nominal) -> bool:
    """May read the names of the third parties on a disclosure or safeguarding item of `nominal` (read by
    get_nominal) that the user may see."""
    if not _active(user) or user.role == Role.EMERGENCY:
        return False
    if user.pk in (item.created_by_id, getattr(item, "decided_by_id", None)):
        return True
    return may_see_victims(user, nominal)


def may_record_safeguarding(user, nominal) -> bool:
    """May record disclosure decisions, requests, referrals and markers: whoever may change the record, and a
    co-ordinator for a case in their area (disclosure is a MAPPA decision, ¶7.4)."""
    return can(user, WRITE, nominal) or may_record_mappa(user, nominal)


# Supervision (mappa.supervision). The details of a community order's treatment requirement (what it treats, the
# provider, testing, how it goes: health and substance misuse information, good practice 2009-2012 sections
# 2.21-2.22) are for the agency that supervises the order and the agencies that treat: probation and health.
# Everyone else who reaches the record is told only that there is a treatment requirement, with its dates and
# attendance. Read only here.

TREATMENT_AGENCIES = {AgencyKind.PROBATION, AgencyKind.HEALTH}
# Medication to reduce sexual arousal (inspection 2010 E-29, para 2.12) is health information of the same kind, and
# so are resettlement's health and substance misuse pathway details (below).
TREATMENT_OBJECTS = ("treatmentdetail", "medication", "pathwaydetail")


def may_see_treatment(user) -> bool:
    """Whether `user`'s agency may read the details of treatment requirements and medication (on records they
    reach)."""
    if not _active(user) or not user.agency_id or user.role == Role.EMERGENCY:
        return False
    return user.agency.kind in TREATMENT_AGENCIES


def _treatment_rows(user, model_name: str, nominal, nominal_ids) -> QuerySet:
    """Rows of a health model ("app_label.Model") for the agencies allowed them, read as items are."""
    from django.apps import apps

    model = apps.get_model(model_name)
    if not may_see_treatment(user):
        return model.objects.none()
    if nominal_ids is not None:
        return items_on(user, model, nominal_ids)
    return items_for(user, model, nominal=nominal)


def treatment_details_for(user, nominal=None, nominal_ids=None) -> QuerySet:
    """The details of treatment requirements the user may read: on a record read by get_nominal (`nominal`),
    on records read through nominals_for (`nominal_ids`, a page's or work list's), or on every record they
    reach; none at all for an agency not allowed them."""
    return _treatment_rows(user, "supervision.TreatmentDetail", nominal, nominal_ids)


def medication_for(user, nominal=None, nominal_ids=None) -> QuerySet:
    """Medication to reduce sexual arousal the user may read, as treatment_details_for."""
    return _treatment_rows(user, "supervision.Medication", nominal, nominal_ids)


# Workforce (mappa.workforce): a member of staff's supervision and training records. A person sees their own; a
# supervisor, their own team's (and nobody else's team); an administrator, who records training, everyone's
# training but nobody's supervision. A case discussed at a supervision is shown only to a reader who may see it.

def staff_for(user) -> QuerySet:
    """The people whose training records `user` may see."""
    from mappa.accounts.models import User

    if not _active(user) or user.role == Role.EMERGENCY:
        return User.objects.none()
    if user.role == Role.ADMIN:
        return User.objects.all()
    return User.objects.filter(Q(pk=user.pk) | Q(team_id=user.team_id, is_active=True) if may_see_team(user)
                               else Q(pk=user.pk))


def may_see_team(user) -> bool:
    """A supervisor sees their own team's members, caseloads and training: nobody else's."""
    return _active(user) and user.role == Role.SUPERVISOR and bool(user.team_id)


def team_members_for(user) -> QuerySet:
    """The active members of the supervisor's team who hold cases (the writing roles), the supervisor among them."""
    from mappa.accounts.models import User

    if not may_see_team(user):
        return User.objects.none()
    return User.objects.filter(team_id=user.team_id, is_active=True, role__in=WRITING_ROLES)


def staff_training_for(user, model) -> QuerySet:
    """Training rows (risk.TrainingRecord, workforce.CourseRecord: each has `user`) of the people in staff_for."""
    return model.objects.filter(user__in=staff_for(user))


def staff_supervisions_for(user) -> QuerySet:
    """Supervision sessions `user` may read: those they held or received, and, for a supervisor, their team's."""
    from mappa.workforce.models import StaffSupervision

    if not _active(user) or user.role in (Role.EMERGENCY, Role.ADMIN):
        return StaffSupervision.objects.none()
    mine = Q(supervisor=user) | Q(supervisee=user)
    if may_see_team(user):
        mine |= Q(supervisee__team_id=user.team_id)
    return StaffSupervision.objects.filter(mine)


def discussed_cases_for(user, supervision_ids) -> QuerySet:
    """The cases discussed at those sessions that `user` may see (the others are not named to them)."""
    from mappa.workforce.models import DiscussedCase

    return DiscussedCase.objects.filter(supervision_id__in=list(supervision_ids),
                                        nominal__in=reached(user))


def case_discussions_for(user, nominal) -> QuerySet:
    """The supervision sessions' notes on one case (DiscussedCase: the case and what was agreed for it) that `user`
    may read on the case page: only if they may see the case, and only those of a session they held or received, or
    all of them for a member of the team that manages the case (its practitioners and supervisors). Staff
    supervision is staff-personal: nothing else of the session is read with them."""
    from mappa.workforce.models import DiscussedCase

    if not _active(user) or user.role not in TEAM_ROLES:
        return DiscussedCase.objects.none()
    rows = DiscussedCase.objects.filter(nominal_id=nominal.pk, nominal__in=reached(user))
    if user.team_id and user.team_id == nominal.team_id:
        return rows
    return rows.filter(Q(supervision__supervisor=user) | Q(supervision__supervisee=user))


# Resettlement (mappa.resettlement). The health and substance misuse pathway's details (what it is about, the need,
# the service, the outcome: good practice sections 2.21-2.22) are for the same agencies as treatment details, read
# only here; everyone else is told that the pathway exists. Its actions are recorded as health information and
# listed only for those agencies too.

def pathway_details_for(user, nominal=None, nominal_ids=None) -> QuerySet:
    """The details of health and substance misuse pathways the user may read, as treatment_details_for."""
    return _treatment_rows(user, "resettlement.PathwayDetail", nominal, nominal_ids)


def pathway_actions_for(user, nominal=None, nominal_ids=None) -> QuerySet:
    """The pathway actions the user may read: those of the health and substance misuse pathway only for the
    agencies allowed its details."""
    from django.apps import apps

    model = apps.get_model("resettlement", "PathwayAction")
    rows = items_on(user, model, nominal_ids) if nominal_ids is not None else items_for(user, model, nominal=nominal)
    if not may_see_treatment(user):
        rows = rows.exclude(pathway__kind="health_substance")
    return rows
