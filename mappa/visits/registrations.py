"""What this part adds to the case page, the work list and the demo (see mappa.core.extensions)."""
import datetime

from mappa.access import policy
from mappa.accounts.models import AgencyKind, Role
from mappa.core import extensions, facts, reference
from mappa.core.links import address_of
from mappa.visits import queries, rules

AGENCY_OF = {AgencyKind.POLICE: rules.POLICE, AgencyKind.PROBATION: rules.PROBATION}
LABEL = {rules.POLICE: "Police home visit", rules.PROBATION: "Probation home visit"}


def panel_context(user, nominal):
    from django.utils import timezone

    today = timezone.localdate()
    dues = queries.schedules(user, nominal, today)
    return {"dues": [{"due": d, "label": LABEL[d.agency], "overdue": d.overdue_on(today)} for d in dues],
            "latest": queries.visits(user, nominal).first(),
            "warrant": queries.warrant_due(user, nominal, today)}


extensions.case_panel(extensions.CasePanel("visits", "Home visits", "visits/panel.html", panel_context, order=65))
extensions.case_tab(extensions.CaseTab("Visits", "visits:visits", order=65))


def _cases(user) -> list:
    """The cases whose visits the user answers for: those they manage or partner on, and a supervisor's team's.
    Every such case: a visit overdue on the 101st case of a team is as overdue as on the first. The facts and last
    visits are read for them all at once (facts_for_many, last_attended)."""
    return policy.answered_cases(user, policy.WRITE)


@extensions.work_list(kinds=("home_visit",), facts=queries.FACTS, answered=True)
def work(user, today: datetime.date, members=None) -> list:
    """Home visits due soon or overdue: the user's own agency's, and every agency's on the cases they manage. With
    `members` (a supervisor's team, see extensions.work_list): each member's, from the team's cases read once."""
    asked = [(m, whose) for m, whose in extensions.answering(user, members)
             if m.is_authenticated and m.role not in (Role.ADMIN, Role.EMERGENCY, Role.PARTNER_READONLY) and m.agency_id]
    if not asked or not user.is_authenticated or not user.agency_id:
        return []
    if members is None:
        people = list(_cases(user))
    else:  # the team queue keeps the team's records only
        people = list(policy.nominals_for(user, policy.WRITE).filter(team_id=user.team_id)
                      .only("id", "manager_id", "team_id", "first_name", "middle_names", "last_name").order_by("id"))
    if not people:
        return []
    try:
        ahead = today + datetime.timedelta(days=reference.value("visits.worklist.lookahead_days", today))
    except reference.MissingReferenceData:
        return []
    numbers = queries.tables(today)
    ids = [n.pk for n in people]
    known = facts.facts_for_many(user, people, only=queries.FACTS)
    # The work list shows due dates only, never the last visit, so the visible dates are not read.
    last, overrides = queries.last_attended(user, ids), queries.current_overrides(user, ids)
    answer = ({n.pk: [user] for n in people} if members is None else policy.who_answers([m for m, _ in asked], people))
    whose_of = {m.pk: whose for m, whose in asked}
    visits_page = address_of("visits:visits")
    found = []
    for person in people:
        if not answer[person.pk]:
            continue
        for due in queries.schedules(user, person, today, known=known[person.pk], last=last.get(person.pk, {}),
                                     overrides=overrides.get(person.pk, {}), numbers=numbers, seen={}):
            if due.due is None or due.due > ahead:
                continue
            state = "overdue" if due.overdue_on(today) else "due"
            for member in answer[person.pk]:
                if due.agency == AGENCY_OF.get(member.agency.kind) or person.manager_id == member.pk:
                    found.append(extensions.WorkItem(
                        nominal_id=person.pk, nominal_name=person.full_name,
                        what=f"{LABEL[due.agency]} {state} ({due.why.lower()})", due=due.due,
                        url=visits_page(person.pk), kind="home_visit", whose=whose_of[member.pk]))
    return found


def _demo(*, users, nominals, today):
    from mappa.visits import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("risk", "orders", "licences"))
