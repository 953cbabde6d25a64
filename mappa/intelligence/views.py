"""Pages of intelligence. Thin: read through the policy and queries, change through the services."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core.markings import highest
from mappa.core.saving import apply_errors, save_or_review
from mappa.intelligence import forms, queries, services
from mappa.nominals.case import case_header
from mappa.nominals.models import Address, Vehicle
from mappa.nominals.services import record_view


@login_required
def intelligence(request, pk):
    """The person's intelligence: every item the record holds, its content only where the reader may read it."""
    nominal = policy.get_nominal(request.user, pk)
    page = Paginator(queries.newest_first(request.user, nominal), queries.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.entries(request.user, nominal, page.object_list)
    record_view(request.user, nominal, what="intelligence")
    return render(request, "intelligence/list.html", {
        "nominal": nominal, "case": case_header(request, nominal), "entries": rows, "page": page, "counts": queries.counts(request.user, nominal),
        "may_submit": policy.may_submit_intelligence(request.user, nominal),
        "marking": highest([nominal.marking] + [e.marking for e in rows]),
    })


@login_required
def submit(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    if not policy.may_submit_intelligence(request.user, nominal):
        raise PermissionDenied("You cannot submit information on this person")
    form = forms.SubmitForm(request.POST or None, initial={"obtained_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit(actor=request.user, nominal=nominal, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Information submitted. The record's manager has been told to evaluate it.")
            return redirect("intelligence:intelligence", nominal.pk)
    return _form_page(request, nominal, form, "Submit information")


def _form_page(request, nominal, form, title, template="intelligence/form.html", **extra):
    return render(request, template, {"form": form, "nominal": nominal, "case": case_header(request, nominal), "title": title,
                                      "marking": extra.pop("marking", nominal.marking), **extra})


@login_required
def item(request, pk, item_pk):
    nominal = policy.get_nominal(request.user, pk)
    found = queries.item_for_page(request.user, nominal, item_pk)
    shown = queries.entry(request.user, found, today=timezone.localdate(), detail=True)
    record_view(request.user, nominal, found, what="intelligence item")
    return render(request, "intelligence/item.html", {
        "nominal": nominal, "case": case_header(request, nominal), "entry": shown, "marking": highest([nominal.marking, shown.marking]),
        "today": timezone.localdate(), "user_pk": request.user.pk,
    })


def _places(user, nominal) -> list[tuple[str, str]]:
    vehicles = policy.items_for(user, Vehicle, nominal=nominal).order_by("registration")
    places = policy.items_for(user, Address, nominal=nominal).order_by("status", "-moved_in", "id")
    return ([(f"vehicle:{v.pk}", f"Vehicle {v.registration}") for v in vehicles]
            + [(f"address:{a.pk}", f"Address: {a}") for a in places])


@login_required
def evaluate(request, pk, item_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    found = queries.item_for_page(request.user, nominal, item_pk, policy.WRITE)
    if not policy.may_evaluate_intelligence(request.user, nominal):
        raise PermissionDenied("Only the record's manager or a supervisor of its team evaluates intelligence")
    shown = queries.entry(request.user, found, today=timezone.localdate())
    if request.method == "GET":  # the page shows what was submitted: a read of it
        record_view(request.user, nominal, found, what="intelligence evaluation")
    form = forms.EvaluateForm(request.POST or None, tables=queries.grading_tables(), places=_places(request.user, nominal),
                              initial={"version": found.version, "content": found.information})
    differences = []
    if request.method == "POST" and form.is_valid():
        register = form.register()
        saved, differences = save_or_review(form, lambda: services.evaluate(
            actor=request.user, item=found, register=register, data=form.to_data() if register else {},
            links=form.to_links() if register else [], reason=form.cleaned_data["not_registered_reason"],
            version=form.cleaned_data["version"]), services.REGISTER_FIELDS)
        if saved:
            messages.success(request, "Registered as intelligence." if register else "Evaluation saved: not registered.")
            return redirect("intelligence:item", nominal.pk, found.pk)
    return _form_page(request, nominal, form, "Evaluate information", "intelligence/evaluate.html", entry=shown,
                      differences=differences, marking=highest([nominal.marking, shown.marking]))


def _owners(user, found):
    """People who may own an action: the actor's team, the record's manager and its team's supervisors, each
    only if they may read the intelligence and change the record."""
    nominal = found.nominal
    candidates = User.objects.filter(Q(team_id=user.team_id) | Q(pk=nominal.manager_id)
                                     | Q(team_id=nominal.team_id, role=Role.SUPERVISOR), is_active=True,
                                     role__in=[Role.PRACTITIONER, Role.SUPERVISOR, Role.COORDINATOR])
    allowed = [u.pk for u in candidates.select_related("agency")
               if policy.may_read_intelligence(u, found) and policy.can(u, policy.WRITE, nominal)]
    return User.objects.filter(pk__in=allowed).order_by("last_name", "first_name")


@login_required
def add_action(request, pk, item_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    found = queries.item_for_page(request.user, nominal, item_pk, policy.WRITE)
    shown = queries.entry(request.user, found, today=timezone.localdate())
    if not shown.may_add_action:
        raise PermissionDenied("Only those responsible for this intelligence record its actions")
    form = forms.ActionForm(request.POST or None, owners=_owners(request.user, found),
                            initial={"owner": request.user.pk, "due_on": timezone.localdate() + datetime.timedelta(days=7)})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(actor=request.user, item=found, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Action recorded.")
            return redirect("intelligence:item", nominal.pk, found.pk)
    return _form_page(request, nominal, form, "Record an action from this intelligence",
                      marking=highest([nominal.marking, shown.marking]), entry=shown)


@login_required
def complete_action(request, pk, item_pk, action_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    found = queries.item_for_page(request.user, nominal, item_pk, policy.WRITE)
    action = policy.intelligence_actions_for(request.user, found).filter(pk=policy.record_id(action_pk)).first()
    if action is None:
        raise Http404("No such action")
    if request.method == "GET":
        record_view(request.user, nominal, found, what="intelligence action")
    form = forms.CompleteForm(request.POST or None, initial={"version": action.version, "completed_on": timezone.localdate()})
    differences = []
    if request.method == "POST" and form.is_valid():
        saved, differences = save_or_review(form, lambda: services.complete_action(
            actor=request.user, action=action, outcome=form.cleaned_data["outcome"],
            completed_on=form.cleaned_data["completed_on"], version=form.cleaned_data["version"]),
            ["outcome", "completed_on"])
        if saved:
            messages.success(request, "Action completed.")
            return redirect("intelligence:item", nominal.pk, found.pk)
    return _form_page(request, nominal, form, f"Complete: {action.get_kind_display()}", differences=differences,
                      marking=highest([nominal.marking, queries.entry(request.user, found, today=timezone.localdate()).marking]),
                      action=action)


def _period(request, today):
    """The audit's period: the last 90 days unless the reader chose one; a bad choice is shown on the form."""
    default = {"since": today - datetime.timedelta(days=90), "until": today}
    chosen = any(k.startswith(("since_", "until_")) for k in request.GET)
    form = forms.PeriodForm(request.GET if chosen else None, initial=default)
    if chosen and form.is_valid():
        return form, form.cleaned_data["since"], form.cleaned_data["until"]
    return form, default["since"], default["until"]


@login_required
def audit(request):
    """A supervisor's audit of intelligence handling on the team's records (para 4.19): evaluated in time, and
    acted on, with the cases behind each figure."""
    if request.user.role != Role.SUPERVISOR or not request.user.team_id:
        raise Http404("No such page")
    today = timezone.localdate()
    form, since, until = _period(request, today)
    found = queries.audit(request.user, since, until, today)
    figure = next((f for f in found.figures if f.key == request.GET.get("figure")), None)
    cases = [{"id": pk, **found.items[pk]} for pk in figure.ids] if figure else []
    record(request.user, Action.VIEW, label="Intelligence handling audit" + (f": {figure.label}" if figure else ""),
           details={"since": str(since), "until": str(until), "figure": figure.key if figure else "",
                    "cases": len(cases)})
    return render(request, "intelligence/audit.html", {
        "audit": found, "figure": figure, "cases": cases, "team": request.user.team, "form": form,
        "marking": "OFFICIAL-SENSITIVE",
    })
