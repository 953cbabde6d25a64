"""What this part adds to the navigation, the work list and the demo (see mappa.core.extensions)."""
import datetime

from django.urls import reverse

from mappa.access import policy
from mappa.core import extensions, reference
from mappa.workforce import queries, rules

KIND = "staff_supervision"
# A work item is about a case; a supervision of staff is about none: no case to link (the queue names the team).
NO_CASE = 0


def _may_use(user) -> bool:
    return bool(user.is_authenticated and user.role in policy.WRITING_ROLES and user.agency_id)


extensions.nav_link(extensions.NavLink("Supervision and training", "workforce:index", _may_use, order=63))
# Allocation by skills (F-152): the training a new manager lacks for a case, warned of wherever a case changes hands.
extensions.allocation_check(queries.lacking_for_cases)


@extensions.work_list(kinds=(KIND,))
def work(user, today: datetime.date, members=None) -> list:
    """A supervisor's supervision of their team's members due within the look-ahead or overdue (monthly, inspection
    2010 ¶10.13), and a first one for a member never supervised. On the supervisor's own list: with `members` (the
    team queue), the items of the supervisors among them, read as `user` may see them. A fixed number of queries."""
    asked = [(m, whose) for m, whose in extensions.answering(user, members) if policy.may_see_team(m)
             and m.team_id == user.team_id]
    if not asked or not policy.may_see_team(user):
        return []
    try:
        lookahead = int(reference.value("workforce.worklist.lookahead_days", today))
    except reference.MissingReferenceData:
        return []
    team = [m for m in policy.team_members_for(user).order_by("last_name", "first_name", "pk")]
    due = queries.next_due(user, team)
    found = []
    for person in team:
        state = rules.supervision_state(due.get(person.pk), today, lookahead)
        if not state:
            continue
        for supervisor, whose in asked:
            if person.pk == supervisor.pk:
                continue
            found.append(extensions.WorkItem(
                nominal_id=NO_CASE, nominal_name="Your team", kind=KIND, whose=whose,
                what=f"Supervise {person.display_name}" + ("" if person.pk in due else ": no supervision recorded yet"),
                due=due.get(person.pk, today), url=reverse("workforce:person", args=[person.pk])))
    return found


def _demo(*, users, nominals, today):
    from mappa.workforce import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("risk", "supervision"))
