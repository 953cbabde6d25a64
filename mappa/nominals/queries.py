"""What the register's pages read of a person's record, always through mappa.access.policy. (The name search is
search.py, the home page caseload.py, the case header case.py.)"""
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from mappa.access import policy
from mappa.nominals.models import Activity, Address, Occupant

SECTION_LIMIT = 20  # items of a kind on the personal details page; the rest are on the kind's own list
RECENT_ACTIVITY = 2  # on the overview; the whole log is the Activity log tab


def with_links(user, qs):
    """Link a relationship to the other person's record only when this reader may open it, so a
    page never offers a link that answers "not found" (worked out in the same query as the rows)."""
    if not any(f.name == "other_nominal" for f in qs.model._meta.concrete_fields):
        return qs
    return qs.annotate(other_readable=Exists(policy.nominals_for(user).filter(pk=OuterRef("other_nominal_id"))))


def with_occupants(user, nominal, qs):
    """Addresses with the people living there whom this reader may see (`visible_occupants`): an occupant
    is an item with its own handling, so it is read through the policy like any other."""
    if qs.model is not Address:
        return qs
    return qs.prefetch_related(Prefetch("occupants", queryset=policy.items_for(user, Occupant, nominal=nominal),
                                        to_attr="visible_occupants"))


def mark_children(rows) -> list:
    """Flag an address where someone under 18 lives, among the occupants the reader may see."""
    today = timezone.localdate()
    for row in rows:
        if isinstance(row, Address):
            row.child_lives_here = any(o.is_under_18_on(today) for o in row.visible_occupants)
    return rows


def section(user, nominal, kind) -> dict:
    """The first items of a kind for the personal details page, and whether there are more."""
    qs = with_occupants(user, nominal, policy.items_for(user, kind.model, nominal=nominal))
    rows = mark_children(list(with_links(user, qs)[: SECTION_LIMIT + 1]))
    return {"kind": kind, "items": rows[:SECTION_LIMIT], "more": len(rows) > SECTION_LIMIT}


def recent_activity(user, nominal) -> list:
    return list(policy.items_for(user, Activity, nominal=nominal).select_related("created_by", "agency")[:RECENT_ACTIVITY])


def items(user, nominal, kind, *, text: str = "", activity_kind: str = ""):
    """A kind's items of the person as the reader may see them, newest first, for its own list; an activity log
    filtered by words in its summary or details and by kind."""
    qs = policy.items_for(user, kind.model, nominal=nominal).select_related("created_by", "agency")
    if text:
        qs = qs.filter(Q(summary__icontains=text) | Q(details__icontains=text))
    if activity_kind:
        qs = qs.filter(kind=activity_kind)
    return with_occupants(user, nominal, with_links(user, qs))


def transfer_checklist(user, nominal, on=None) -> list[dict]:
    """The items of the transfer checklist in force on `on` that apply to a record read by get_nominal, from the
    facts its reader may see (MAPPA level, registration, licence): what the sender must confirm (¶7.21)."""
    from mappa.core import facts, reference
    from mappa.nominals import transfer_rules

    on = on or timezone.localdate()
    found = facts.facts_for(user, nominal, only=("mappa_level", "notification_requirements", "on_licence"))
    case = transfer_rules.CaseFacts(
        mappa_level=found.mappa_level, registered=_live(found.notification_requirements, on),
        on_licence=_live(found.on_licence, on))
    return transfer_rules.applicable_items(reference.value("transfer.checklist", on), case)


def _live(flag, on) -> bool:
    return bool(flag.value) and (flag.until is None or flag.until >= on) and (flag.since is None or flag.since <= on)


def receiving_teams(nominal):
    """Teams a case may move to: the other teams of agencies of the same kind as the one holding it, in any area
    (a transfer between forces or trusts, E-39), that have a supervisor to answer."""
    from mappa.accounts.models import Role, Team

    return (Team.objects.filter(agency__kind=nominal.team.agency.kind, members__role=Role.SUPERVISOR,
                                members__is_active=True)
            .exclude(pk=nominal.team_id).select_related("area", "agency").distinct().order_by("area__name", "name"))
