"""What this part adds to the case page, the work list and the demo (see mappa.core.extensions)."""
import datetime

from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.core import extensions, facts, reference
from mappa.core.links import address_of
from mappa.licences.models import Licence
from mappa.orders.models import Sentence
from mappa.supervision import queries, rules
from mappa.supervision.models import Appointment

PANEL_ROWS = 5


def _has_supervision(user, nominal) -> bool:
    return queries.has_supervision(user, nominal)


def panel_context(user, nominal):
    """The Supervision panel: the orders' requirements (treatment details only for those allowed them), the next
    appointments, absences and warnings, each licence in force with its reporting and enforcement. None when the
    person has none of these (nor a polygraph examination, medication or circle)."""
    today = timezone.localdate()
    orders = list(queries.orders(user, nominal))
    licences = list(queries.licences(user, nominal, today))
    polygraph = queries.polygraphs(user, nominal).first()
    medication = queries.medication(user, nominal, today)
    circle = next(iter(queries.circles(user, nominal)), None)
    held = bool(orders or licences or polygraph is not None or medication or circle is not None)
    facts.remember(queries.held_key(user, nominal), lambda: held)  # the tab's question, answered (has_supervision)
    if not held:
        return None
    interventions = {"polygraph": polygraph, "medication": medication, "circle": circle}
    requirements = queries.requirements(user, nominal, order_ids=[o.pk for o in orders])
    appointments = queries.appointments(user, nominal)
    upcoming = list(appointments.filter(on__gte=today, outcome="").order_by("on", "at", "id")[:PANEL_ROWS])
    absences = list(appointments.filter(outcome__in=[rules.ACCEPTABLE, rules.UNACCEPTABLE])[:PANEL_ROWS])
    warnings = list(queries.warnings(user, nominal)[:PANEL_ROWS])
    shown = [*orders, *licences, *(r.requirement for r in requirements), *upcoming, *absences, *warnings,
             *(i for i in (polygraph, circle) if i is not None), *(m.medication for m in medication)]
    return {"requirements": requirements, "upcoming": upcoming, "absences": absences, "warnings": warnings,
            "orders": orders, "today": today, **interventions,
            "states": queries.states(user, nominal, today, orders_seen=orders),
            "licence_states": queries.licence_states(user, nominal, today, licences_seen=licences),
            "markings": [i.marking for i in shown]}


extensions.case_panel(extensions.CasePanel("supervision", "Supervision", "supervision/panel.html", panel_context,
                                           order=62))
extensions.case_tab(extensions.CaseTab("Supervision", "supervision:supervision", order=62, visible=_has_supervision))


@extensions.work_list(kinds=("supervision_outcome", "supervision_warning", "supervision_breach",
                                "supervision_medication", "supervision_recall"), answered=True)
def work(user, today: datetime.date, members=None) -> list:
    """Appointments whose outcome is still to be recorded, and warnings and breach action the enforcement rule
    calls for, on the orders of the cases the user answers for (those they manage, and a supervisor's team's).
    With `members` (a supervisor's team, see extensions.work_list): each member's, from the team's cases read once.
    A fixed number of queries whatever the caseload: the cases, the appointments, the orders, the rule's inputs and
    the reference data, each read once."""
    asked = extensions.case_workers(user, members)
    if not asked:
        return []
    try:
        numbers = queries.tables(today)
    except reference.MissingReferenceData:
        return []
    managers = policy.managers_of_cases_managed(user, members)
    whose = extensions.whose_case(user, members, asked, managers)

    found, outcome_page, supervision_page = [], address_of("supervision:outcome", 2), address_of("supervision:supervision")
    to_record = (policy.items_on(user, Appointment, managers).filter(outcome="", on__lt=today)
                 .select_related("nominal").order_by("on", "id")[:200])
    for a in to_record:
        found += [extensions.WorkItem(
            nominal_id=a.nominal_id, nominal_name=a.nominal.full_name, what=f"Record the outcome: {a}",
            due=a.on, url=outcome_page(a.nominal_id, a.pk), kind="supervision_outcome",
            whose=label) for label in whose(a.nominal_id)]
    found += _medication_reviews(user, list(managers), today, numbers, whose)
    found += _licence_enforcement(user, list(managers), today, numbers, whose)
    # Only the orders in force: a team's cases hold hundreds of ended ones (662 for the bench team, 15 in force).
    orders = list(policy.items_on(user, Sentence, managers).filter(kind__in=queries.ORDER_KINDS)
                  .filter(queries.in_force_on(today)).select_related("nominal").order_by("id"))
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
        found += [extensions.WorkItem(
            nominal_id=order.nominal_id, nominal_name=order.nominal.full_name,
            what=f"{what}: {state.counted} unacceptable absences in {months} months" if state.counted != 1
            else f"{what}: an unacceptable absence",
            due=state.due_on or state.trigger_on, url=supervision_page(order.nominal_id),
            kind="supervision_breach" if state.step == rules.BREACH else "supervision_warning", whose=label)
            for label in whose(order.nominal_id)]
    return found


def _licence_enforcement(user, nominal_ids, today, numbers, whose) -> list:
    """Warnings and recall to consider that the licence enforcement rule calls for, on the licences in force of
    the cases given. Recall links to where it is recorded: the orders part's recall form."""
    licences = list(policy.items_on(user, Licence, nominal_ids).filter(sentence__isnull=False,
                                                           start_date__lte=today, end_date__gte=today)
                    .exclude(revoked_on__lte=today).select_related("nominal").order_by("id"))
    if not licences:
        return []
    inputs = queries.licence_inputs(user, {lic.nominal_id for lic in licences}, licences)
    months = int(numbers["licence_enforcement"]["window_months"])
    found = []
    for lic in licences:
        absences, warned, recalled, _ = inputs[lic.pk]
        state = rules.licence_enforcement(absences, warned, recalled, today, numbers["licence_enforcement"])
        if not state.step or state.done:
            continue
        what = {rules.WARNING: "Give a warning on licence", rules.FINAL_WARNING: "Give a final warning on licence",
                rules.RECALL: "Consider recall"}[state.step]
        recall = state.step == rules.RECALL
        found += [extensions.WorkItem(
            nominal_id=lic.nominal_id, nominal_name=lic.nominal.full_name,
            what=f"{what}: {state.counted} unacceptable absences in {months} months" if state.counted != 1
            else f"{what}: an unacceptable absence", due=state.trigger_on,
            url=reverse("orders:create", args=[lic.nominal_id, "recalls"]) if recall
            else reverse("supervision:supervision", args=[lic.nominal_id]),
            kind="supervision_recall" if recall else "supervision_warning", whose=label)
            for label in whose(lic.nominal_id)]
    return found


def _medication_reviews(user, nominal_ids, today, numbers, whose) -> list:
    """Reviews of medication to reduce sexual arousal due within the look-ahead or overdue: only for an agency
    policy.medication_for allows (for the others there is nothing to list, and nothing says there is)."""
    rows = (policy.medication_for(user, nominal_ids=nominal_ids).filter(started_on__isnull=False)
            .select_related("nominal").order_by("id"))
    ahead = today + datetime.timedelta(days=int(numbers["lookahead"]))
    found = []
    for m in rows:
        row = queries.medication_row(m, numbers["medication"], today)
        if row.review_due is None or row.review_due > ahead:
            continue
        found += [extensions.WorkItem(
            nominal_id=m.nominal_id, nominal_name=m.nominal.full_name, what="Review medication to reduce sexual arousal",
            due=row.review_due, url=reverse("supervision:edit_medication", args=[m.nominal_id, m.pk]),
            kind="supervision_medication", whose=label) for label in whose(m.nominal_id)]
    return found


def _demo(*, users, nominals, today):
    from mappa.supervision import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("orders", "licences", "plans"))
