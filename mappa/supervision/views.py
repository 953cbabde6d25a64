"""Pages of supervision. Thin: read through the policy and queries, change through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from mappa.access import policy
from mappa.core.markings import highest
from mappa.core.saving import save_or_review, try_save
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view
from mappa.orders.models import Breach
from mappa.supervision import forms, queries, rules, services
from mappa.supervision.models import Appointment, CircleOfSupport, Objective, PolygraphExam, Requirement

PAGE_SIZE = 20


@login_required
def supervision(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    today = timezone.localdate()
    orders = list(queries.orders(request.user, nominal))
    requirements = queries.requirements(request.user, nominal, order_ids=[o.pk for o in orders])
    page = Paginator(queries.appointments(request.user, nominal), PAGE_SIZE).get_page(request.GET.get("page"))
    warnings = list(queries.warnings(request.user, nominal)[:50])
    breaches = list(queries.breaches(request.user, nominal)[:50])
    outcomes = {}
    for o in queries.court_outcomes(request.user, nominal).filter(breach__in=breaches):
        outcomes.setdefault(o.breach_id, []).append(o)
    for b in breaches:
        b.court_outcomes = outcomes.get(b.pk, [])
    objectives = list(queries.objectives(request.user, nominal)[:100])
    plan_items = {i.pk: i for i in queries.for_plan_items(request.user, nominal)
                  .filter(pk__in=[o.plan_item_id for o in objectives if o.plan_item_id])}
    for o in objectives:
        o.plan_item_shown = plan_items.get(o.plan_item_id)
    states = queries.states(request.user, nominal, today, orders_seen=orders)
    licences = list(queries.licences(request.user, nominal, today))
    licence_states = queries.licence_states(request.user, nominal, today, licences_seen=licences)
    for s in [*states, *licence_states]:
        s.summary = s.enforcement.describe(s.months)
    polygraphs = list(queries.polygraphs(request.user, nominal)[:50])
    medication = queries.medication(request.user, nominal, today)
    circles = queries.circles(request.user, nominal)
    record_view(request.user, nominal, what="supervision")
    shown = [*orders, *licences, *(r.requirement for r in requirements), *page.object_list, *warnings, *breaches, *objectives,
             *polygraphs, *(m.medication for m in medication), *circles, *(c for circle in circles for c in circle.concerns)]
    return render(request, "supervision/supervision.html", {
        "nominal": nominal, "case": case_header(request, nominal), "orders": orders, "requirements": requirements,
        "page": page, "warnings": warnings, "breaches": breaches, "objectives": objectives, "states": states,
        "licence_states": licence_states, "polygraphs": polygraphs, "medication": medication, "circles": circles,
        "sees_medication": policy.may_see_treatment(request.user),
        "today": today, "can_write": policy.can(request.user, policy.WRITE, nominal),
        "marking": highest([nominal.marking, *(i.marking for i in shown)]),
    })


def _form_page(request, nominal, form, title, **extra):
    return render(request, "supervision/form.html", {"form": form, "nominal": nominal, "case": case_header(request, nominal),
                                                     "title": title, "marking": nominal.marking, **extra})


def _orders_or_back(request, nominal):
    orders = list(queries.orders(request.user, nominal))
    for o in orders:
        o.choice_label = str(o)
    return orders


def _licences(request, nominal):
    """The licences in force an appointment or warning may be under: those issued under a recorded sentence."""
    licences = list(queries.licences(request.user, nominal, timezone.localdate()).filter(sentence__isnull=False))
    for lic in licences:
        lic.choice_label = str(lic)
    return licences


def _order_or_licence(form):
    """Offer a licence only when one may be chosen, and an order only when there is one (one of them stays). When only
    one kind is offered it must be chosen, and is offered with no blank."""
    if not form.records["licence"]:
        del form.fields["licence"]
        _required(form.fields["sentence"])
    elif not form.records["sentence"]:
        del form.fields["sentence"]
        form.fields["licence"].label = "Licence"
        _required(form.fields["licence"])
    return form


def _required(field) -> None:
    field.required = True
    field.choices = [(value, label) for value, label in field.choices if value != ""]


def _done(request, nominal, text):
    messages.success(request, text)
    return redirect("supervision:supervision", nominal.pk)


@login_required
def add_requirement(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.RequirementForm(request.POST or None, records={"sentence": _orders_or_back(request, nominal)},
                                 initial={"starts_on": timezone.localdate()})
    if not policy.may_see_treatment(request.user):
        for name in ("treatment", "provider", "testing"):
            del form.fields[name]
        form.fields["kind"].choices = [c for c in form.fields["kind"].choices if c[0] != rules.TREATMENT]
    if request.method == "POST" and form.is_valid():
        data, treatment = form.to_data()
        if try_save(form, lambda: services.add_requirement(actor=request.user, nominal=nominal, data=data, treatment=treatment)):
            return _done(request, nominal, "Requirement added.")
    return _form_page(request, nominal, form, "Add a requirement of the order")


def _requirements_for_choice(request, nominal):
    rows = queries.requirements(request.user, nominal)
    for r in rows:
        r.requirement.choice_label = f"{r.label}: {r.requirement.details}" if r.requirement.details and not r.hidden else r.label
    return [r.requirement for r in rows if r.requirement.status == r.requirement.Status.ACTIVE]


@login_required
def add_appointment(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.AppointmentForm(request.POST or None, records={
        "sentence": _orders_or_back(request, nominal), "licence": _licences(request, nominal),
        "requirement": _requirements_for_choice(request, nominal)},
        initial={"on": timezone.localdate()})
    _order_or_licence(form)
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.add_appointment(actor=request.user, nominal=nominal, data=form.to_data())):
            return _done(request, nominal, "Appointment made.")
    return _form_page(request, nominal, form, "Make an appointment")


@login_required
def outcome(request, pk, appointment_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    appointment = policy.get_item_on(request.user, nominal, Appointment, appointment_pk, policy.WRITE)
    form = forms.OutcomeForm(request.POST or None, initial={"version": appointment.version})
    differences = []
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        saved, differences = save_or_review(form, lambda: services.record_outcome(
            actor=request.user, appointment=appointment, outcome=c["outcome"], reason=c["reason"], hours=c["hours"],
            version=c["version"]), ["outcome", "reason", "hours"])
        if saved:
            return _done(request, nominal, "Outcome recorded.")
    return _form_page(request, nominal, form, f"Outcome: {appointment}", differences=differences)


def _absences(request, nominal):
    rows = list(queries.appointments(request.user, nominal).filter(outcome=rules.UNACCEPTABLE)[:50])
    for a in rows:
        a.choice_label = f"{a}: {a.reason}"
    return rows


@login_required
def warn(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.WarningForm(request.POST or None, records={
        "sentence": _orders_or_back(request, nominal), "licence": _licences(request, nominal),
        "appointment": _absences(request, nominal)},
        initial={"given_on": timezone.localdate()})
    _order_or_licence(form)
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.give_warning(actor=request.user, nominal=nominal, data=form.to_data())):
            return _done(request, nominal, "Warning recorded.")
    return _form_page(request, nominal, form, "Record a warning")


@login_required
def breach(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.BreachForm(request.POST or None, records={"sentence": _orders_or_back(request, nominal)},
                            initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        if try_save(form, lambda: services.start_breach(actor=request.user, nominal=nominal, order=form.record("sentence"),
                                                    what=c["what"], occurred_on=c["occurred_on"])):
            return _done(request, nominal, "Breach action recorded: the order returns to court.")
    return _form_page(request, nominal, form, "Start breach action (return to court)")


@login_required
def court_outcome(request, pk, breach_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    found = policy.get_item_on(request.user, nominal, Breach, breach_pk, policy.WRITE)
    form = forms.CourtOutcomeForm(request.POST or None, initial={"heard_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.record_court_outcome(actor=request.user, breach=found, data=form.cleaned_data)):
            return _done(request, nominal, "Court outcome recorded.")
    return _form_page(request, nominal, form, f"Court outcome: {found}")


def _plan_items(request, nominal):
    rows = list(queries.for_plan_items(request.user, nominal))
    for i in rows:
        i.choice_label = i.what
    return rows


@login_required
def add_objective(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.ObjectiveForm(request.POST or None, records={
        "sentence": _orders_or_back(request, nominal), "plan_item": _plan_items(request, nominal)})
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.add_objective(actor=request.user, nominal=nominal, data=form.to_data())):
            return _done(request, nominal, "Objective added to the sentence plan.")
    return _form_page(request, nominal, form, "Add a sentence plan objective")


@login_required
def review_objective(request, pk, objective_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    objective = policy.get_item_on(request.user, nominal, Objective, objective_pk, policy.WRITE)
    form = forms.ReviewForm(request.POST or None, initial={"version": objective.version, "status": objective.status,
                                                           "reviewed_on": timezone.localdate(), "review_on": objective.review_on})
    differences = []
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = {k: c[k] for k in ("status", "reviewed_on", "review_notes", "review_on")}
        saved, differences = save_or_review(form, lambda: services.update_objective(
            actor=request.user, objective=objective, data=data, version=c["version"]), list(data))
        if saved:
            return _done(request, nominal, "Review recorded.")
    return _form_page(request, nominal, form, f"Review: {objective}", differences=differences,
                      marking=highest([nominal.marking, objective.marking]))


EDIT_FIELDS = ("details", "ends_on", "electronic_monitoring", "status")
TREATMENT_EDITS = ("provider", "residential", "testing", "progress_notes")


@login_required
def edit_requirement(request, pk, requirement_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    requirement = policy.get_item_on(request.user, nominal, Requirement, requirement_pk, policy.WRITE)
    form = forms.RequirementEditForm(request.POST or None, initial={
        "version": requirement.version, **{f: getattr(requirement, f) for f in EDIT_FIELDS}})
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in EDIT_FIELDS}
        saved, differences = save_or_review(form, lambda: services.update_requirement(
            actor=request.user, requirement=requirement, data=data, version=form.cleaned_data["version"]), EDIT_FIELDS)
        if saved:
            return _done(request, nominal, "Requirement changed.")
    return _form_page(request, nominal, form, f"Change the {str(requirement).lower()}", differences=differences)


@login_required
def edit_treatment(request, pk, requirement_pk):
    """The treatment details of a requirement: only for an agency policy.treatment_details_for allows (404 for
    anyone else, so an id tells them nothing)."""
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    detail = (policy.treatment_details_for(request.user, nominal=nominal)
              .filter(requirement_id=policy.record_id(requirement_pk)).first())
    if detail is None:
        raise Http404("No such item")
    form = forms.TreatmentEditForm(request.POST or None, initial={
        "version": detail.version, **{f: getattr(detail, f) for f in TREATMENT_EDITS}})
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in TREATMENT_EDITS}
        saved, differences = save_or_review(form, lambda: services.update_treatment(
            actor=request.user, detail=detail, data=data, version=form.cleaned_data["version"]), TREATMENT_EDITS)
        if saved:
            return _done(request, nominal, "Treatment details changed.")
    return _form_page(request, nominal, form, f"Change the details of the {detail.get_treatment_display().lower()} requirement",
                      differences=differences)


# ---- Polygraph, medication to reduce sexual arousal, circles of support ----

def _edit(request, nominal, item, form_class, fields, update, done_text, title, **extra):
    """An edit that names the version it started from: a stale one shows what changed meanwhile."""
    form = form_class(request.POST or None, initial={"version": item.version, **{f: getattr(item, f) for f in fields}})
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in fields}
        saved, differences = save_or_review(form, lambda: update(data, form.cleaned_data["version"]), list(fields))
        if saved:
            return _done(request, nominal, done_text)
    return _form_page(request, nominal, form, title, differences=differences, **extra)


def _add(request, nominal, form, save, done_text, title):
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: save(form.cleaned_data)):
            return _done(request, nominal, done_text)
    return _form_page(request, nominal, form, title)


@login_required
def add_polygraph(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.PolygraphForm(request.POST or None, initial={"examined_on": timezone.localdate()})
    return _add(request, nominal, form, lambda data: services.add_polygraph(actor=request.user, nominal=nominal, data=data),
                "Polygraph examination recorded.", "Record a polygraph examination")


@login_required
def edit_polygraph(request, pk, exam_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    exam = policy.get_item_on(request.user, nominal, PolygraphExam, exam_pk, policy.WRITE)
    return _edit(request, nominal, exam, forms.PolygraphEditForm, services.POLYGRAPH_FIELDS,
                 lambda data, version: services.update_polygraph(actor=request.user, exam=exam, data=data, version=version),
                 "Polygraph examination changed.", f"Change the {str(exam)[0].lower()}{str(exam)[1:]}")


@login_required
def add_medication(request, pk):
    """Only for an agency allowed treatment details (policy.may_see_treatment): 404 for anyone else."""
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    if not policy.may_see_treatment(request.user):
        raise Http404("No such page")
    form = forms.MedicationForm(request.POST or None, initial={"consent_on": timezone.localdate()})
    return _add(request, nominal, form, lambda data: services.add_medication(actor=request.user, nominal=nominal, data=data),
                "Medication recorded.", "Record medication to reduce sexual arousal")


MEDICATION_EDITS = ("drug", "prescriber", "started_on", "reviewed_on", "review_notes", "consent_withdrawn_on", "ended_on")


@login_required
def edit_medication(request, pk, medication_pk):
    """Change or review medication: only through policy.medication_for (404 for anyone else, so an id tells them
    nothing)."""
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    medication = policy.medication_for(request.user, nominal=nominal).filter(pk=policy.record_id(medication_pk)).first()
    if medication is None:
        raise Http404("No such item")
    return _edit(request, nominal, medication, forms.MedicationEditForm, MEDICATION_EDITS,
                 lambda data, version: services.update_medication(actor=request.user, medication=medication, data=data,
                                                                  version=version),
                 "Medication changed.", "Change or review medication to reduce sexual arousal")


@login_required
def add_circle(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.CircleForm(request.POST or None, initial={"referred_on": timezone.localdate()})
    return _add(request, nominal, form, lambda data: services.add_circle(actor=request.user, nominal=nominal, data=data),
                "Referral to a circle of support recorded.", "Refer to a circle of support and accountability")


CIRCLE_EDITS = ("referred_on", "provider", "started_on", "volunteers", "ended_on", "end_reason")


@login_required
def edit_circle(request, pk, circle_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    circle = policy.get_item_on(request.user, nominal, CircleOfSupport, circle_pk, policy.WRITE)
    return _edit(request, nominal, circle, forms.CircleEditForm, CIRCLE_EDITS,
                 lambda data, version: services.update_circle(actor=request.user, circle=circle, data=data, version=version),
                 "Circle of support changed.", "Change the circle of support and accountability")


@login_required
def add_concern(request, pk, circle_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    circle = policy.get_item_on(request.user, nominal, CircleOfSupport, circle_pk, policy.WRITE)
    form = forms.ConcernForm(request.POST or None, initial={"raised_on": timezone.localdate()})
    return _add(request, nominal, form, lambda data: services.add_concern(actor=request.user, circle=circle, data=data),
                "Concern recorded: the risk and plan reviews are due.", "Record a concern raised by the circle")
