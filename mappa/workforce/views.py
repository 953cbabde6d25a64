"""Pages of the workforce part. Thin: read through the policy and queries, change through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import reference
from mappa.core.saving import save_or_review, try_save
from mappa.workforce import forms, queries, rules, services

PAGE_SIZE = 20
MARKING = "OFFICIAL-SENSITIVE"


def _person(user, pk):
    """A person whose records the user may see: themselves, a member of a supervisor's own team, anyone for an
    administrator (training only: policy.staff_for). 404 for anyone else, so an id tells them nothing."""
    person = policy.staff_for(user).filter(pk=policy.record_id(pk)).select_related("agency", "team").first()
    if person is None:
        raise Http404("No such person")
    return person


def _sessions_page(request, sessions):
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    cases = queries.discussed(request.user, page.object_list)
    for s in page.object_list:
        s.cases_shown = cases.get(s.pk, [])
    return page


@login_required
def index(request):
    """The user's own supervision and training; a supervisor's team above it."""
    user = request.user
    if user.role == Role.EMERGENCY:
        raise Http404("Not available with emergency access")
    today = timezone.localdate()
    try:
        team = queries.team(user, today)
        described = queries.weights_described(today) if team is not None else ""
        numbers = queries.tables(today)
    except reference.MissingReferenceData as exc:
        raise Http404(str(exc)) from exc
    usual = numbers["usual_maximum"]
    role = rules.role_of(user.agency.kind if user.agency_id else "", user.role, numbers["roles"])
    mine = queries.trainings(user, [user])[user.pk]
    return render(request, "workforce/index.html", {
        "team": team, "described": described, "usual_maximum": usual, "today": today,
        "page": _sessions_page(request, queries.supervisions(user, person=user)),
        "training": queries.training_rows(user, user, numbers["roles"]), "role_name": numbers["roles"]["roles"].get(role, {}).get("name", ""),
        "missing": [queries.course_name(c, numbers["roles"]) for c in rules.missing_training(role, mine, today, numbers["roles"])],
        "marking": MARKING})


@login_required
def person(request, pk):
    """A member of staff's supervision sessions and training, with the training their role requires that they
    lack: for them, their supervisor, and (training only) an administrator."""
    person_ = _person(request.user, pk)
    today = timezone.localdate()
    numbers = queries.tables(today)
    role = rules.role_of(person_.agency.kind if person_.agency_id else "", person_.role, numbers["roles"])
    held = queries.trainings(request.user, [person_])[person_.pk]
    due = queries.next_due(request.user, [person_]).get(person_.pk)
    return render(request, "workforce/person.html", {
        "person": person_, "today": today, "page": _sessions_page(request, queries.supervisions(request.user, person_)),
        "training": queries.training_rows(request.user, person_, numbers["roles"]),
        "role_name": numbers["roles"]["roles"].get(role, {}).get("name", ""),
        "missing": [queries.course_name(c, numbers["roles"]) for c in rules.missing_training(role, held, today, numbers["roles"])],
        "next_due": due, "state": rules.supervision_state(due, today, numbers["lookahead"]) if person_.pk != request.user.pk else "",
        "may_supervise": services.may_supervise(request.user, person_),
        "may_record_training": services.may_record_training(request.user, person_), "marking": MARKING})



def _form_page(request, form, title, person_, **extra):
    return render(request, "workforce/form.html", {"form": form, "title": title, "person": person_,
                                                   "marking": MARKING, **extra})


@login_required
def add_supervision(request, pk):
    person_ = _person(request.user, pk)
    if not services.may_supervise(request.user, person_):
        raise Http404("Only their supervisor records their supervision")
    cases = list(queries.cases_both_see(request.user, person_)[:100])
    form = forms.SupervisionForm(request.POST or None, cases=cases, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if try_save(form, lambda: services.record_supervision(actor=request.user, supervisee=person_, data=form.to_data(),
                                                          cases=[int(c) for c in form.cleaned_data.get("cases", [])],
                                                          agreed_for=form.agreed_for())):
            messages.success(request, "Supervision recorded.")
            return redirect("workforce:person", person_.pk)
    return _form_page(request, form, f"Record the supervision of {person_.display_name}", person_)


@login_required
def edit_supervision(request, pk):
    """A session's record: read by those policy.staff_supervisions_for allows; corrected by its supervisor."""
    session = (policy.staff_supervisions_for(request.user).filter(pk=policy.record_id(pk))
               .select_related("supervisor", "supervisee").first())
    if session is None:
        raise Http404("No such supervision")
    cases = queries.discussed(request.user, [session]).get(session.pk, [])
    may_change = services.may_correct(request.user, session)
    form = None
    differences = []
    if may_change:
        form = forms.SupervisionForm(request.POST or None, initial={
            "version": session.version, **{f: getattr(session, f) for f in services.SUPERVISION_FIELDS}})
        if request.method == "POST" and form.is_valid():
            data = form.to_data()
            saved, differences = save_or_review(form, lambda: services.update_supervision(
                actor=request.user, supervision=session, data=data, version=form.cleaned_data["version"] or 0),
                list(data))
            if saved:
                messages.success(request, "Supervision record changed.")
                return redirect("workforce:supervision", session.pk)
    elif request.method == "POST":
        raise Http404("Only the supervisor who held the session changes its record")
    return render(request, "workforce/supervision.html", {
        "session": session, "cases": cases, "form": form, "differences": differences, "may_change": may_change,
        "marking": MARKING})


@login_required
def correct_agreed(request, pk, case):
    """Correct what was agreed for one case discussed at a session: its supervisor only (404 for anyone else, as the
    session's own correction), for a case they may still see."""
    session = (policy.staff_supervisions_for(request.user).filter(pk=policy.record_id(pk))
               .select_related("supervisee").first())
    if session is None or not services.may_correct(request.user, session):
        raise Http404("Only the supervisor who held the session changes its record")
    row = (policy.discussed_cases_for(request.user, [session.pk]).filter(nominal_id=policy.record_id(case))
           .select_related("nominal").first())
    if row is None:
        raise Http404("No such case discussed")
    form = forms.AgreedForm(request.POST or None, case_name=row.nominal.full_name,
                            initial={"version": row.version, "agreed": row.agreed})
    differences = []
    if request.method == "POST" and form.is_valid():
        saved, differences = save_or_review(form, lambda: services.correct_agreed(
            actor=request.user, discussed=row, agreed=form.cleaned_data["agreed"],
            version=form.cleaned_data["version"] or 0), ["agreed"])
        if saved:
            messages.success(request, f"What was agreed for {row.nominal.full_name} changed.")
            return redirect("workforce:supervision", session.pk)
    return render(request, "workforce/agreed_form.html", {
        "form": form, "title": f"Correct what was agreed for {row.nominal.full_name}", "session": session,
        "differences": differences, "marking": MARKING})


@login_required
def add_training(request, pk):
    person_ = _person(request.user, pk)
    if not services.may_record_training(request.user, person_):
        raise Http404("Training is recorded by an administrator or the person's supervisor")
    courses = queries.tables(timezone.localdate())["roles"]["courses"]
    form = forms.CourseForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        if try_save(form, lambda: services.record_course(actor=request.user, user=person_, course=c["course"],
                                                     completed_on=c["completed_on"], expires_on=c["expires_on"])):
            messages.success(request, "Training recorded.")
            return redirect("workforce:person", person_.pk)
    return _form_page(request, form, f"Record training of {person_.display_name}", person_)
