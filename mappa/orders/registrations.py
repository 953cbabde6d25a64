"""What this part adds to the case page, the work list and the navigation (see mappa.core.extensions),
and the facts and significant events it provides or listens to."""
import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import AgencyKind
from mappa.core import extensions, facts, reference
from mappa.core.links import address_of
from mappa.orders import queries
from mappa.orders.models import Breach, CivilOrder, Prohibition, Recall


def _panel(user, nominal):
    from mappa.orders.views import overview_data

    data = overview_data(user, nominal, timezone.localdate())
    data["can_write"] = policy.can(user, policy.WRITE, nominal)
    return data


extensions.case_panel(extensions.CasePanel("legal-status", "Legal status", "orders/panel.html", _panel, order=20))
extensions.case_tab(extensions.CaseTab("Sentences and orders", "orders:overview", order=20))


def _sees_figures(user):
    from mappa.orders.views import may_see_figures

    return may_see_figures(user)


extensions.nav_link(extensions.NavLink("Enforcement figures", "orders:figures", _sees_figures, order=60))


# Two providers, so that a caller needing only the legal status (the work list) reads no convictions.
@facts.provider(many=queries.sanctions_for_nominals, provides=("sanctions",))
def orders_sanctions(reader, nominal):
    return facts.Facts(sanctions=queries.sanctions(nominal.pk, queries.visible_snapshot(nominal, reader)))


@facts.provider(many=queries.status_for_nominals, provides=queries.STATUS_FIELDS)
def orders_status(reader, nominal):
    return queries.status_facts(nominal.pk, queries.visible_snapshot(nominal, reader), timezone.localdate())


@extensions.work_list(kinds=("notification_due", "notification_overdue", "breach_decision", "recall_decision"), answered=True)
def overdue_notifications(user, today, members=None):
    """Notifications due soon or overdue (a breach to consider), for the manager and police partners. With `members`
    (a supervisor's team, see extensions.work_list): each member's, from the team's records read once."""
    try:
        ahead = reference.value("orders.notification.due_soon_days", today)
    except reference.MissingReferenceData:
        ahead = 0
    asked = extensions.answering(user, members)
    whose_of = {m.pk: whose for m, whose in asked}
    police = {m.pk for m, _ in asked if getattr(m, "agency_id", None) and m.agency.kind == AgencyKind.POLICE}
    if members is None:
        # By id: as one condition with OR and the partner subquery, PostgreSQL read every due notification in the
        # country and every record to find a police officer's few (a quarter of a second).
        cases = [n.pk for n in policy.answered_cases(user) if n.manager_id == user.pk]
        mine = Q(nominal_id__any=cases + (policy.partnered_ids(user) if police else []))
    else:  # the team queue keeps the team's records only
        mine = Q(nominal__team_id=user.team_id)
    due = queries.open_notifications(user).filter(mine, due_on__lte=today + datetime.timedelta(days=ahead))
    rows = _notifications_to_list(user, due, today, members) if due.exists() else []
    partners = set()
    if members is not None and police:
        partners = policy.live_partnerships(police, {e.nominal_id for e in rows})
    items, shown = [], {}
    for e in rows:
        overdue = e.due_on < today
        what = f"{e.get_kind_display()} overdue: a breach to consider" if overdue else f"{e.get_kind_display()} due"
        for member, whose in asked:
            if members is not None and not (e.nominal.manager_id == member.pk or (member.pk, e.nominal_id) in partners):
                continue
            if shown.get(member.pk, 0) >= 50:  # each member's list holds their 50 soonest
                continue
            shown[member.pk] = shown.get(member.pk, 0) + 1
            items.append(extensions.WorkItem(e.nominal_id, e.nominal.full_name, what, e.due_on,
                                             reverse("orders:edit", args=[e.nominal_id, "notifications", e.pk]),
                                             kind="notification_overdue" if overdue else "notification_due", whose=whose))
    ids = [m.pk for m, _ in asked]
    managed = Q(nominal__manager=user) if members is None else Q(nominal__manager_id__in=ids)
    for model, order, build in (
            (Breach, "occurred_on", lambda b: (f"Decide what to do about a breach: {b.what}"[:200], b.occurred_on,
                                               "breaches", "breach_decision")),
            (Recall, "requested_on", lambda r: (f"Recall awaiting a decision ({r.name.lower()})", r.requested_on,
                                                "recalls", "recall_decision"))):
        found = (policy.items_for(user, model).filter(managed, decision="").select_related("nominal")
                 .order_by(order, "id"))
        counted = {}
        for row in (found[:20] if members is None else found):
            manager = row.nominal.manager_id
            if counted.get(manager, 0) >= 20:  # each manager's list holds their 20 oldest
                continue
            counted[manager] = counted.get(manager, 0) + 1
            what, due, slug, kind = build(row)
            items.append(extensions.WorkItem(row.nominal_id, row.nominal.full_name, what, due,
                                             reverse("orders:edit", args=[row.nominal_id, slug, row.pk]), kind=kind,
                                             whose=whose_of.get(manager, "") if members is not None else ""))
    return items


def _notifications_to_list(user, due, today, members) -> list:
    """The notifications of `due` (open, due within the look-ahead) that still ask for something: not those a breach
    was recorded for, nor those of people in custody. Asked only when some are due: most caseloads and most people
    have none, and the statement that leaves those out (three custody spells and the breaches, each through the
    policy) takes longer to build than to answer."""
    # Only breaches the user may see count: a line gone for a breach they cannot see would tell them it exists.
    considered = Exists(policy.items_for(user, Breach, nominal=OuterRef("nominal")).filter(notification=OuterRef("pk")))
    rows = (due.exclude(considered).exclude(queries.in_custody_on(user, today)).select_related("nominal")
            .only("id", "nominal_id", "kind", "due_on", "nominal__manager_id", *extensions.NOMINAL_NAME).order_by("due_on", "id"))
    return list(rows[:50] if members is None else rows)


@extensions.work_list(kinds=("release", "licence_end"), facts=("in_custody", "on_licence", "release_date"), answered=True)
def releases_and_licence_ends(user, today, members=None):
    """Releases from custody and licence ends coming on the cases the user manages, from the legal status
    they may see (so a release recorded in what they may not see is not shown). With `members` (a supervisor's team,
    see extensions.work_list): each member's, the cases they manage read once."""
    if not getattr(user, "is_authenticated", False):
        return []
    try:
        ahead = today + datetime.timedelta(days=reference.value("orders.worklist.release_lookahead_days", today))
    except reference.MissingReferenceData:
        return []
    whose_of = {m.pk: whose for m, whose in extensions.answering(user, members)}
    people = list(policy.nominals_for(user).filter(manager_id__in=list(whose_of))
                  .only("id", "manager_id", "first_name", "middle_names", "last_name").order_by("id"))
    if not people:
        return []
    known = facts.facts_for_many(user, people, only=("in_custody", "on_licence", "release_date"))
    items, overview = [], address_of("orders:overview")
    for n in people:
        f = known[n.pk]
        url = overview(n.pk)
        whose = whose_of[n.manager_id]
        if f.in_custody.value and f.release_date and today <= f.release_date <= ahead:
            items.append(extensions.WorkItem(n.pk, n.full_name, "Release from custody: prepare for release", f.release_date,
                                             url, kind="release", whose=whose))
        ends = f.on_licence.until if f.on_licence.value else None
        if ends and today <= ends <= ahead:
            items.append(extensions.WorkItem(n.pk, n.full_name, "Licence ends: confirm the arrangements after it", ends, url,
                                             kind="licence_end", whose=whose))
    return items


@extensions.plan_requirements
def order_prohibitions(user, nominal):
    """Each prohibition of a civil order in force, for the shared risk management plan."""
    today = timezone.localdate()
    rows = (policy.items_for(user, Prohibition, nominal=nominal)
            .filter(order__status__in=CivilOrder.ACTIVE).select_related("order"))
    out = []
    for p in rows:
        order = p.order
        if order.ends_on and order.ends_on < today or p.ends_on and p.ends_on < today:
            continue
        out.append(extensions.PlanRequirement(
            key=f"orders.prohibition:{p.pk}", kind="order_prohibition", text=p.text,
            source_label=f"{order.get_kind_display()}{' (interim)' if order.interim else ''}",
            source_url=reverse("orders:edit", args=[nominal.pk, "civil-orders", order.pk]),
            restrictive=True, since=p.starts_on or order.starts_on, handling=p.handling))
    return out


@extensions.demo_data
def demo(*, users, nominals, today):
    from mappa.orders.demo import load

    load(users=users, nominals=nominals, today=today)
