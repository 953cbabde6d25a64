"""Pages of this part. Thin: read through the policy, change through the services."""
import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import reference
from mappa.core.markings import highest, marking_for
from mappa.nominals.case import case_header
from mappa.nominals.item_pages import ItemPages
from mappa.orders import forms, queries, rules, services
from mappa.orders.kinds import KINDS
from mappa.orders.models import CivilOrder, NotificationEvent, Sentence

PAGE_SIZE = 20
SECTION_LIMIT = 5


def _kind_or_404(slug):
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("No such kind of record")
    return kind


def _rows(user, kind, nominal):
    qs = policy.items_for(user, kind.model, nominal=nominal)
    if any(f.name == "order" for f in kind.model._meta.concrete_fields):
        qs = qs.select_related("order")
    if kind.model is Sentence:
        qs = qs.select_related("conviction")  # each row's release point reads its conviction
    return qs


def overview_data(user, nominal, today: datetime.date) -> dict:
    """Legal status, what is overdue, and the latest of each kind of record: a fixed number of queries."""
    snap = queries.snapshot(nominal, user)
    status = queries.legal_status(nominal, today=today, snap=snap)
    overdue = list(queries.open_notifications(user, nominal).filter(due_on__lt=today).select_related("requirement")[:20])
    due_soon = list(queries.open_notifications(user, nominal).filter(due_on__gte=today).order_by("due_on")[:5])
    paused = []
    if status.in_custody:
        # In custody nothing falls due: each notification is due within days of release (s.83(6), s.85(3)).
        paused, overdue, due_soon = overdue + due_soon, [], []
    first, schemes = {}, []
    if any(r.indefinite for r in snap.requirements):  # only an indefinite requirement has a review date
        for event in policy.items_for(user, NotificationEvent, nominal=nominal).filter(
                kind=NotificationEvent.Kind.INITIAL, received_on__isnull=False).order_by("received_on"):
            first.setdefault(event.requirement_id, event.received_on)
        schemes = queries.review_schemes()
    requirements = [{"item": r, "review_on": queries.review_date(r, first.get(r.pk), nominal, schemes)}
                    for r in snap.requirements]
    shown = [i.handling for i in [*snap.convictions, *snap.sentences, *snap.requirements, *snap.orders, *overdue]]
    return {"status": status, "overdue": overdue, "due_soon": due_soon, "paused": paused, "requirements": requirements,
            "convictions": snap.convictions[:SECTION_LIMIT], "orders": snap.orders,
            "markings": [marking_for(h) for h in shown]}


@login_required
def overview(request, pk):
    nominal = policy.get_nominal(request.user, pk)
    today = timezone.localdate()
    data = overview_data(request.user, nominal, today)
    sections = []
    for kind in KINDS.values():
        rows = list(_rows(request.user, kind, nominal)[: SECTION_LIMIT + 1])
        sections.append({"kind": kind, "items": rows[:SECTION_LIMIT], "more": len(rows) > SECTION_LIMIT})
    services.record_view(request.user, nominal, what="sentences and orders")
    markings = data["markings"] + [marking_for(i.handling) for s in sections for i in s["items"]]
    return render(request, "orders/overview.html", {
        "nominal": nominal, "case": case_header(request, nominal), "data": data, "sections": sections, "today": today, "in_custody": data["status"].in_custody,
        "can_write": policy.can(request.user, policy.WRITE, nominal), "marking": highest([nominal.marking, *markings]),
    })


@login_required
def record_list(request, pk, kind):
    kind = _kind_or_404(kind)
    nominal = policy.get_nominal(request.user, pk)
    qs = _rows(request.user, kind, nominal)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    services.record_view(request.user, nominal, what=kind.plural)
    return render(request, "orders/list.html", {
        "nominal": nominal, "case": case_header(request, nominal), "kind": kind, "page": page, "today": timezone.localdate(),
        "in_custody": kind.model is NotificationEvent and queries.legal_status(nominal, request.user).in_custody,
        "can_write": policy.can(request.user, policy.WRITE, nominal), "marking": "OFFICIAL-SENSITIVE",
    })


ITEM_PAGES = ItemPages(template="orders/form.html", form_class=forms.form_class, create=services.create_record,
                       update=services.update_record, shown_on=lambda kind: "orders:overview", change_title="{}")


@login_required
def record_create(request, pk, kind):
    kind = _kind_or_404(kind)
    nominal = policy.get_nominal(request.user, pk, policy.WRITE)
    return ITEM_PAGES.create_page(request, nominal, kind, initial={k: v for k, v in request.GET.items() if k in kind.fields})


@login_required
def record_edit(request, pk, kind, item_pk):
    """Open to every reader of the record: one who may not change it sees the record and its history."""
    kind = _kind_or_404(kind)
    nominal = policy.get_nominal(request.user, pk)
    item = policy.get_item_on(request.user, nominal, kind.model, item_pk)
    return ITEM_PAGES.edit_page(request, nominal, kind, item)


def may_see_figures(user) -> bool:
    return getattr(user, "role", None) in (Role.COORDINATOR, Role.SUPERVISOR)


@login_required
def figures(request):
    """Annual report figures for enforcement and civil orders, for co-ordinators and supervisors."""
    if not may_see_figures(request.user):
        raise Http404("Only MAPPA co-ordinators and supervisors see the annual figures")
    today = timezone.localdate()
    starts = reference.value("orders.report.year_starts", today)
    latest = rules.reporting_year(today.year, starts)[0]
    default = today.year if latest <= today else today.year - 1
    try:
        year = int(request.GET.get("year", default))
        if not 2000 <= year <= default:
            raise ValueError
    except ValueError:
        year, error = default, f"Choose a year from 2000 to {default}"
    else:
        error = ""
    start, end = rules.reporting_year(year, starts)
    groups = queries.annual_figures(request.user, start, end)
    record(request.user, Action.VIEW, details={"what": "annual figures", "year": year})
    return render(request, "orders/figures.html", {
        "groups": groups, "year": year, "start": start, "end": end, "years": range(default, 1999, -1)[:15],
        "error": error, "marking": "OFFICIAL",
    })


@login_required
def order_copy(request, pk, item_pk):
    nominal = policy.get_nominal(request.user, pk, policy.EXPORT)
    order = policy.get_item(request.user, CivilOrder, item_pk)
    if order.nominal_id != nominal.pk or not order.copy:
        raise Http404("No copy of this order")
    record(request.user, Action.EXPORT, order, nominal=nominal, reason=policy.break_glass_reason(request.user, nominal))
    return FileResponse(order.copy.open("rb"), as_attachment=True, filename=order.copy.name.rsplit("/", 1)[-1])
