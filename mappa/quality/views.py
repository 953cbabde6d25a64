"""The data-quality measures (figures for the area, a team or a manager, the trend, the failing cases) and the
themed audits. Reads go through queries (the policy); changes through services; views stay thin."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa.access import policy
from mappa.accounts.models import Area
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core.concurrency import StaleEdit
from mappa.core.converters import query_id
from mappa.core.saving import apply_errors
from mappa.quality import audits, forms, queries, rules, services

MARKING = "OFFICIAL-SENSITIVE"  # counts over a register of offenders, and the names behind them
PAGE = 50


def may_use(user) -> bool:
    return bool(getattr(user, "team_id", None)) and policy.may_see_quality(user, user.team.area_id)


def area_for(user, code: str) -> Area:
    """The area named in the address, if `user` may see its measures; otherwise 404, as for a record."""
    area = get_object_or_404(Area, code=code)
    if not policy.may_see_quality(user, area.pk):
        raise Http404("Only the area's MAPPA co-ordinators and supervisors see its quality measures")
    return area


def scope_note(user, area) -> str:
    if policy.sees_whole_area(user, area.pk):
        return ("Figures for every record held in the area, leaving out items recorded with a restriction your "
                "agency may not see.")
    return (f"Figures for the cases you may see: your own, your team's and those you partner on, not every record "
            f"held in {area.name}.")


def _scope(request, teams, managers) -> queries.Scope:
    """The team or manager asked for, if it is one the reader's cases hold; otherwise the whole of them."""
    team_id, manager_id = query_id(request.GET, "team"), query_id(request.GET, "manager")
    return queries.Scope(next((t for t in teams if t.pk == team_id), None),
                         next((m for m in managers if m.pk == manager_id), None))


def _setup(request, area_code):
    area = area_for(request.user, area_code)
    today = timezone.localdate()
    rows = queries.rows_for(request.user, area)
    teams, managers = queries.choices(request.user, area, rows)
    scope = _scope(request, teams, managers)
    return area, today, rows, teams, managers, scope


@login_required
def index(request):
    if not may_use(request.user):
        raise Http404("Only MAPPA co-ordinators and supervisors see the quality measures")
    return redirect("quality:measures", request.user.team.area.code)


@login_required
def measures(request, area):
    area, today, rows, teams, managers, scope = _setup(request, area)
    mine = queries.narrowed(rows, scope)
    shown = []
    for found in queries.measures(today):
        figure = rules.figure(rules.MEASURES[found.key].evaluate(mine, today, found.settings))
        shown.append({"info": found, "figure": figure, "meets": figure.meets(found.threshold)})
    record(request.user, Action.VIEW, label="Data quality measures",
           details={"area": area.code, "team": scope.team and scope.team.pk, "manager": scope.manager and scope.manager.pk})
    return render(request, "quality/measures.html", {
        "area": area, "today": today, "measures": shown, "teams": teams, "managers": managers, "scope": scope,
        "scope_note": scope_note(request.user, area), "marking": MARKING})


def _may_fix(user, check: rules.Check, nominal, writable: set[int]) -> bool:
    """Whether the reader may use the page where a failing case is put right. The read pages (risk, orders,
    MAPPA, plan and its reviews, visits, the victims tab) are theirs whenever the record is; the others follow the
    rule of the page itself."""
    name = check.fix[0]
    if name in ("nominals:edit", "plans:item_edit"):
        return nominal.pk in writable
    if name == "nominals:allocate":
        return policy.may_allocate(user, nominal)
    if name == "arrangements:level":
        return nominal.pk in writable or policy.is_area_coordinator(user, nominal.team.area_id)
    if name == "intelligence:evaluate":
        return policy.may_evaluate_intelligence(user, nominal)
    if name == "arrangements:meeting-minute":
        return policy.is_area_coordinator(user, nominal.team.area_id)
    if name == "plans:review_add":
        return nominal.pk in writable
    if name == "victims:edit":
        return policy.may_record_victims(user, nominal)
    if name == "safeguarding:decision_add":
        return policy.may_record_safeguarding(user, nominal)
    return True


def _failing_rows(user, checks: list[rules.Check]) -> list[dict]:
    """A page of failing checks, each with the case (read again through the policy) and a link to where it is put
    right, or to the case itself when the reader may not change it there."""
    ids = [c.nominal_id for c in checks]
    names, writable = queries.cases(user, ids), queries.writable(user, ids)
    rows = []
    for check in checks:
        nominal = names.get(check.nominal_id)
        if nominal is None:
            continue
        fixable = _may_fix(user, check, nominal, writable)
        url = reverse(check.fix[0], args=check.fix[1:]) if fixable else reverse("nominals:detail", args=[nominal.pk])
        rows.append({"check": check, "nominal": nominal, "url": url, "fixable": fixable})
    return rows


def _may_fix_staff(user, check: rules.Check, member) -> bool:
    from mappa.workforce import services as workforce

    if check.fix[0] == "workforce:add_supervision":
        return workforce.may_supervise(user, member)
    return True


def _failing_staff(user, checks: list[rules.Check]) -> list[dict]:
    """A page of failing members of staff, each read again through the policy (a supervisor's own team: nobody
    else is named), with a link to where it is put right or to their page."""
    members = queries.staff(user, [c.staff_id for c in checks])
    rows = []
    for check in checks:
        member = members.get(check.staff_id)
        if member is None:
            continue
        fixable = _may_fix_staff(user, check, member)
        url = reverse(check.fix[0], args=check.fix[1:]) if fixable else reverse("workforce:person", args=[member.pk])
        rows.append({"check": check, "member": member, "url": url, "fixable": fixable})
    return rows


@login_required
def measure(request, area, key):
    area, today, rows, teams, managers, scope = _setup(request, area)
    if key not in rules.MEASURES:
        raise Http404("There is no such measure")
    try:
        found = queries.info(key, today)
    except queries.reference.MissingReferenceData:
        raise Http404("There is no such measure") from None
    mine = queries.narrowed(rows, scope)
    checks = rules.MEASURES[key].evaluate(mine, today, found.settings)
    measured = rules.MEASURES[key]
    staff = measured.about == rules.STAFF
    if staff:
        member = {m.pk: m for m in rows.staff}
        by_team, by_manager = rules.grouped(checks, lambda pk: member[pk].team_id), {}
    else:
        person = {p.pk: p for p in rows.people}
        by_team = rules.grouped(checks, lambda pk: person[pk].team_id)
        by_manager = rules.grouped(checks, lambda pk: person[pk].manager_id)
    figure = rules.figure(checks)
    breakdown = measured.breakdown(mine, today, found.settings) if measured.breakdown else []
    failing = [c for c in checks if not c.passed]
    page = Paginator(failing, PAGE).get_page(request.GET.get("page"))
    page.object_list = (_failing_staff if staff else _failing_rows)(request.user, list(page.object_list))
    record(request.user, Action.VIEW, label="Data quality measure: failing cases",
           details={"area": area.code, "measure": key, "failing": len(failing)})
    return render(request, "quality/measure.html", {
        "area": area, "today": today, "info": found, "figure": figure, "meets": figure.meets(found.threshold), "scope": scope,
        "breakdown": breakdown, "staff": staff, "teams": teams, "managers": managers, "page": page,
        "by_team": [(t, by_team[t.pk]) for t in teams if t.pk in by_team],
        "by_manager": [(m, by_manager[m.pk]) for m in managers if m.pk in by_manager],
        "unallocated": by_manager.get(None),
        "trend": [(day, fig, fig.meets(found.threshold)) for day, fig in queries.trend(found, mine, today)],
        "scope_note": staff_note(request.user) if staff else scope_note(request.user, area), "marking": MARKING})


def staff_note(user) -> str:
    if policy.may_see_team(user):
        return "Figures for the members of your own team who work cases, as the team page shows them."
    return "Only a team's supervisor sees its staff's training and supervision: no member of staff is counted for you."


# Themed audits.
@login_required
def audit_list(request, area):
    area = area_for(request.user, area)
    form = forms.StartAuditForm(request.POST or None, sample=audits.sample_limits(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.start_audit(actor=request.user, area=area, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("quality:audit", audit.pk)
    record(request.user, Action.VIEW, label="Themed audits", details={"area": area.code})
    return render(request, "quality/audits.html", {
        "area": area, "form": form, "audits": audits.audits_for(request.user, area), "marking": MARKING})


@login_required
def audit(request, pk):
    found = audits.get_audit(request.user, pk)
    cases = audits.cases_of(request.user, found)
    actions = audits.actions_of(request.user, found)
    record(request.user, Action.VIEW, label="Themed audit", details={"audit": found.pk})
    return render(request, "quality/audit.html", {
        "audit": found, "area": found.area, "cases": cases, "actions": actions,
        "may_change": audits.may_change(request.user, found), "finish": forms.FinishAuditForm(initial={"version": found.version}),
        "sees_area": policy.may_see_quality(request.user, found.area_id),
        "marking": MARKING})


@login_required
def audit_case(request, pk, case_pk):
    found = audits.get_audit(request.user, pk)
    case = audits.get_case(request.user, found, case_pk)
    may_change = audits.may_change(request.user, found)
    form = forms.CaseForm(request.POST or None, checklist=found.checklist,
                          initial={"version": case.version, "findings": case.findings, **case.answers})
    action_form = forms.ActionForm(owners=audits.owners_for(case), prefix="action")
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("Only the supervisor who runs this audit records its findings")
        if form.is_valid():
            try:
                services.record_case(actor=request.user, case=case, answers=form.answers(),
                                     findings=form.cleaned_data["findings"], version=form.cleaned_data["version"])
            except StaleEdit:
                form.add_error(None, "Someone else saved this check after you opened it: reload the page to see theirs.")
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("quality:audit", found.pk)
    actions = [a for a in audits.actions_of(request.user, found) if a.case_id == case.pk]
    record(request.user, Action.VIEW, case, nominal=case.nominal, label="Themed audit: a sampled case")
    return render(request, "quality/audit_case.html", {
        "audit": found, "sampled": case, "form": form, "action_form": action_form, "actions": actions,
        "may_change": may_change, "marking": MARKING})


@login_required
@require_POST
def action_add(request, pk, case_pk):
    found = audits.get_audit(request.user, pk)
    case = audits.get_case(request.user, found, case_pk)
    form = forms.ActionForm(request.POST, owners=audits.owners_for(case), prefix="action")
    if form.is_valid():
        try:
            services.add_action(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("quality:audit-case", found.pk, case.pk)
    case_form = forms.CaseForm(checklist=found.checklist,
                               initial={"version": case.version, "findings": case.findings, **case.answers})
    actions = [a for a in audits.actions_of(request.user, found) if a.case_id == case.pk]
    return render(request, "quality/audit_case.html", {
        "audit": found, "sampled": case, "form": case_form, "action_form": form, "actions": actions,
        "may_change": audits.may_change(request.user, found), "marking": MARKING}, status=400)


@login_required
@require_POST
def action_done(request, pk):
    action = audits.get_action(request.user, pk)
    form = forms.DoneForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("The form was not complete: try again")
        services.mark_done(actor=request.user, action=action, **form.cleaned_data)
    except StaleEdit:
        messages.error(request, "Someone else changed this action after you opened the page: it is shown as it is now.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Action marked as done.")
    return redirect("quality:audit", action.case.audit_id)


@login_required
@require_POST
def audit_finish(request, pk):
    found = audits.get_audit(request.user, pk)
    form = forms.FinishAuditForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("The form was not complete: try again")
        services.finish_audit(actor=request.user, audit=found, **form.cleaned_data)
    except StaleEdit:
        messages.error(request, "Someone else changed this audit after you opened the page: it is shown as it is now.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Audit finished.")
    return redirect("quality:audit", found.pk)
