"""What this part adds to the case page, the work list, the navigation and the demo (see mappa.core.extensions)."""
import datetime

from django.urls import reverse

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import extensions
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


@extensions.work_list
def to_evaluate(user, today: datetime.date) -> list:
    """Information waiting for the user to evaluate: on the records they manage, and a supervisor's team's."""
    if not user.is_authenticated:
        return []
    rows = (policy.intelligence_to_evaluate(user).order_by("due_on", "id")
            .only("id", "due_on", "nominal_id", *extensions.NOMINAL_NAME)[:WORK_LIMIT])
    found = []
    for item in rows:
        state = "overdue" if item.due_on < today else "due"
        found.append(extensions.WorkItem(
            nominal_id=item.nominal_id, nominal_name=item.nominal.full_name, what=f"Intelligence to evaluate ({state})",
            due=item.due_on, url=reverse("intelligence:evaluate", args=[item.nominal_id, item.pk]),
            kind="intelligence_evaluation"))
    return found


@extensions.work_list
def actions_owned(user, today: datetime.date) -> list:
    """Open actions from intelligence that the user owns, on items they may still read."""
    if not user.is_authenticated:
        return []
    found = []
    for action in policy.intelligence_actions_owned(user).order_by("due_on", "id")[:WORK_LIMIT]:
        if not policy.may_read_intelligence(user, action.item, reached=True):
            continue
        state = "overdue" if action.due_on < today else "due"
        found.append(extensions.WorkItem(
            nominal_id=action.nominal_id, nominal_name=action.item.nominal.full_name,
            what=f"{action.get_kind_display()} from intelligence ({state})", due=action.due_on,
            url=reverse("intelligence:item", args=[action.nominal_id, action.item_id]), kind="intelligence_action"))
    return found


@extensions.demo_data(after=("visits", "risk", "plans"))
def _demo(*, users, nominals, today):
    from mappa.intelligence import demo

    demo.load(users=users, nominals=nominals, today=today)
