"""What this part adds to the navigation, the work list and the demo (see mappa.core.extensions)."""
import datetime

from django.urls import reverse

from mappa.access import policy
from mappa.core import extensions, reference
from mappa.workforce import queries, rules

KIND = "staff_supervision"
TRAINING_KIND = "training_expiry"
# A work item is about a case; a supervision of staff is about none: no case to link (the queue names the team).
NO_CASE = 0


def _may_use(user) -> bool:
    return bool(user.is_authenticated and user.role in policy.WRITING_ROLES and user.agency_id)


extensions.nav_link(extensions.NavLink("Supervision and training", "workforce:index", _may_use, order=63))
# Allocation by skills (F-152): the training a new manager lacks for a case, warned of wherever a case changes hands.
extensions.allocation_check(queries.lacking_for_cases)


@extensions.work_list(kinds=(KIND,), on_cases=False)
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


@extensions.work_list(kinds=(TRAINING_KIND,), on_cases=False)
def training(user, today: datetime.date, members=None) -> list:
    """Training to renew (inspection 2010 F-153, ¶10.8: refresher dates): a record in force that expires within the
    window (`workforce.training.expiry_window_days`), or one expired that the person's role still requires. On the
    person's own list and, with `members`, on their supervisor's team list; only for people whose training the
    reader may see (policy.staff_for). Each links to the person's training. A fixed number of queries."""
    asked = extensions.case_workers(user, members)
    if not asked:
        return []
    try:
        window = int(reference.value("workforce.training.expiry_window_days", today))
        roles = reference.value("workforce.roles", today)
    except reference.MissingReferenceData:
        return []
    visible = set(policy.staff_for(user).filter(pk__in=[m.pk for m, _ in asked]).values_list("pk", flat=True))
    people = [(m, whose) for m, whose in asked if m.pk in visible]
    held = queries.trainings(user, [m for m, _ in people])
    found = []
    for person, whose in people:
        role = rules.role_of(person.agency.kind if person.agency_id else "", person.role, roles)
        required = roles["roles"].get(role, {}).get("training", []) if role else []
        url = reverse("workforce:person", args=[person.pk]) + "#training"
        for alert in rules.training_alerts(held[person.pk], required, today, window):
            name = queries.course_name(alert.course, roles)
            found.append(extensions.WorkItem(
                nominal_id=NO_CASE, nominal_name="Your training" if not whose else f"Training of {person.display_name}",
                kind=TRAINING_KIND, whose=whose, due=alert.expires_on, url=url,
                what=f"Renew training in {name}: " + ("expired" if alert.expired else "expires")))
    return found


def panel_context(user, nominal):
    """The case page's "Discussed in supervision": what staff supervision agreed about this case, to those
    policy.case_discussions_for allows (the supervisee, the supervisor, the team that manages the case). None when
    there is nothing they may read."""
    rows = queries.case_discussions(user, nominal)
    return {"discussions": rows} if rows else None


extensions.case_panel(extensions.CasePanel("staff-supervision", "Discussed in supervision", "workforce/panel.html",
                                           panel_context, order=90))


def _demo(*, users, nominals, today):
    from mappa.workforce import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("risk", "supervision"))
