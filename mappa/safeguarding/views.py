"""Pages for disclosure and safeguarding. Thin: read through the policy, change through the services, render."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.core.markings import highest
from mappa.core.saving import save_or_review
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view
from mappa.safeguarding import forms, queries, services
from mappa.safeguarding.models import DisclosureDecision, DisclosureRequest, Marker, SafeguardingReferral


def _recorder(request, nominal):
    if not policy.may_record_safeguarding(request.user, nominal):
        raise PermissionDenied("You can see this case but not record disclosure or safeguarding on it.")


@login_required
def nominal_page(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    data = queries.summary(request.user, nominal)
    record_view(request.user, nominal, what="disclosure and safeguarding")
    return render(request, "safeguarding/nominal.html", {
        "nominal": nominal, "case": case_header(request, nominal), "data": data, "marking": highest(["OFFICIAL-SENSITIVE", *data["markings"]])})


@login_required
def decision_page(request, pk):
    decision = policy.get_item(request.user, DisclosureDecision, pk)
    nominal = policy.get_nominal(request.user, decision.nominal_id)
    record_view(request.user, nominal, decision, what="disclosure decision")
    return render(request, "safeguarding/decision.html", {
        "nominal": nominal, "case": case_header(request, nominal), "entry": queries.shown(request.user, nominal, decision, "recipient"),
        "may_record": policy.may_record_safeguarding(request.user, nominal), "marking": decision.marking})


@login_required
def request_page(request, pk):
    item = policy.get_item(request.user, DisclosureRequest, pk)
    nominal = policy.get_nominal(request.user, item.nominal_id)
    record_view(request.user, nominal, item, what="disclosure request")
    entry = queries.shown(request.user, nominal, item, "applicant_name")
    today = timezone.localdate()
    return render(request, "safeguarding/request.html", {
        "nominal": nominal, "case": case_header(request, nominal), "entry": entry, "stage": queries.next_stages(request.user, nominal, [entry], today).get(item.pk),
        "today": today, "decisions": [d for d in queries.decisions(request.user, nominal) if d.item.request_id == item.pk],
        "may_record": policy.may_record_safeguarding(request.user, nominal), "marking": item.marking})


def _save(request, form, nominal, save, done: str, title: str, back: str, fields=()):
    """Save a valid form through `save`; a refusal puts its reasons on the form, and a change someone else saved
    first is shown beside the user's for review (core.saving), nothing saved either way."""
    differences, saved = [], []
    if request.method == "POST" and form.is_valid():
        ok, differences = save_or_review(form, lambda: saved.append(save(form)), fields)
        if ok:
            messages.success(request, done)
            item = saved[0]
            if isinstance(item, DisclosureDecision):
                return redirect("safeguarding:decision", item.pk)
            if isinstance(item, DisclosureRequest):
                return redirect("safeguarding:request", item.pk)
            return redirect("safeguarding:nominal", nominal.pk)
    elif request.method == "GET":
        record_view(request.user, nominal, what=title.lower())
    return render(request, "safeguarding/form.html", {"nominal": nominal, "case": case_header(request, nominal), "form": form, "title": title, "back": back,
                                                      "differences": differences, "marking": "OFFICIAL-SENSITIVE"})


def _initial(obj, fields) -> dict:
    initial = {name: getattr(obj, name) for name in fields}
    initial["version"] = obj.version
    return initial


@login_required
def decision_add(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    _recorder(request, nominal)
    # A prompt's link says what the decision answers: the partner, the child or the meeting.
    initial = {k: request.GET[k] for k in ("relationship", "occupant", "minute") if request.GET.get(k, "").isdigit()}
    if "minute" in initial:
        initial["occasion"] = DisclosureDecision.Occasion.MEETING
    elif initial:
        initial["occasion"] = DisclosureDecision.Occasion.EVENT
    form = forms.DecisionForm(request.POST or None, initial=initial, user=request.user, nominal=nominal)
    return _save(request, form, nominal,
                 lambda f: services.record_decision(actor=request.user, nominal=nominal, data=f.to_data()),
                 "Disclosure decision recorded", "Record a disclosure decision",
                 reverse("safeguarding:nominal", args=[nominal.pk]))


@login_required
def decision_edit(request, pk):
    decision = policy.get_item(request.user, DisclosureDecision, pk)
    nominal = policy.get_nominal(request.user, decision.nominal_id)
    _recorder(request, nominal)
    if not policy.may_see_third_parties(request.user, decision, nominal):
        raise PermissionDenied("Only those who may see whom it names can change this decision.")
    fields = [f for f in services.DECISION_FIELDS if f not in ("minute", "relationship", "occupant", "request", "decided_by")]
    initial = _initial(decision, fields)
    initial.update({k: str(getattr(decision, f"{k}_id") or "") for k in ("minute", "relationship", "occupant")})
    form = forms.DecisionForm(request.POST or None, initial=initial, user=request.user, nominal=nominal)
    form.fields["version"].required = True
    return _save(request, form, nominal,
                 lambda f: services.change_decision(actor=request.user, decision=decision, data=f.to_data(),
                                                    version=f.cleaned_data["version"]),
                 "Disclosure decision changed", "Change a disclosure decision",
                 reverse("safeguarding:decision", args=[decision.pk]), fields=fields)


@login_required
def request_add(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    _recorder(request, nominal)
    form = forms.RequestForm(request.POST or None)
    return _save(request, form, nominal,
                 lambda f: services.add_request(actor=request.user, nominal=nominal, data=f.to_data()),
                 "Disclosure request recorded", "Record a disclosure request", reverse("safeguarding:nominal", args=[nominal.pk]))


@login_required
def request_edit(request, pk):
    item = policy.get_item(request.user, DisclosureRequest, pk)
    nominal = policy.get_nominal(request.user, item.nominal_id)
    _recorder(request, nominal)
    if not policy.may_see_third_parties(request.user, item, nominal):
        raise PermissionDenied("Only those who may see whom it names can change this request.")
    form = forms.RequestForm(request.POST or None, initial=_initial(item, services.REQUEST_FIELDS))
    form.fields["version"].required = True
    return _save(request, form, nominal,
                 lambda f: services.change_request(actor=request.user, request=item, data=f.to_data(),
                                                   version=f.cleaned_data["version"]),
                 "Disclosure request changed", "Change a disclosure request",
                 reverse("safeguarding:request", args=[item.pk]), fields=services.REQUEST_FIELDS)


@login_required
def referral_add(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    _recorder(request, nominal)
    form = forms.ReferralForm(request.POST or None)
    return _save(request, form, nominal,
                 lambda f: services.add_referral(actor=request.user, nominal=nominal, data=f.to_data()),
                 "Referral recorded", "Record a safeguarding referral", reverse("safeguarding:nominal", args=[nominal.pk]))


@login_required
def referral_edit(request, pk):
    item = policy.get_item(request.user, SafeguardingReferral, pk)
    nominal = policy.get_nominal(request.user, item.nominal_id)
    _recorder(request, nominal)
    if not policy.may_see_third_parties(request.user, item, nominal):
        raise PermissionDenied("Only those who may see whom it names can change this referral.")
    form = forms.ReferralForm(request.POST or None, initial=_initial(item, services.REFERRAL_FIELDS))
    form.fields["version"].required = True
    return _save(request, form, nominal,
                 lambda f: services.change_referral(actor=request.user, referral=item, data=f.to_data(),
                                                    version=f.cleaned_data["version"]),
                 "Referral changed", "Change a safeguarding referral", reverse("safeguarding:nominal", args=[nominal.pk]),
                 fields=services.REFERRAL_FIELDS)


@login_required
def marker_add(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    _recorder(request, nominal)
    form = forms.MarkerForm(request.POST or None, user=request.user)
    return _save(request, form, nominal,
                 lambda f: services.add_marker(actor=request.user, nominal=nominal, data=f.to_data()),
                 "Marker added", "Add a staff-safety or keep-apart marker", reverse("safeguarding:nominal", args=[nominal.pk]))


@login_required
def marker_edit(request, pk):
    item = policy.get_item(request.user, Marker, pk)
    nominal = policy.get_nominal(request.user, item.nominal_id)
    _recorder(request, nominal)
    fields = [f for f in services.MARKER_FIELDS if f != "other_nominal"]
    initial = _initial(item, fields)
    initial["other_nominal"] = item.other_nominal_id
    form = forms.MarkerForm(request.POST or None, initial=initial, user=request.user)
    form.fields["version"].required = True
    return _save(request, form, nominal,
                 lambda f: services.change_marker(actor=request.user, marker=item, data=f.to_data(),
                                                  version=f.cleaned_data["version"]),
                 "Marker changed", "Change a marker", reverse("safeguarding:nominal", args=[nominal.pk]), fields=fields)
