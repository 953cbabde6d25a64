"""What this part adds to the case page, the work list, the navigation and the demo (see mappa.core.extensions)."""
import datetime

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import extensions
from mappa.core.links import address_of
from mappa.intelligence import queries

# A work list is read on every home page: the oldest waiting items first, at most this many of each kind.
WORK_LIMIT = 200


def panel_context(user, nominal):
    return {"counts": queries.counts(user, nominal), "may_submit": policy.may_submit_intelligence(user, nominal)}


extensions.case_panel(extensions.CasePanel("intelligence", "Intelligence", "intelligence/panel.html", panel_context,
                                           order=66))
extensions.case_tab(extensions.CaseTab("Intelligence", "intelligence:intelligence", order=66))
extensions.nav_link(extensions.NavLink(
    "Intelligence handling", "intelligence:audit", order=85,
    visible=lambda user: user.is_authenticated and user.role == Role.SUPERVISOR and bool(user.team_id)))


@extensions.work_list(kinds=("intelligence_evaluation",), answered=True)
def to_evaluate(user, today: datetime.date, members=None) -> list:
    """Information waiting for the user to evaluate: on the records they manage, and a supervisor's team's. With
    `members` (a supervisor's team, see extensions.work_list): each member's, read once for them all."""
    if not user.is_authenticated:
        return []
    rows = (policy.intelligence_to_evaluate(user).order_by("due_on", "id")
            .only("id", "due_on", "nominal_id", "nominal__manager_id", "nominal__team_id", *extensions.NOMINAL_NAME))
    if members is None:
        asked, rows = [(user, "")], list(rows[:WORK_LIMIT])
    else:  # the team queue keeps the team's records only
        asked = [(m, m.display_name) for m in members if m.role in policy.WRITING_ROLES]
        rows = list(rows.filter(nominal__team_id=user.team_id))
    found, evaluate_page = [], address_of("intelligence:evaluate", 2)
    for member, whose in asked:
        mine = rows if members is None else [i for i in rows if policy.answers_for_intelligence(member, i.nominal)][:WORK_LIMIT]
        for item in mine:
            state = "overdue" if item.due_on < today else "due"
            found.append(extensions.WorkItem(
                nominal_id=item.nominal_id, nominal_name=item.nominal.full_name, what=f"Intelligence to evaluate ({state})",
                due=item.due_on, url=evaluate_page(item.nominal_id, item.pk),
                kind="intelligence_evaluation", whose=whose))
    return found


@extensions.work_list(kinds=("intelligence_action",))
def actions_owned(user, today: datetime.date, members=None) -> list:
    """Open actions from intelligence that the user owns, on items they may still read. With `members` (a
    supervisor's team, see extensions.work_list): each member's, read once for them all."""
    if not user.is_authenticated:
        return []
    owner_of = {m.pk: (m, whose) for m, whose in extensions.answering(user, members)}
    found, counted, item_page = [], {}, address_of("intelligence:item", 2)
    actions = policy.intelligence_actions_owned(user, list(owner_of)).order_by("due_on", "id")
    for action in (actions[:WORK_LIMIT] if members is None else actions):
        owner, whose = owner_of[action.owner_id]
        if counted.get(owner.pk, 0) >= WORK_LIMIT:
            continue
        counted[owner.pk] = counted.get(owner.pk, 0) + 1
        if not policy.may_read_intelligence(owner, action.item, reached=True):
            continue
        state = "overdue" if action.due_on < today else "due"
        found.append(extensions.WorkItem(
            nominal_id=action.nominal_id, nominal_name=action.item.nominal.full_name,
            what=f"{action.get_kind_display()} from intelligence ({state})", due=action.due_on,
            url=item_page(action.nominal_id, action.item_id), kind="intelligence_action",
            whose=whose))
    return found


@extensions.demo_data(after=("visits", "risk", "plans"))
def _demo(*, users, nominals, today):
    from mappa.intelligence import demo

    demo.load(users=users, nominals=nominals, today=today)
