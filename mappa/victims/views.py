"""Pages for victims. Thin: read through the policy, change through the services, render."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from mappa.access import policy
from mappa.core.markings import highest
from mappa.core.saving import save_or_review
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view
from mappa.victims import forms, queries, services


@login_required
def nominal_page(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    data = queries.summary(request.user, nominal)
    services.record_read(request.user, nominal, data, "victims")
    return render(request, "victims/nominal.html", {
        "nominal": nominal, "case": case_header(request, nominal), "data": data, "marking": highest(["OFFICIAL-SENSITIVE", *data["markings"]])})


@login_required
def victim_page(request, pk):
    victim = policy.get_victim(request.user, pk)
    record_view(request.user, victim.nominal, victim, what="victim")
    return render(request, "victims/victim.html", {
        "nominal": victim.nominal, "case": case_header(request, victim.nominal), "victim": victim, "eligibility": services.eligibility(request.user, victim),
        "contacts": list(policy.victim_contacts_for(request.user, victim)),
        "requests": list(policy.victim_requests_for(request.user, victim)),
        "history": list(policy.victim_history_for(request.user, victim)[:50]),
        "may_record": policy.may_record_victims(request.user, victim.nominal), "marking": victim.marking})


def _save(request, form, nominal, save, done: str, title: str, victim=None, fields=()):
    """Save a valid form through `save`; a refusal puts its reasons on the form, and a change someone else saved
    first is shown beside the user's for review (core.saving), nothing saved either way."""
    differences, saved = [], []
    if request.method == "POST" and form.is_valid():
        ok, differences = save_or_review(form, lambda: saved.append(save(form)), fields)
        if ok:
            messages.success(request, done)
            return redirect("victims:victim", (victim or saved[0]).pk)
    elif request.method == "GET":
        record_view(request.user, nominal, victim, what=title.lower())
    return render(request, "victims/form.html", {"nominal": nominal, "case": case_header(request, nominal), "form": form, "title": title, "victim": victim,
                                                 "differences": differences,
                                                 "marking": "OFFICIAL-SENSITIVE [VICTIM DETAILS]"})


@login_required
def victim_add(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    if not policy.may_record_victims(request.user, nominal):
        raise PermissionDenied("Only the victim liaison officer, the offender manager and the team's "
                                      "supervisors can record victims.")
    form = forms.VictimForm(request.POST or None, user=request.user, nominal=nominal)
    return _save(request, form, nominal,
                 lambda f: services.add_victim(actor=request.user, nominal=nominal, data=f.to_data()),
                 "Victim added", "Add a victim")


@login_required
def victim_edit(request, pk):
    victim = policy.get_victim(request.user, pk, policy.WRITE)
    initial = {name: getattr(victim, name) for name in services.VICTIM_FIELDS if name not in ("conviction", "liaison_team",
                                                                                           "liaison_officer")}
    initial.update(version=victim.version, conviction=str(victim.conviction_id or ""))
    form = forms.VictimForm(request.POST or None, initial=initial, user=request.user, nominal=victim.nominal)
    form.fields["version"].required = True  # a change is made against the version the user read, never the latest
    return _save(request, form, victim.nominal,
                 lambda f: services.change_victim(actor=request.user, victim=victim, data=f.to_data(),
                                                  version=f.cleaned_data["version"]),
                 "Victim's record changed", "Change a victim's record", victim, fields=services.VICTIM_FIELDS)


@login_required
def contact_add(request, pk):
    victim = policy.get_victim(request.user, pk, policy.WRITE)
    form = forms.ContactForm(request.POST or None)
    return _save(request, form, victim.nominal,
                 lambda f: services.add_contact(actor=request.user, victim=victim, data=f.cleaned_data),
                 "Contact recorded", "Record contact with the victim", victim)


@login_required
def request_add(request, pk):
    victim = policy.get_victim(request.user, pk, policy.WRITE)
    form = forms.RequestForm(request.POST or None)
    return _save(request, form, victim.nominal,
                 lambda f: services.add_request(actor=request.user, victim=victim, data=f.cleaned_data),
                 "Request recorded", "Record a request for a licence condition", victim)


@login_required
def access_log(request, pk):
    """Who read victims' details on this record, when and why: for those who may see the victims."""
    nominal = policy.get_nominal(request.user, pk)
    if not policy.may_see_victims(request.user, nominal):
        raise Http404("No such page")
    events = list(policy.victim_access_log_for(request.user, nominal)[:200])
    record_view(request.user, nominal, what="who has read victims' details")
    return render(request, "victims/access_log.html", {"nominal": nominal, "case": case_header(request, nominal), "events": events,
                                                       "marking": "OFFICIAL-SENSITIVE [VICTIM DETAILS]"})
