"""What this part adds to the case page, the work list and the demo (see mappa.core.extensions)."""
import datetime

from django.utils import timezone

from mappa.access import policy
from mappa.core import extensions, reference
from mappa.core.links import address_of
from mappa.resettlement import queries, rules
from mappa.resettlement.models import PremisesPlacement

PANEL_ROWS = 3


def panel_context(user, nominal):
    """The Resettlement panel: the latest approved premises placements with their move-on plan, and the pathways
    (the health and substance misuse pathway's details only for those allowed them). None when there is nothing."""
    today = timezone.localdate()
    placements = queries.placement_rows(user, nominal, today, rows=queries.placements(user, nominal)[:PANEL_ROWS])
    pathways = queries.pathways(user, nominal, with_actions=False)
    if not placements and not pathways:
        return None
    shown = [*(p.placement for p in placements), *(p.pathway for p in pathways), *(p.detail for p in pathways if p.detail)]
    return {"placements": placements, "pathways": pathways, "markings": [i.marking for i in shown]}


extensions.case_panel(extensions.CasePanel("resettlement", "Approved premises and resettlement",
                                           "resettlement/panel.html", panel_context, order=64))
extensions.case_tab(extensions.CaseTab("Resettlement", "resettlement:resettlement", order=64))


@extensions.work_list(kinds=("resettlement_move_on", "resettlement_action"), answered=True)
def work(user, today: datetime.date, members=None) -> list:
    """Move-on plans due (from `lookahead_days` before the day they are due) for people still in approved premises,
    and pathway actions past their target date, on the cases the user answers for (those they manage, and a
    supervisor's team's). With `members` (a supervisor's team): each member's, from the team's cases read once.
    A fixed number of queries whatever the caseload: the cases, the placements, the actions, the reference data.
    An action of the health and substance misuse pathway is listed only for those allowed it, and never names
    what it is."""
    asked = extensions.case_workers(user, members)
    if not asked:
        return []
    try:
        numbers = queries.tables(today)
    except reference.MissingReferenceData:
        return []
    managers = policy.managers_of_cases_managed(user, members)
    whose = extensions.whose_case(user, members, asked, managers)

    found, move_on_page, pathways_page = [], address_of("resettlement:move_on", 2), address_of("resettlement:resettlement")
    ahead = datetime.timedelta(days=int(numbers["move_on"]["lookahead_days"]))
    resident = (policy.items_on(user, PremisesPlacement, managers).filter(departed_on__isnull=True,
                                                                  move_on_agreed_on__isnull=True)
                .select_related("nominal").order_by("arrived_on", "id")[:200])
    for p in resident:
        due = rules.move_on_plan_due(p.arrived_on, p.expected_departure_on, numbers["move_on"])
        if due - ahead > today:
            continue
        found += [extensions.WorkItem(
            nominal_id=p.nominal_id, nominal_name=p.nominal.full_name,
            what=f"Agree the move-on plan: expected to leave approved premises {p.expected_departure_on:%-d %B %Y}",
            due=due, url=move_on_page(p.nominal_id, p.pk), kind="resettlement_move_on",
            whose=label) for label in whose(p.nominal_id)]
    overdue = (policy.pathway_actions_for(user, nominal_ids=list(managers)).filter(done_on__isnull=True, target_on__lt=today)
               .select_related("nominal", "pathway").order_by("target_on", "id")[:200])
    for a in overdue:
        what = ("Pathway action overdue (health and substance misuse)" if a.pathway.kind in rules.RESTRICTED_PATHWAYS
                else f"Pathway action overdue ({a.pathway.get_kind_display().lower()}): {a.action}")
        found += [extensions.WorkItem(
            nominal_id=a.nominal_id, nominal_name=a.nominal.full_name, what=what, due=a.target_on,
            url=pathways_page(a.nominal_id), kind="resettlement_action",
            whose=label) for label in whose(a.nominal_id)]
    return found


def _demo(*, users, nominals, today):
    from mappa.resettlement import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("orders", "plans", "supervision"))
