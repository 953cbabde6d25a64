"""Who may see and change what. The one place that decides it.

Every page, API call, search, export and report reads case data through these querysets.
Record-level rules decide which nominals a user reaches; item-level rules then narrow the
items with a handling category (victim, intelligence, health) to the agencies allowed them.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mappa.accounts.models import AgencyKind, Role
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


def _partner_of(user):
    from mappa.nominals.models import Partner

    return Exists(Partner.objects.filter(nominal=OuterRef("pk"), user=user, ended_at__isnull=True))


def _break_glass(user):
    from mappa.access.models import BreakGlassGrant

    return Exists(
        BreakGlassGrant.objects.filter(nominal=OuterRef("pk"), user=user, expires_at__gt=timezone.now())
    )


def nominal_scope(user, action: str = READ) -> Q | None:
    """The condition a nominal must meet for `user` to `action` it; None means nothing."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if not _active(user):
        return None
    role = user.role
    if role == Role.ADMIN:
        return None
    if role == Role.EMERGENCY:
        return Q(_break_glass(user)) if action == READ else None
    if action == WRITE and role not in WRITING_ROLES:
        return None
    scope = Q(manager=user) | Q(_partner_of(user))
    if role in TEAM_ROLES and user.team_id:
        scope |= Q(team_id=user.team_id)
    if role == Role.COORDINATOR and user.team_id and action != WRITE:
        scope |= Q(team__area_id=user.team.area_id)
    return scope


def nominals_for(user, action: str = READ) -> QuerySet:
    from mappa.nominals.models import Nominal

    scope = nominal_scope(user, action)
    if scope is None:
        return Nominal.objects.none()
    return Nominal.objects.filter(scope)


def get_nominal(user, pk, action: str = READ):
    """The nominal, or 404 if the user may not reach it (so ids do not reveal what exists)."""
    nominal = nominals_for(user, action).select_related("team__agency", "team__area", "manager__agency").filter(pk=pk).first()
    if nominal is None:
        if action != READ and nominals_for(user, READ).filter(pk=pk).exists():
            verb = "download or export" if action == EXPORT else "change"
            raise PermissionDenied(f"You can see this record but not {verb} it.")
        raise Http404("No such record")
    return nominal


def can(user, action: str, nominal) -> bool:
    return nominals_for(user, action).filter(pk=nominal.pk).exists()


def handling_scope(user) -> Q:
    """Items a user may see on a record they reach: unrestricted ones, their own agency's,
    and restricted ones whose category their agency is allowed."""
    if not _active(user) or not user.agency_id:
        return Q(handling=Handling.NONE)
    allowed = [h for h, kinds in HANDLING_AGENCIES.items() if user.agency.kind in kinds]
    return Q(handling=Handling.NONE) | Q(handling__in=allowed) | Q(agency_id=user.agency_id)


def may_see_item(user, item) -> bool:
    if not item.handling:
        return True
    if not _active(user) or not user.agency_id:
        return False
    return item.agency_id == user.agency_id or user.agency.kind in HANDLING_AGENCIES.get(item.handling, set())


def items_for(user, model, action: str = READ, nominal=None) -> QuerySet:
    """Items of `model` the user may `action`: on nominals they reach, within handling rules.
    Pass `nominal` when it has already been checked through get_nominal."""
    qs = model.objects.all()
    if nominal is not None:
        qs = qs.filter(nominal=nominal)
    else:
        qs = qs.filter(nominal__in=nominals_for(user, action))
    return qs.filter(handling_scope(user))


def get_item(user, model, pk, action: str = READ):
    item = items_for(user, model, READ).filter(pk=pk).select_related("nominal").first()
    if item is None:
        raise Http404("No such item")
    if action != READ and not can(user, action, item.nominal):
        raise PermissionDenied("You can see this item but not change it.")
    return item


def may_view_access_log(user, nominal) -> bool:
    """Managers see who has viewed their cases; so do supervisors of the record's team."""
    if not _active(user):
        return False
    if nominal.manager_id == user.pk:
        return True
    return user.role == Role.SUPERVISOR and user.team_id == nominal.team_id


def may_allocate(user, nominal) -> bool:
    """Allocation (choosing the manager) is for supervisors of the team and for the manager."""
    if not _active(user):
        return False
    return (user.role == Role.SUPERVISOR and user.team_id == nominal.team_id) or nominal.manager_id == user.pk


def may_create_nominal(user) -> bool:
    return _active(user) and user.role in {Role.PRACTITIONER, Role.SUPERVISOR} and bool(user.team_id)


def break_glass_reason(user, nominal) -> str:
    """The reason given for the emergency access a user is reading under, if any."""
    if not _active(user) or user.role != Role.EMERGENCY:
        return ""
    from mappa.access.models import BreakGlassGrant

    grant = (
        BreakGlassGrant.objects.filter(user=user, nominal=nominal, expires_at__gt=timezone.now())
        .order_by("-granted_at")
        .first()
    )
    return grant.reason if grant else ""
