"""Pages of home visits. Thin: read through the policy and queries, change through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import reference
from mappa.core.markings import highest
from mappa.core.pdf import pdf_response
from mappa.core.saving import apply_errors, save_or_review
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view
from mappa.visits import forms, queries, rules, services
from mappa.visits.models import Visit


def _visit(user, nominal, visit_pk, action=policy.READ) -> Visit:
    return policy.get_item_on(user, nominal, Visit, visit_pk, action)


@login_required
def visits(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    today = timezone.localdate()
    rows = list(queries.visits(request.user, nominal)[:50])
    hazards = list(policy.hazards_for(request.user, nominal).order_by("-id")[:50])
    _mark_timeliness(rows, today)
    record_view(request.user, nominal, what="home visits")
    return render(request, "visits/visits.html", {
        "nominal": nominal, "case": case_header(request, nominal), "dues": queries.schedules(request.user, nominal, today), "visits": rows, "hazards": hazards,
        "warrant": queries.warrant_due(request.user, nominal, today), "today": today,
        "can_write": policy.can(request.user, policy.WRITE, nominal),
        "marking": highest([nominal.marking] + [v.marking for v in rows] + [h.marking for h in hazards]),
    })


def _mark_timeliness(rows, today) -> None:
    """Each attended visit that was due says whether it was on time, late or unacceptably late (para 7.24)."""
    late_days = reference.value("visits.late_days", today)
    for v in rows:
        attended = v.outcome == rules.ATTENDED and v.due_on and v.occurred_on
        v.timeliness = rules.timeliness(v.due_on, v.occurred_on, late_days) if attended else ""


def _form_page(request, nominal, form, title, template="visits/form.html", **extra):
    return render(request, template, {"form": form, "nominal": nominal, "case": case_header(request, nominal), "title": title, "marking": nominal.marking, **extra})


@login_required
def plan_visit(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.PlanVisitForm(request.POST or None, initial={"planned_for": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_visit(actor=request.user, nominal=nominal, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Visit planned. Save the pre-visit check before you go.")
            return redirect("visits:visits", nominal.pk)
    return _form_page(request, nominal, form, "Plan a home visit")


@login_required
def check(request, pk, visit_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    visit = _visit(request.user, nominal, visit_pk, policy.WRITE)
    # Changes since the last visit the officer may see: a restricted visit is not dated for them.
    last = queries.last_attended(request.user, [nominal.pk], shown=True).get(nominal.pk, {})
    since = max(last.values()) if last else None
    activity, history = queries.changes_since(request.user, nominal, since)
    intelligence = queries.intelligence_since(request.user, nominal, since)
    if request.method == "GET":  # the check shows the record's changes and the hazards: a read of the case
        record_view(request.user, nominal, visit, what="pre-visit check")
    initial = {name: getattr(visit, name) for name in services.CHECK_FIELDS}
    initial.update(version=visit.version, officer=visit.officer or request.user.display_name)
    form = forms.CheckForm(request.POST or None, initial=initial)
    differences = []
    if request.method == "POST" and form.is_valid():
        saved, differences = save_or_review(form, lambda: services.save_check(
            actor=request.user, visit=visit, data=form.to_data(), hazards=form.hazards(),
            version=form.cleaned_data["version"]), services.CHECK_FIELDS)
        if saved:
            messages.success(request, "Pre-visit check saved.")
            return redirect("visits:visits", nominal.pk)
    return _form_page(request, nominal, form, f"Pre-visit check: {visit}", "visits/check.html", visit=visit,
                      since=since, activity=activity, history=history, intelligence=intelligence, differences=differences,
                      marking=highest([nominal.marking, *(a.marking for a in activity), *(e.marking for e in intelligence)]))


@login_required
def outcome(request, pk, visit_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    visit = _visit(request.user, nominal, visit_pk, policy.WRITE)
    form = forms.OutcomeForm(request.POST or None, initial={"version": visit.version, "occurred_on": timezone.localdate()})
    differences = []
    if request.method == "POST" and form.is_valid():
        saved, differences = save_or_review(form, lambda: services.record_outcome(
            actor=request.user, visit=visit, data=form.to_data(), version=form.cleaned_data["version"],
            intelligence_text=form.cleaned_data["intelligence"]), services.OUTCOME_FIELDS)
        if saved:
            messages.success(request, "Visit outcome saved to the visit and the activity log." + (
                " The intelligence was submitted to the case manager for evaluation." if form.cleaned_data["intelligence"].strip() else ""))
            return redirect("visits:visits", nominal.pk)
    return _form_page(request, nominal, form, f"Outcome: {visit}", visit=visit, differences=differences)


@login_required
def warrant(request, pk, visit_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    visit = _visit(request.user, nominal, visit_pk, policy.WRITE)
    form = forms.WarrantForm(request.POST or None, initial={"version": visit.version})
    differences = []
    if request.method == "POST" and form.is_valid():
        saved, differences = save_or_review(form, lambda: services.record_warrant(
            actor=request.user, visit=visit, applied_on=form.cleaned_data["warrant_applied_on"],
            outcome=form.cleaned_data["warrant_outcome"], version=form.cleaned_data["version"]),
            ["warrant_applied_on", "warrant_outcome"])
        if saved:
            messages.success(request, "Warrant outcome saved.")
            return redirect("visits:visits", nominal.pk)
    return _form_page(request, nominal, form, "Warrant of entry (Sexual Offences Act 2003 s.96B)", visit=visit,
                      differences=differences)


@login_required
def schedule(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    supervisors = User.objects.filter(team_id=request.user.team_id, role=Role.SUPERVISOR, is_active=True).order_by("last_name")
    form = forms.ScheduleForm(request.POST or None, supervisors=supervisors)
    if request.method == "POST" and form.is_valid():
        try:
            services.agree_schedule(actor=request.user, nominal=nominal, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Agreed schedule saved.")
            return redirect("visits:visits", nominal.pk)
    return _form_page(request, nominal, form, "Agree this case's visit schedule")


@login_required
def briefing(request, pk, visit_pk):
    """The visit briefing as PDF, for the officer to take: the person, the address and who lives there, the
    hazards, the power to visit and the pre-visit check, each only as the reader may see it."""
    nominal = policy.get_nominal(request.user, pk, policy.EXPORT)
    visit = _visit(request.user, nominal, visit_pk)
    today = timezone.localdate()
    context = queries.briefing(request.user, nominal, visit, today)
    marking = highest([nominal.marking, visit.marking, *context["markings"]])
    record(request.user, Action.EXPORT, visit, nominal=nominal, reason=policy.break_glass_reason(request.user, nominal),
           details={"format": "pdf", "document": "visit briefing", "marking": marking})
    return pdf_response("visits/briefing_pdf.html", {**context, "nominal": nominal, "visit": visit, "today": today,
                                                     "reader": request.user},
                        marking=marking, title=f"Visit briefing: {nominal.full_name}",
                        filename=f"visit-briefing-{nominal.pk}-{visit.pk}.pdf")
