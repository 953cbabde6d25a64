"""What this part adds to the case page, the work list and the demo (see mappa.core.extensions)."""
import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import extensions, reference
from mappa.orders.models import Sentence
from mappa.supervision import queries, rules
from mappa.supervision.models import Appointment

PANEL_ROWS = 5


def _has_orders(user, nominal) -> bool:
    return queries.orders(user, nominal).exists()


def panel_context(user, nominal):
    """The Supervision panel: the orders' requirements (treatment details only for those allowed them), the next
    appointments, absences and warnings. None when the person has no community or suspended sentence order."""
    today = timezone.localdate()
    orders = list(queries.orders(user, nominal))
    if not orders:
        return None
    requirements = queries.requirements(user, nominal, order_ids=[o.pk for o in orders])
    appointments = queries.appointments(user, nominal)
    upcoming = list(appointments.filter(on__gte=today, outcome="").order_by("on", "at", "id")[:PANEL_ROWS])
    absences = list(appointments.filter(outcome__in=[rules.ACCEPTABLE, rules.UNACCEPTABLE])[:PANEL_ROWS])
    warnings = list(queries.warnings(user, nominal)[:PANEL_ROWS])
    shown = [*orders, *(r.requirement for r in requirements), *upcoming, *absences, *warnings]
    return {"requirements": requirements, "upcoming": upcoming, "absences": absences, "warnings": warnings,
            "states": queries.states(user, nominal, today, orders_seen=orders),
            "markings": [i.marking for i in shown]}


extensions.case_panel(extensions.CasePanel("supervision", "Supervision", "supervision/panel.html", panel_context,
                                           order=62))
extensions.case_tab(extensions.CaseTab("Supervision", "supervision:supervision", order=62, visible=_has_orders))


def _cases(user):
    """The cases whose supervision the user answers for: those they manage, and a supervisor's team's."""
    mine = Q(manager=user)
    if user.role == Role.SUPERVISOR and user.team_id:
        mine |= Q(team_id=user.team_id)
    return policy.nominals_for(user, policy.WRITE).filter(mine)


@extensions.work_list
def work(user, today: datetime.date) -> list:
    """Appointments whose outcome is still to be recorded, and warnings and breach action the enforcement rule
    calls for, on the orders of the cases the user answers for. A fixed number of queries whatever the
    caseload: the cases, the appointments, the orders, the rule's inputs and the reference data, each read once."""
    if not user.is_authenticated or user.role in (Role.ADMIN, Role.EMERGENCY, Role.PARTNER_READONLY) or not user.agency_id:
        return []
    try:
        numbers = queries.tables(today)
    except reference.MissingReferenceData:
        return []
    cases = _cases(user)
    found = []
    to_record = (policy.items_for(user, Appointment).filter(nominal__in=cases, outcome="", on__lt=today)
                 .select_related("nominal").order_by("on", "id")[:200])
    for a in to_record:
        found.append(extensions.WorkItem(
            nominal_id=a.nominal_id, nominal_name=a.nominal.full_name, what=f"Record the outcome: {a}",
            due=a.on, url=reverse("supervision:outcome", args=[a.nominal_id, a.pk]), kind="supervision_outcome"))
    orders = list(policy.items_for(user, Sentence).filter(nominal__in=cases, kind__in=queries.ORDER_KINDS)
                  .select_related("nominal").order_by("id"))
    orders = [o for o in orders if queries.in_force(o, today)]
    if not orders:
        return found
    inputs = queries.enforcement_inputs(user, {o.nominal_id for o in orders})
    months = int(numbers["enforcement"]["window_months"])
    for order in orders:
        absences, warned, breached, _ = inputs.get(order.pk, ([], [], [], None))
        if not absences:
            continue
        state = rules.enforcement(absences, warned, breached, today, numbers["enforcement"])
        if not state.step or state.done:
            continue
        what = {rules.WARNING: "Give a warning", rules.FINAL_WARNING: "Give a final warning",
                rules.BREACH: "Breach action due"}[state.step]
        found.append(extensions.WorkItem(
            nominal_id=order.nominal_id, nominal_name=order.nominal.full_name,
            what=f"{what}: {state.counted} unacceptable absences in {months} months" if state.counted != 1
            else f"{what}: an unacceptable absence",
            due=state.due_on or state.trigger_on, url=reverse("supervision:supervision", args=[order.nominal_id]),
            kind="supervision_breach" if state.step == rules.BREACH else "supervision_warning"))
    return found


def _demo(*, users, nominals, today):
    from mappa.supervision import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("orders", "plans"))
