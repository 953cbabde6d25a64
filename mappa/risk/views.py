"""Pages for risk assessments. Thin: read through the policy, change through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core.concurrency import StaleEdit
from mappa.core.dates import day as govuk_day
from mappa.core.markings import highest
from mappa.core.saving import apply_errors
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view
from mappa.risk import forms, queries, registrations, rules, services
from mappa.risk import inputs as risk_inputs
from mappa.risk.models import GROUPS, SETTINGS, Assessment, ReviewRequest, RiskType, Tool

KINDS = {
    "ogrs3": (RiskType.RECONVICTION, Tool.OGRS3),
    "osp": (RiskType.RECONVICTION, Tool.OSP),
    "rm2000": (RiskType.RECONVICTION, Tool.RM2000),
    "likelihood": (RiskType.LIKELIHOOD, Tool.OASYS),
    "rosh": (RiskType.ROSH, Tool.OASYS),
}
NEW_LINKS = [
    ("ogrs3", "OGRS3 (risk of reconviction)"),
    ("osp", "OSP/DC and OSP/IIC (risk of sexual reconviction)"),
    ("rm2000", "Risk Matrix 2000 (risk of reconviction)"),
    ("likelihood", "Likelihood of reoffending (OASys)"),
    ("rosh", "Risk of serious harm (OASys RoSH)"),
]
PAGE_SIZE = 20


def _marking(items, nominal) -> str:
    return highest([nominal.marking, *(i.marking for i in items)])


@login_required
def nominal_page(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    assessments = queries.assessments_for(request.user, nominal)
    latest = queries.latest_assessments(request.user, nominal)
    reviews = queries.reviews_for(request.user, nominal)
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    record_view(request.user, nominal, what="risk assessments")
    return render(request, "risk/nominal.html", {
        "nominal": nominal, "case": case_header(request, nominal), "rows": registrations.latest_by_kind(latest, queries.reader_setting(request.user, nominal),
                                                                 queries.rosh_groups()),
        "page": page, "reviews": reviews,
        "can_write": policy.can(request.user, policy.WRITE, nominal), "new_links": NEW_LINKS,
        "marking": _marking([*latest, *page.object_list, *reviews], nominal), "today": timezone.localdate(),
    })


def _table_for(tool, on):
    table = services.current_table(on) if tool == Tool.RM2000 else None
    return table


@login_required
def new(request, pk, kind):
    if kind not in KINDS:
        raise Http404("No such kind of assessment")
    risk_type, tool = KINDS[kind]
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    today = timezone.localdate()
    table = _table_for(tool, today)
    definition = table.definition if table else None
    system = services.derived_inputs(nominal, risk_type, tool, today, definition)
    form = forms.AssessmentForm(request.POST or None, risk_type=risk_type, tool=tool, table=definition, system=system)
    if request.method == "GET":
        form.initial = forms.AssessmentForm.initial_for(system=system, fields=form.input_fields) | {"assessed_on": today}
        record_view(request.user, nominal, what=f"new {kind} assessment")
    if request.method == "POST" and form.is_valid():
        data = form.to_service()
        try:
            a = services.create_assessment(actor=request.user, nominal=nominal, risk_type=risk_type, tool=tool,
                                           assessed_on=form.cleaned_data["assessed_on"], values=data["values"],
                                           reasons=data["reasons"], narrative=data["narrative"], rosh_levels=data["rosh_levels"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Draft assessment saved. Check the result, then complete it.")
            return redirect("risk:assessment", a.pk)
    return render(request, "risk/form.html", {
        "form": form, "nominal": nominal, "case": case_header(request, nominal), "title": f"New assessment: {dict(NEW_LINKS)[kind]}", "table": table,
        "tool": tool, "risk_type": risk_type, "marking": nominal.marking, "sections": forms.layout(form),
    })


@login_required
def detail(request, pk):
    a = policy.get_item(request.user, Assessment, pk)
    nominal = a.nominal
    can_write = policy.can(request.user, policy.WRITE, nominal)
    today = timezone.localdate()
    reviews = list(a.peer_reviews.select_related("reviewer"))
    record_view(request.user, nominal, a, what="risk assessment")
    trained = rules.trained(services.trainings(request.user), a.tool, today)
    definition = a.table.definition if a.table_id else None
    fields = risk_inputs.fields_for(services.input_key(a.risk_type, a.tool), definition)
    input_rows = [(f.label, _shown(f, a.inputs[f.name])) for f in fields if f.name in a.inputs]
    groups = queries.rosh_groups()
    rosh = registrations.rosh_view(a, queries.reader_setting(request.user, nominal), groups) \
        if a.risk_type == RiskType.ROSH else {"headline": a.level}
    not_counted = set(rules.out_of_setting(a.rosh_levels, groups))
    rosh_rows = [(label, [((a.rosh_levels.get(g) or {}).get(s, ""), (g, s) not in not_counted) for s, _ in SETTINGS])
                 for g, label in GROUPS]
    history = [{"at": e.at, "who": e.actor_name, "action": e.get_action_display(), "step": (e.details or {}).get("step", ""),
                "fields": ", ".join(sorted(k.replace("_", " ") for k in (e.changes or {}) if k != "status")),
                "status": (e.changes or {}).get("status")}
               for e in policy.item_history_for(request.user, a).order_by("-at")[:20]]
    return render(request, "risk/detail.html", {
        "input_rows": input_rows, "rosh_rows": rosh_rows, "rosh": rosh, "history": history,
        # Looked up here: in a template, a result without "items" gives the dict's own items() method.
        "item_scores": (a.result or {}).get("items") or [],
        "a": a, "nominal": nominal, "case": case_header(request, nominal), "can_write": can_write, "peer_reviews": reviews,
        "completion_problems": services.completion_problems(a, request.user, today) if a.status == Assessment.Status.DRAFT else {},
        "can_approve": can_write and a.status == Assessment.Status.COMPLETED and request.user.role == Role.SUPERVISOR
        and trained and a.completed_by_id != request.user.pk,
        "can_peer_review": can_write and a.status != Assessment.Status.DRAFT and trained
        and request.user.pk not in (a.created_by_id, a.completed_by_id),
        "peer_form": forms.PeerReviewForm(), "groups": GROUPS, "settings_": SETTINGS,
        "rationale_needed": rules.rationale_required(a.police_level, a.level),
        "marking": _marking([a], nominal),
    })


def _shown(field, entry: dict) -> dict:
    """An input as people read it: dates as 1 May 2024, choices in words."""
    def show(v):
        if field.kind == "date" and v:
            d = risk_inputs.to_date(v)
            return govuk_day(d) if d and d != "bad" else v
        if field.kind == "choice" and v is not None:
            return forms.CHOICE_LABELS.get(v, v)
        return v
    return entry | {"value": show(entry.get("value")), "corrected_from": show(entry.get("corrected_from"))}


@login_required
def edit(request, pk):
    a = policy.get_item(request.user, Assessment, pk, policy.WRITE)
    if a.status == Assessment.Status.APPROVED:
        messages.error(request, "An approved assessment cannot be changed: start a new one.")
        return redirect("risk:assessment", a.pk)
    definition = a.table.definition if a.table_id else None
    system = services.derived_inputs(a.nominal, a.risk_type, a.tool, a.assessed_on, definition)
    form = forms.AssessmentForm(request.POST or None, risk_type=a.risk_type, tool=a.tool, table=definition, system=system,
                                rosh_levels=a.rosh_levels)
    form.fields["assessed_on"].disabled = True
    form.initial = forms.AssessmentForm.initial_for(assessment=a, fields=form.input_fields)
    if request.method == "GET":
        record_view(request.user, a.nominal, a, what="edit risk assessment")
    if request.method == "POST" and form.is_valid():
        data = form.to_service()
        try:
            services.update_assessment(actor=request.user, assessment=a, version=form.cleaned_data["version"] or 0,
                                       values=data["values"], reasons=data["reasons"], narrative=data["narrative"],
                                       rosh_levels=data["rosh_levels"])
        except StaleEdit as exc:
            data = form.data.copy()
            data["version"] = exc.current.version
            form.data = data
            form.add_error(None, "Someone else changed this assessment after you opened it. Check it again, then save "
                                 "if your changes should still apply.")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Assessment saved as a draft.")
            return redirect("risk:assessment", a.pk)
    return render(request, "risk/form.html", {
        "form": form, "nominal": a.nominal, "case": case_header(request, a.nominal), "title": f"Change {a}", "a": a, "tool": a.tool, "risk_type": a.risk_type,
        "table": a.table, "marking": _marking([a], a.nominal), "sections": forms.layout(form),
    })


def _step(request, pk, fn, done):
    a = policy.get_item(request.user, Assessment, pk, policy.WRITE)
    form = forms.ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Something went wrong: open the assessment again.")
        return redirect("risk:assessment", a.pk)
    try:
        fn(actor=request.user, assessment=a, version=form.cleaned_data["version"])
    except StaleEdit:
        messages.error(request, "Someone else changed this assessment after you opened it. Check it again.")
    except ValidationError as exc:
        for msgs in exc.message_dict.values():
            for m in msgs:
                messages.error(request, m)
    else:
        messages.success(request, done)
    return redirect("risk:assessment", a.pk)


@login_required
@require_POST
def complete(request, pk):
    return _step(request, pk, services.complete_assessment, "Assessment completed. A trained supervisor must now approve it.")


@login_required
@require_POST
def approve(request, pk):
    return _step(request, pk, services.approve_assessment, "Assessment approved.")


@login_required
@require_POST
def peer_review(request, pk):
    a = policy.get_item(request.user, Assessment, pk, policy.WRITE)
    form = forms.PeerReviewForm(request.POST)
    if form.is_valid():
        try:
            services.add_peer_review(actor=request.user, assessment=a, agrees=form.cleaned_data["agrees"],
                                     comments=form.cleaned_data["comments"])
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    messages.error(request, m)
        else:
            messages.success(request, "Peer review recorded.")
            return redirect("risk:assessment", a.pk)
    else:
        for errs in form.errors.values():
            for m in errs:
                messages.error(request, m)
    return redirect("risk:assessment", a.pk)


@login_required
@require_POST
def close_review(request, pk):
    r = policy.get_item(request.user, ReviewRequest, pk, policy.WRITE)
    form = forms.CloseReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what the review found.")
    else:
        try:
            services.close_review(actor=request.user, request=r, outcome=form.cleaned_data["outcome"],
                                  version=form.cleaned_data["version"])
        except StaleEdit:
            messages.error(request, "Someone else recorded this review after you opened the page.")
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    messages.error(request, m)
        else:
            messages.success(request, "Review recorded.")
    return redirect("risk:nominal", r.nominal_id)


@login_required
def timeline(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    assessments = queries.assessments_oldest_first(request.user, nominal)
    lines = []
    for risk_type, tool in registrations.ROW_ORDER:
        entries, previous = [], None
        for a in (x for x in assessments if (x.risk_type, x.tool) == (risk_type, tool)):
            entries.append({"a": a, "previous": previous,
                            "changed": previous is not None and previous.level != a.level})
            previous = a
        lines.append({"risk_type": RiskType(risk_type), "tool": Tool(tool), "entries": list(reversed(entries))})
    record_view(request.user, nominal, what="risk timeline")
    return render(request, "risk/timeline.html", {"nominal": nominal, "case": case_header(request, nominal), "lines": lines,
                                                  "marking": _marking(assessments, nominal)})


@login_required
def training(request):
    user = request.user
    if user.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise Http404("Training records are kept by supervisors and administrators")
    form = forms.TrainingForm(request.POST or None, users=services.trainees_for(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_training(actor=user, user=d["user"], tool=d["tool"], trained_on=d["trained_on"],
                                     expires_on=d["expires_on"])
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                form.add_error("user", str(exc))
            else:
                apply_errors(form, exc)
        else:
            messages.success(request, "Training recorded.")
            return redirect("risk:training")
    rows = Paginator(queries.training_records_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "risk/training.html", {"form": form, "page": rows, "marking": "OFFICIAL"})


@login_required
def tables(request):
    if request.user.role != Role.ADMIN:
        raise Http404("Scoring tables are loaded by administrators")
    form = forms.TableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.load_instrument_table(actor=request.user, definition=form.cleaned_data["definition"],
                                           effective_from=form.cleaned_data["effective_from"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Scoring table loaded.")
            return redirect("risk:tables")
    return render(request, "risk/tables.html", {"form": form, "tables": queries.instrument_tables(),
                                                "marking": "OFFICIAL"})


