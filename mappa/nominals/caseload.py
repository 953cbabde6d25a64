"""The home page: a user's caseload, what needs their attention, and who viewed their cases."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa.access import policy
from mappa.access.models import BreakGlassGrant
from mappa.accounts.models import Role
from mappa.audit.models import Action, AuditEvent
from mappa.core import extensions, facts
from mappa.core.models import Notification
from mappa.nominals.models import Partner

PAGE_SIZE = 25
WORK_LIMIT = 30
SHOW = {
    "mine": "Cases you manage",
    "partner": "Cases you are a partner on",
    "unallocated": "Unallocated cases held by your team",
    "team": "All your team's cases",
    "area": "All cases in your area",
}


def caseload(user, show: str):
    qs = policy.nominals_for(user).select_related("team__agency", "manager")
    if show == "mine":
        return qs.filter(manager=user)
    if show == "partner":
        return qs.filter(Exists(Partner.objects.filter(nominal=OuterRef("pk"), user=user, ended_at__isnull=True)))
    if show == "unallocated":
        return qs.filter(manager__isnull=True, team_id=user.team_id)
    if show == "team":
        return qs.filter(team_id=user.team_id)
    return qs


def default_view(user) -> str:
    return {Role.COORDINATOR: "area", Role.PARTNER_READONLY: "partner", Role.SUPERVISOR: "team"}.get(user.role, "mine")


@login_required
def home(request):
    user = request.user
    if user.role == Role.EMERGENCY:
        grants = BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now()).select_related("nominal")
        return render(request, "home_emergency.html", {"grants": grants})
    if user.role == Role.ADMIN:
        return render(request, "home_admin.html", {})
    show = request.GET.get("show") or default_view(user)
    if show not in SHOW:
        show = default_view(user)
    page = Paginator(caseload(user, show), PAGE_SIZE).get_page(request.GET.get("page"))
    notifications = Notification.objects.filter(recipient=user, read_at__isnull=True).select_related("nominal")[:20]
    viewers = (
        AuditEvent.objects.filter(nominal__manager=user, action__in=[Action.VIEW, Action.BREAK_GLASS])
        .exclude(actor=user).select_related("nominal")[:10]
    )
    today = timezone.localdate()
    with facts.remembered():
        work = extensions.work_for(user, today)
    return render(request, "home.html", {
        "work": work[:WORK_LIMIT], "work_more": max(0, len(work) - WORK_LIMIT), "today": today,
        "page": page, "show": show, "views": SHOW, "title": SHOW[show], "notifications": notifications, "viewers": viewers,
        "can_create": policy.may_create_nominal(user), "marking": "OFFICIAL-SENSITIVE",
    })


@login_required
@require_POST
def dismiss_notification(request, pk):
    Notification.objects.filter(pk=pk, recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("home")
