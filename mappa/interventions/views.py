"""Pages of interventions. Thin: read through the policy and queries, change through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.core import reference
from mappa.core.markings import highest
from mappa.core.saving import save_or_review, try_save
from mappa.interventions import forms, queries, rules, services
from mappa.interventions.models import OneToOneWork, ProgrammeReferral
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view

PAGE_SIZE = 20
SESSIONS_PAGE = 40


@login_required
def interventions(request, pk):
    """A person's referrals to programmes, newest first, a page at a time, and their one-to-one work."""
    nominal = policy.get_nominal(request.user, pk)
    page = Paginator(queries.referrals(request.user, nominal), PAGE_SIZE).get_page(request.GET.get("page"))
    queries.with_attendance(request.user, page.object_list)
    work = list(queries.one_to_one(request.user, nominal)[:50])
    record_view(request.user, nominal, what="interventions")
    return render(request, "interventions/interventions.html", {
        "nominal": nominal, "case": case_header(request, nominal), "page": page, "work": work,
        "can_write": policy.can(request.user, policy.WRITE, nominal) and bool(request.user.agency_id),
        "marking": highest([nominal.marking, *(i.marking for i in [*page.object_list, *work])]),
    })


@login_required
def referral(request, pk, referral_pk):
    """One referral: its decision, waiting list, sessions (a page at a time), outcome and review."""
    nominal = policy.get_nominal(request.user, pk)
    found = policy.get_item_on(request.user, nominal, ProgrammeReferral, referral_pk)
    queries.with_attendance(request.user, [found])
    sessions = Paginator(queries.sessions(request.user, found), SESSIONS_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    try:
        table = queries.table(today)
        too_long = rules.waiting_too_long(found.listed_on, found.started_on, found.outcome, found.eligibility, today, table)
    except reference.MissingReferenceData:
        too_long = False
    record_view(request.user, nominal, what="programme referral")
    return render(request, "interventions/referral.html", {
        "nominal": nominal, "case": case_header(request, nominal), "referral": found, "sessions": sessions,
        "waited": rules.waiting_days(found.listed_on, found.started_on, found.outcome, today), "too_long": too_long,
        "today": today, "can_write": policy.can(request.user, policy.WRITE, nominal) and bool(request.user.agency_id),
        "marking": highest([nominal.marking, found.marking, *(s.marking for s in sessions.object_list)]),
    })


def _form_page(request, nominal, form, title, back, **extra):
    return render(request, "interventions/form.html", {"form": form, "nominal": nominal,
                                                       "back": reverse(back[0], args=back[1:]),
                                                       "case": case_header(request, nominal), "title": title,
                                                       "marking": nominal.marking, **extra})


def _labelled(rows):
    rows = list(rows)
    for r in rows:
        r.choice_label = str(r)
    return rows


@login_required
def refer(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    today = timezone.localdate()
    form = forms.ReferralForm(request.POST or None, initial={"referred_on": today}, records={
        "programme": _labelled(queries.programmes(today)), "sentence": _labelled(queries.sentences(request.user, nominal))})
    if request.method == "POST" and form.is_valid():
        made = []
        if try_save(form, lambda: made.append(services.refer(actor=request.user, nominal=nominal, data=form.to_data()))):
            messages.success(request, "Referral recorded.")
            return redirect("interventions:referral", nominal.pk, made[0].pk)
    return _form_page(request, nominal, form, "Refer to a programme", back=("interventions:interventions", nominal.pk))


def _edit(request, pk, referral_pk, form_class, fields, save, title, done, initial=None):
    """A change to a referral against the version the user opened: a stale one shows what changed."""
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    found = policy.get_item_on(request.user, nominal, ProgrammeReferral, referral_pk, policy.WRITE)
    # `initial`: what a field not yet filled in starts as (today's date, say); a value already saved is kept.
    values = {f: getattr(found, f) for f in fields}
    form = form_class(request.POST or None, initial={
        "version": found.version, **values, **{f: v for f, v in (initial or {}).items() if values.get(f) in (None, "")}})
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in fields}
        saved, differences = save_or_review(form, lambda: save(
            actor=request.user, referral=found, data=data, version=form.cleaned_data["version"]), list(fields))
        if saved:
            messages.success(request, done)
            return redirect("interventions:referral", nominal.pk, found.pk)
    return _form_page(request, nominal, form, f"{title}: {found.programme}", differences=differences,
                      back=("interventions:referral", nominal.pk, found.pk),
                      marking=highest([nominal.marking, found.marking]))


@login_required
def decide(request, pk, referral_pk):
    return _edit(request, pk, referral_pk, forms.DecisionForm, services.DECISION_FIELDS, services.decide,
                 "Eligibility", "Eligibility decision recorded.", initial={"assessed_on": timezone.localdate()})


@login_required
def waiting_list(request, pk, referral_pk):
    return _edit(request, pk, referral_pk, forms.WaitingListForm, services.LIST_FIELDS, services.update_waiting_list,
                 "Waiting list and pre-programme work", "Waiting list dates saved.")


@login_required
def outcome(request, pk, referral_pk):
    return _edit(request, pk, referral_pk, forms.OutcomeForm, services.OUTCOME_FIELDS, services.record_outcome,
                 "Outcome", "Outcome recorded.", initial={"outcome_on": timezone.localdate()})


@login_required
def review(request, pk, referral_pk):
    return _edit(request, pk, referral_pk, forms.ReviewForm, services.REVIEW_FIELDS, services.record_review,
                 "Post-programme review", "Post-programme review recorded.",
                 initial={"reviewed_on": timezone.localdate()})


@login_required
def session(request, pk, referral_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    found = policy.get_item_on(request.user, nominal, ProgrammeReferral, referral_pk, policy.WRITE)
    form = forms.SessionForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.record_session(actor=request.user, referral=found, data=form.cleaned_data)):
            messages.success(request, "Attendance recorded.")
            return redirect("interventions:referral", nominal.pk, found.pk)
    return _form_page(request, nominal, form, f"Record a session: {found.programme}",
                      back=("interventions:referral", nominal.pk, found.pk), marking=highest([nominal.marking, found.marking]))


@login_required
def add_one_to_one(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    form = forms.OneToOneForm(request.POST or None, initial={"started_on": timezone.localdate()},
                              records={"referral": _labelled(queries.referrals(request.user, nominal))})
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.add_one_to_one(actor=request.user, nominal=nominal, data=form.to_data())):
            messages.success(request, "One-to-one work recorded.")
            return redirect("interventions:interventions", nominal.pk)
    return _form_page(request, nominal, form, "Record one-to-one work", back=("interventions:interventions", nominal.pk))


ONE_TO_ONE_EDITS = ("sessions_done", "outcome", "ended_on")


@login_required
def edit_one_to_one(request, pk, work_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    work = policy.get_item_on(request.user, nominal, OneToOneWork, work_pk, policy.WRITE)
    form = forms.OneToOneEditForm(request.POST or None, initial={
        "version": work.version, **{f: getattr(work, f) for f in ONE_TO_ONE_EDITS}})
    differences = []
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ONE_TO_ONE_EDITS}
        data["outcome"] = data["outcome"] or ""
        saved, differences = save_or_review(form, lambda: services.update_one_to_one(
            actor=request.user, work=work, data=data, version=form.cleaned_data["version"]), ONE_TO_ONE_EDITS)
        if saved:
            messages.success(request, "One-to-one work updated.")
            return redirect("interventions:interventions", nominal.pk)
    return _form_page(request, nominal, form, f"Update: {work}", differences=differences,
                      back=("interventions:interventions", nominal.pk), marking=highest([nominal.marking, work.marking]))
