"""Pages of approved premises and the resettlement pathways. Thin: read through the policy and queries, change
through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from mappa.access import policy
from mappa.core.dates import day as govuk_day
from mappa.core.markings import highest
from mappa.core.saving import save_or_review, try_save
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view
from mappa.resettlement import forms, queries, rules, services
from mappa.resettlement.models import Pathway, PathwayAction, PremisesIncident, PremisesPlacement, PremisesReferral

PAGE_SIZE = 20


@login_required
def resettlement(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    today = timezone.localdate()
    referrals = list(queries.referrals(request.user, nominal)[:50])
    page = Paginator(queries.placements(request.user, nominal), PAGE_SIZE).get_page(request.GET.get("page"))
    placements = queries.placement_rows(request.user, nominal, today, rows=page.object_list)
    pathways = queries.pathways(request.user, nominal)
    premises = dict(queries.premises_choices(today))
    for r in referrals:
        r.premises_name = premises.get(r.premises, r.premises)
    record_view(request.user, nominal, what="approved premises and resettlement")
    shown = [*referrals, *(p.placement for p in placements), *(i for p in placements for i in p.incidents),
             *(p.pathway for p in pathways), *(a for p in pathways for a in p.actions),
             *(p.detail for p in pathways if p.detail)]
    return render(request, "resettlement/resettlement.html", {
        "nominal": nominal, "case": case_header(request, nominal), "referrals": referrals, "page": page,
        "placements": placements, "pathways": pathways, "today": today,
        "can_write": policy.can(request.user, policy.WRITE, nominal), "hidden_words": queries.DETAILS_HIDDEN,
        "marking": highest([nominal.marking, *(i.marking for i in shown)]),
    })


def _form_page(request, nominal, form, title, **extra):
    return render(request, "resettlement/form.html", {"form": form, "nominal": nominal, "case": case_header(request, nominal),
                                                      "title": title, "marking": nominal.marking, **extra})


def _done(request, nominal, text):
    messages.success(request, text)
    return redirect("resettlement:resettlement", nominal.pk)


@login_required
def add_referral(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.ReferralForm(request.POST or None, premises=queries.premises_choices(timezone.localdate()),
                              initial={"referred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.add_referral(actor=request.user, nominal=nominal, data=form.cleaned_data)):
            return _done(request, nominal, "Referral recorded.")
    return _form_page(request, nominal, form, "Refer to approved premises")


def _edit(request, nominal, item, form, fields, update, done_text, title):
    """An edit that names the version it started from: a stale one shows what was saved meanwhile for review."""
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in fields}
        saved, differences = save_or_review(form, lambda: update(data, form.cleaned_data["version"]), fields)
        if saved:
            return _done(request, nominal, done_text)
    return _form_page(request, nominal, form, title, differences=differences, marking=highest([nominal.marking, item.marking]))


def _initial(item, fields) -> dict:
    return {"version": item.version, **{f: getattr(item, f) for f in fields}}


@login_required
def edit_referral(request, pk, referral_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    referral = policy.get_item_on(request.user, nominal, PremisesReferral, referral_pk, policy.WRITE)
    fields = services.REFERRAL_FIELDS
    form = forms.ReferralEditForm(request.POST or None, premises=queries.premises_choices(timezone.localdate()),
                                  initial=_initial(referral, fields))
    return _edit(request, nominal, referral, form, fields, lambda data, version: services.edit_referral(
        actor=request.user, referral=referral, data=data, version=version), "Referral changed.",
        f"Change the referral to approved premises of {govuk_day(referral.referred_on)}")


@login_required
def decide_referral(request, pk, referral_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    referral = policy.get_item_on(request.user, nominal, PremisesReferral, referral_pk, policy.WRITE)
    form = forms.DecisionForm(request.POST or None, initial={"version": referral.version})
    differences = []
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        saved, differences = save_or_review(form, lambda: services.decide_referral(
            actor=request.user, referral=referral, decision=c["decision"], reason=c["decision_reason"],
            version=c["version"]), ["decision", "decision_reason"])
        if saved:
            return _done(request, nominal, "Decision recorded.")
    return _form_page(request, nominal, form, f"Decide the referral to approved premises of {govuk_day(referral.referred_on)}", differences=differences)


@login_required
def add_placement(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    accepted = list(queries.referrals(request.user, nominal).filter(decision=PremisesReferral.Decision.ACCEPTED))
    form = forms.PlacementForm(request.POST or None, records={"referral": accepted},
                               premises=queries.premises_choices(timezone.localdate()),
                               initial={"arrived_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.add_placement(actor=request.user, nominal=nominal, data=form.to_data())):
            return _done(request, nominal, "Arrival in approved premises recorded.")
    return _form_page(request, nominal, form, "Record arrival in approved premises")


@login_required
def edit_placement(request, pk, placement_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    placement = policy.get_item_on(request.user, nominal, PremisesPlacement, placement_pk, policy.WRITE)
    fields = services.PLACEMENT_EDITS
    form = forms.PlacementEditForm(request.POST or None, premises=queries.premises_choices(timezone.localdate()),
                                   initial=_initial(placement, fields))
    return _edit(request, nominal, placement, form, fields, lambda data, version: services.edit_placement(
        actor=request.user, placement=placement, data=data, version=version), "Arrival changed.",
        f"Change the {str(placement)[0].lower()}{str(placement)[1:]}")


MOVE_ON = ("move_on_plan", "move_on_to", "move_on_agreed_on", "expected_departure_on", "signing_in_hours",
           "signing_in_reason")


@login_required
def move_on(request, pk, placement_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    placement = policy.get_item_on(request.user, nominal, PremisesPlacement, placement_pk, policy.WRITE)
    form = forms.MoveOnForm(request.POST or None, initial={"version": placement.version,
                                                           **{f: getattr(placement, f) for f in MOVE_ON}})
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in MOVE_ON}
        saved, differences = save_or_review(form, lambda: services.plan_move_on(
            actor=request.user, placement=placement, data=data, version=form.cleaned_data["version"]), MOVE_ON)
        if saved:
            return _done(request, nominal, "Move-on plan saved.")
    return _form_page(request, nominal, form, "Move-on plan and regime", differences=differences)


DEPARTURE = ("departed_on", "departure", "destination", "departure_notes")


@login_required
def depart(request, pk, placement_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    placement = policy.get_item_on(request.user, nominal, PremisesPlacement, placement_pk, policy.WRITE)
    form = forms.DepartureForm(request.POST or None, initial={"version": placement.version,
                                                              "destination": placement.move_on_to})
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in DEPARTURE}
        saved, differences = save_or_review(form, lambda: services.record_departure(
            actor=request.user, placement=placement, data=data, version=form.cleaned_data["version"]), DEPARTURE)
        if saved:
            return _done(request, nominal, "Departure recorded.")
    return _form_page(request, nominal, form, "Record leaving approved premises", differences=differences)


@login_required
def add_incident(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    rows = list(queries.placements(request.user, nominal)[:20])
    for p in rows:
        p.choice_label = str(p)
    form = forms.IncidentForm(request.POST or None, records={"placement": rows},
                              initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.add_incident(actor=request.user, nominal=nominal, data=form.to_data())):
            return _done(request, nominal, "Incident recorded.")
    return _form_page(request, nominal, form, "Record an incident in approved premises")


@login_required
def edit_incident(request, pk, incident_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    incident = policy.get_item_on(request.user, nominal, PremisesIncident, incident_pk, policy.WRITE)
    fields = services.INCIDENT_EDITS
    form = forms.IncidentEditForm(request.POST or None, initial=_initial(incident, fields))
    return _edit(request, nominal, incident, form, fields, lambda data, version: services.edit_incident(
        actor=request.user, incident=incident, data=data, version=version), "Incident changed.",
        f"Change the incident: {str(incident)[0].lower()}{str(incident)[1:]}")


@login_required
def add_pathway(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.PathwayForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if not policy.may_see_treatment(request.user):
        for name in ("focus", "provider"):
            del form.fields[name]
        form.fields["kind"].choices = [c for c in form.fields["kind"].choices if c[0] not in rules.RESTRICTED_PATHWAYS]
    if request.method == "POST" and form.is_valid():
        data, detail = form.to_data()
        if try_save(form, lambda: services.add_pathway(actor=request.user, nominal=nominal, data=data, detail=detail)):
            return _done(request, nominal, "Pathway added.")
    return _form_page(request, nominal, form, "Add a resettlement pathway")


def _pathway(request, nominal, pathway_pk) -> Pathway:
    """A pathway the reader may change; the health and substance misuse one only for those allowed its details
    (404 to anyone else)."""
    pathway = policy.get_item_on(request.user, nominal, Pathway, pathway_pk, policy.WRITE)
    if pathway.kind in rules.RESTRICTED_PATHWAYS and not policy.may_see_treatment(request.user):
        raise Http404("No such item")
    return pathway


@login_required
def add_action(request, pk, pathway_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    pathway = _pathway(request, nominal, pathway_pk)
    form = forms.ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.add_action(actor=request.user, pathway=pathway, data=form.cleaned_data)):
            return _done(request, nominal, "Action added.")
    return _form_page(request, nominal, form, f"Add an action: {str(pathway).lower()}")


@login_required
def action_done(request, pk, action_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    action = (policy.pathway_actions_for(request.user, nominal=nominal).filter(pk=policy.record_id(action_pk)).first())
    if action is None:
        raise Http404("No such item")
    action = policy.get_item_on(request.user, nominal, PathwayAction, action.pk, policy.WRITE)
    form = forms.DoneForm(request.POST or None, initial={"version": action.version, "done_on": timezone.localdate()})
    differences = []
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        saved, differences = save_or_review(form, lambda: services.complete_action(
            actor=request.user, action=action, done_on=c["done_on"], version=c["version"]), ["done_on"])
        if saved:
            return _done(request, nominal, "Action marked done.")
    return _form_page(request, nominal, form, f"Done: {action.action}", differences=differences,
                      marking=highest([nominal.marking, action.marking]))


@login_required
def pathway_outcome(request, pk, pathway_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    pathway = _pathway(request, nominal, pathway_pk)
    form = forms.OutcomeForm(request.POST or None, kind=pathway.kind, initial={"version": pathway.version})
    differences = []
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        saved, differences = save_or_review(form, lambda: services.record_outcome(
            actor=request.user, pathway=pathway, outcome=c["outcome"], when=c["outcome_when"],
            notes=c.get("notes", ""), version=c["version"]), ["outcome_when"])
        if saved:
            return _done(request, nominal, "Outcome recorded.")
    return _form_page(request, nominal, form, f"Outcome: {str(pathway).lower()}", differences=differences)
