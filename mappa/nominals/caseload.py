"""The home page: a user's caseload, what needs their attention, and who viewed their cases."""
import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.audit.models import Action
from mappa.core import extensions, facts, notifications

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
        return qs.filter(policy.partnered(user))
    if show == "unallocated":
        return qs.filter(manager__isnull=True, team_id=user.team_id)
    if show == "team":
        return qs.filter(team_id=user.team_id)
    return qs


def default_view(user) -> str:
    return {Role.COORDINATOR: "area", Role.PARTNER_READONLY: "partner", Role.SUPERVISOR: "team"}.get(user.role, "mine")


def opening_view(user) -> str:
    """The list the home page opens on: the user's usual one, or, when it is empty, the first that has cases
    (a practitioner who is only a partner on cases opens on those, not on an empty list of their own)."""
    usual = default_view(user)
    for key in [usual, *(k for k in SHOW if k != usual)]:
        if caseload(user, key).exists():
            return key
    return usual


RECENT_VIEW_DAYS = 30
VIEWER_LIMIT = 10


def recent_viewers(user, now) -> list[dict] | None:
    """Who else has opened the cases whose access log the user may see (their own, and a supervisor's
    team's) in the last RECENT_VIEW_DAYS: one line per person, case and kind of access, latest first.
    None when the user may see no access log."""
    if policy.access_log_scope(user) is None or (user.role != Role.SUPERVISOR and not policy.nominals_for(user).filter(manager=user).exists()):
        return None
    since = now - datetime.timedelta(days=RECENT_VIEW_DAYS)
    rows = (policy.views_of_logged_cases(user, since).values("actor_name", "actor_agency", "nominal_id", "action", "reason")
            .annotate(times=Count("id"), last=Max("at")).order_by("-last")[:VIEWER_LIMIT])
    rows = list(rows)
    people = policy.nominals_for(user).filter(pk__in=[r["nominal_id"] for r in rows]).only("first_name", "middle_names", "last_name")
    full = {n.pk: n.full_name for n in people}
    for row in rows:
        row["name"] = full.get(row["nominal_id"], "")
        row["emergency"] = row["action"] == Action.BREAK_GLASS
    return rows


@login_required
def home(request):
    user = request.user
    if user.role == Role.EMERGENCY:
        grants = policy.grants_for(user).select_related("nominal")
        return render(request, "home_emergency.html", {"grants": grants})
    if user.role == Role.ADMIN:
        return render(request, "home_admin.html", {})
    show = request.GET.get("show")
    if show not in SHOW:
        show = opening_view(user)
    page = Paginator(caseload(user, show), PAGE_SIZE).get_page(request.GET.get("page"))
    notifications = policy.notifications_for(user)[:20]
    viewers = recent_viewers(user, timezone.now())
    today = timezone.localdate()
    with facts.remembered():
        work = extensions.work_for(user, today)
    return render(request, "home.html", {
        "work": work[:WORK_LIMIT], "work_more": max(0, len(work) - WORK_LIMIT), "today": today,
        "page": page, "show": show, "views": SHOW, "title": SHOW[show], "notifications": notifications, "viewers": viewers, "recent_days": RECENT_VIEW_DAYS,
        "can_create": policy.may_create_nominal(user), "marking": "OFFICIAL-SENSITIVE",
    })


@login_required
@require_POST
def dismiss_notification(request, pk):
    notifications.dismiss(request.user, pk)
    return redirect("home")
