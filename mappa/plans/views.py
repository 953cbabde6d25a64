"""Pages of the shared risk management plan. Thin: read through the policy and queries, change
through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Agency, Role
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import extensions
from mappa.core.concurrency import StaleEdit
from mappa.core.converters import query_id
from mappa.core.markings import highest, marking_for
from mappa.core.pdf import pdf_response
from mappa.core.saving import apply_errors, save_or_review
from mappa.nominals.case import case_header
from mappa.nominals.services import record_view
from mappa.plans import forms, queries, services
from mappa.plans.models import Heading, PlanItem, PlanItemRevision, PlanReview

PAGE_SIZE = 25


def _marking(nominal, state) -> str:
    return highest([nominal.marking] + list(state.markings))


@login_required
def plan(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    today = timezone.localdate()
    state = queries.plan_state(request.user, nominal, today)
    agency_id = query_id(request.GET, "agency")
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    shown = query_id(request.GET, "shown")
    headings = state.by_heading(agency.pk if agency else None)
    owning = sorted({i.owner_agency for i in state.items if i.owner_agency_id}, key=lambda a: a.name)
    record_view(request.user, nominal, what=f"risk management plan{f' ({agency} view)' if agency else ''}")
    return render(request, "plans/plan.html", {
        "nominal": nominal, "case": case_header(request, nominal), "state": state, "headings": headings,
        "open_sections": {h["value"] for h in headings if any(i.pk == shown for i in h["others"])},
        "agency": agency, "owning": owning, "today": today,
        # Requirements not covered are named once, in their table; the summary counts them.
        "uncovered": sum(1 for g in state.gaps if g.code == "requirement"),
        "covered_count": sum(1 for _, covered in state.requirements if covered),
        "requirement_groups": _requirement_groups(state),
        "can_write": policy.can(request.user, policy.WRITE, nominal),
        "can_export": policy.can(request.user, policy.EXPORT, nominal),
        "marking": _marking(nominal, state),
    })


@login_required
def item_add(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    requirements = extensions.requirements_for(request.user, nominal)
    initial = {"heading": request.GET.get("heading", ""), "owner": request.user.pk}
    source = next((r for r in requirements if r.key == request.GET.get("source")), None)
    if source is not None:  # start from the requirement the item puts into effect
        initial.update(source_key=source.key, what=source.text[:300], heading=initial["heading"] or REQUIREMENT_HEADINGS.get(
            source.kind, Heading.MONITORING), purpose="restrictive" if source.restrictive else "constructive",
            handling=source.handling)
    form = forms.PlanItemForm(request.POST or None, user=request.user, nominal=nominal, requirements=requirements,
                              initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_item(actor=request.user, nominal=nominal, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Added to the plan.")
            return _shown(nominal, item)
    if request.method == "GET":
        record_view(request.user, nominal, what="add a plan item")
    return render(request, "plans/item_form.html", {
        "form": form, "nominal": nominal, "case": case_header(request, nominal), "title": "Add to the plan", "marking": nominal.marking,
    })


REQUIREMENT_KINDS = {"mappa_decision": "MAPPA meeting decisions", "disclosure_decision": "Disclosure decisions",
                     "licence_condition": "Licence conditions", "order_prohibition": "Civil order prohibitions",
                     "victim_safety": "Victim safety measures"}


def _requirement_groups(state) -> list[dict]:
    """The requirements not covered, by what they come from. A group holding one recorded since the plan was last
    reviewed is open; the others show their count, their rows a click away."""
    reviewed = state.last_review.completed_on if state.last_review else None
    groups = {}
    for r, covered in state.requirements:
        if not covered:
            groups.setdefault(r.kind, []).append(r)
    labels = {kind: REQUIREMENT_KINDS.get(kind, "Other requirements") for kind in groups}
    return [{"label": labels[kind], "region": f"{labels[kind]}, not covered by the plan", "rows": rows,
             "open": reviewed is None or any(r.since is None or r.since >= reviewed for r in rows)}
            for kind, rows in groups.items()]


def _shown(nominal, item):
    """Back to the plan at the item just saved, open even where the plan keeps items with nothing to act on closed."""
    return redirect(f"{reverse('plans:plan', args=[nominal.pk])}?shown={item.pk}#item-{item.pk}")


def _item_or_404(user, nominal, item_pk, action):
    return policy.get_item_on(user, nominal, PlanItem, item_pk, action)


@login_required
def item_edit(request, pk, item_pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    item = _item_or_404(request.user, nominal, item_pk, policy.WRITE)
    requirements = extensions.requirements_for(request.user, nominal)
    form = forms.PlanItemForm(request.POST or None, instance=item, initial={"version": item.version},
                              user=request.user, nominal=nominal, requirements=requirements)
    differences = []
    if request.method == "POST" and form.is_valid():
        saved, differences = save_or_review(form, lambda: services.update_item(
            actor=request.user, item=item, data=form.to_data(), version=form.cleaned_data["version"] or 0),
            forms.PlanItemForm.Meta.fields)
        if saved:
            messages.success(request, "Plan item saved.")
            return _shown(nominal, item)
    else:
        record_view(request.user, nominal, item, what="plan item")
    revisions = policy.items_for(request.user, PlanItemRevision, nominal=nominal).filter(item=item).select_related("recorded_by")[:20]
    return render(request, "plans/item_form.html", {
        "form": form, "nominal": nominal, "case": case_header(request, nominal), "item": item, "title": "Change plan item", "differences": differences,
        "revisions": revisions, "marking": marking_for(item.handling),
    })


@login_required
def review_add(request, pk):
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    today = timezone.localdate()
    state = queries.plan_state(request.user, nominal, today)
    if state.plan is None:
        messages.error(request, "Add items to the plan before reviewing it.")
        return redirect("plans:plan", nominal.pk)
    form = forms.ReviewForm(request.POST or None)
    copied = []
    changed = queries.changes(request.user, nominal)
    if state.last_review is not None:
        changed = changed.filter(recorded_at__gt=state.last_review.created_at)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_review(actor=request.user, nominal=nominal, data=form.to_data(),
                                     confirm_copied=form.cleaned_data["confirm_copied"],
                                     due_on=state.review.due if state.review else None)
        except ValidationError as exc:
            copied = [f for f, errs in exc.message_dict.items() if any("same as the last review" in e for e in errs)]
            apply_errors(form, exc)
        else:
            messages.success(request, "Review recorded. A supervisor can now endorse it.")
            return redirect("plans:plan", nominal.pk)
    if request.method == "GET":
        record_view(request.user, nominal, what="review the plan")
    return render(request, "plans/review_form.html", {
        "form": form, "nominal": nominal, "case": case_header(request, nominal), "state": state, "copied": copied, "last": state.last_review,
        "changed": changed[:30],
        "marking": _marking(nominal, state),
    })


@login_required
def review_detail(request, pk, review_pk):
    nominal = policy.get_nominal(request.user, pk)
    review = policy.get_item_on(request.user, nominal, PlanReview, review_pk)
    may_endorse = (request.user.role == Role.SUPERVISOR and not review.endorsed_by_id
                   and review.reviewer_id != request.user.pk and policy.can(request.user, policy.WRITE, nominal))
    form = forms.EndorseForm(request.POST or None, initial={"version": review.version})
    differences = []
    if request.method == "POST":
        if not may_endorse:
            raise Http404("You cannot endorse this review")
        if form.is_valid():
            try:
                services.endorse_review(actor=request.user, review=review, note=form.cleaned_data["note"],
                                        checked=form.cleaned_data["checked"],
                                        version=form.cleaned_data["version"])
            except StaleEdit as exc:
                differences = [{"label": "Endorsed by", "theirs": exc.current.endorsed_by, "yours": request.user}]
                form.add_error(None, "Someone else changed this review after you opened it.")
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Review endorsed.")
                return redirect("plans:plan", nominal.pk)
    else:
        record_view(request.user, nominal, review, what="plan review")
    return render(request, "plans/review_detail.html", {
        "nominal": nominal, "case": case_header(request, nominal), "review": review, "form": form, "may_endorse": may_endorse, "differences": differences,
        "triggers": policy.items_for(request.user, review.triggers.model, nominal=nominal).filter(review=review),
        "gaps": queries.plan_state(request.user, nominal, timezone.localdate()).gaps if may_endorse else [],
        "marking": marking_for(review.handling),
    })


@login_required
def history(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    asked = any(key.startswith("on") for key in request.GET)  # not bound by ?page= alone
    form = forms.AsAtForm(request.GET if asked else None)
    as_at = None
    if form.is_bound and form.is_valid():
        as_at = {"on": form.cleaned_data["on"], "headings": queries.plan_as_at(request.user, nominal, form.cleaned_data["on"])}
    page = Paginator(queries.changes(request.user, nominal), PAGE_SIZE).get_page(request.GET.get("page"))
    reviews = policy.items_for(request.user, PlanReview, nominal=nominal).select_related("reviewer", "endorsed_by")
    if as_at:
        reviews = reviews.filter(completed_on__lte=as_at["on"])
    record_view(request.user, nominal, what="plan history" + (f" as at {as_at['on']}" if as_at else ""))
    return render(request, "plans/history.html", {
        "nominal": nominal, "case": case_header(request, nominal), "form": form, "as_at": as_at, "page": page, "reviews": reviews[:20],
        "marking": "OFFICIAL-SENSITIVE",
    })


@login_required
def plan_pdf(request, pk):
    """The plan for a meeting or a home visit: what the reader may see, with the rest shown as withheld."""
    nominal = policy.get_nominal(request.user, pk, policy.EXPORT)
    today = timezone.localdate()
    state = queries.plan_state(request.user, nominal, today)
    marking = _marking(nominal, state)
    record(request.user, Action.EXPORT, nominal, nominal=nominal, reason=policy.break_glass_reason(request.user, nominal),
           details={"format": "pdf", "document": "risk management plan", "marking": marking, "withheld": len(state.hidden)})
    return pdf_response("plans/plan_pdf.html", {
        "nominal": nominal, "state": state, "headings": state.by_heading(), "today": today, "reader": request.user,
        "markings": sorted({i.marking for i in state.items if i.handling}),
    }, marking=marking, title=f"Risk management plan: {nominal.full_name}", filename=f"plan-{nominal.pk}.pdf")


REQUIREMENT_HEADINGS = {
    "licence_condition": Heading.MONITORING, "order_prohibition": Heading.MONITORING,
    "disclosure_decision": Heading.MONITORING, "mappa_decision": Heading.SUPERVISION,
    "victim_safety": Heading.VICTIM_SAFETY,
}
