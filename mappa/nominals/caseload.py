"""The home page: a user's caseload, what needs their attention, and who viewed their cases."""
import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.core import extensions, facts, notifications, reference, work_store
from mappa.nominals import queue
from mappa.nominals import weights as weights_rules

PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 10  # lines of the work queue a page shows
NOTIFICATIONS_SHOWN = 5  # the rest are behind "Show more"
NOTIFICATIONS_LIMIT = 50
SHOW = {
    "mine": "Cases you manage",
    "partner": "Cases you are a partner on",
    "unallocated": "Unallocated cases held by your team",
    "team": "All your team's cases",
    "area": "All cases in your area",
}


def caseload(user, show: str):
    return _cases_shown(user, show).select_related("team__agency", "manager")


def _cases_shown(user, show: str):
    qs = policy.nominals_for(user)
    if show == "mine":
        return qs.filter(manager=user)
    if show == "partner":
        return qs.filter(policy.partnered(user))
    if show == "unallocated":
        return qs.filter(manager__isnull=True, team_id=user.team_id)
    if show == "team":
        return qs.filter(team_id=user.team_id)
    if user.team_id:  # "area": the records the area's teams hold, read by the area's teams (policy.nominals_in_area)
        return policy.nominals_in_area(user, user.team.area_id)
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


def team_caseloads(user, today: datetime.date) -> dict | None:
    """A supervisor's team: how many of the team's cases each member manages and their weight by risk
    (nominals.weights), heaviest first, and how many are unallocated (the cases counted are those the supervisor
    may see, weighed from the facts the supervisor may see). None for anyone else."""
    if user.role != Role.SUPERVISOR or not user.team_id:
        return None
    # The team's cases the supervisor may read: of the cases they answer for (their team's among them), read once a page.
    people = [n for n in policy.answered_cases(user) if n.team_id == user.team_id]
    known = facts.facts_for_many(user, people, only=("mappa_level", "rosh"))
    held: dict = {}
    for person in people:
        fact = known[person.pk]
        held.setdefault(person.manager_id, []).append((fact.rosh, fact.mappa_level))
    try:
        weights = reference.value("caseload.weights", today)
        usual = reference.value("caseload.usual_maximum", today)
    except reference.MissingReferenceData:
        weights, usual = None, None
    members = User.objects.filter(team_id=user.team_id, is_active=True).exclude(role=Role.EMERGENCY)
    rows = []
    for member in members:
        load = weights_rules.load(held.get(member.pk, []), weights) if weights else None
        rows.append({"name": member.display_name, "cases": len(held.get(member.pk, [])),
                     "weighted": load.weighted if load else None, "high": bool(load) and weights_rules.over(load, usual)})
    rows.sort(key=lambda r: (-(r["weighted"] or r["cases"]), -r["cases"], r["name"]))
    return {"members": rows, "unallocated": len(held.get(None, [])), "usual_maximum": usual,
            "weights": weights_rules.describe(weights) if weights else ""}


WORK_VIEWS = {"mine": "Your work", "team": "Your team's work"}


def my_work(user, today: datetime.date, kinds=()) -> list:
    """The user's own work list: kept between pages (core.work_store) when it is the whole list; a list of some kinds
    of work runs only their lists, afresh."""
    return extensions.work_for(user, today, kinds) if kinds else work_store.work_for(user, today)


def team_work(user, today: datetime.date, kinds=()) -> list | None:
    """A supervisor's team queue: the work list of each active member of the team (the supervisor's own too),
    each item marked with whose it is, kept to the team's records the supervisor may see. Team members are of the
    supervisor's agency, so an item a member's list shows is one the supervisor may see on those records. Kept between
    pages (core.work_store) when it is the whole queue. None for anyone else."""
    if user.role != Role.SUPERVISOR or not user.team_id:
        return None
    if not kinds:
        return work_store.work_for(user, today, TEAM)
    return _team_items(user, today, kinds)


def _team_cases(user):
    return policy.nominals_for(user).filter(team_id=user.team_id)


def _team_members(user):
    return (User.objects.filter(team_id=user.team_id, is_active=True, role__in=policy.WRITING_ROLES)
            .select_related("agency", "team").order_by("last_name", "first_name", "pk"))


def _team_items(user, today: datetime.date, kinds=(), on_cases: bool | None = None) -> list:
    held = set(_team_cases(user).values_list("pk", flat=True))
    # Each provider once for the whole team (not once a member): the queries do not grow with the team.
    return queue.team_items(extensions.team_work_for(user, _team_members(user), today, kinds, on_cases), held)


# The team queue as a list kept between pages: it follows the team's cases and the members' covers.
TEAM = work_store.Lists("team", cases=lambda user: set(_team_cases(user).values_list("pk", flat=True)),
                        on_cases=lambda user, today: _team_items(user, today, on_cases=True),
                        off_cases=lambda user, today: _team_items(user, today, on_cases=False),
                        people=lambda user: [user.pk, *_team_members(user).values_list("pk", flat=True)])


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
    unread = list(policy.notifications_for(user).order_by("-created_at", "-id")[:NOTIFICATIONS_LIMIT + 1])
    viewers = recent_viewers(user, timezone.now())
    today = timezone.localdate()
    work_view = "team" if request.GET.get("work") == "team" and user.role == Role.SUPERVISOR and user.team_id else "mine"
    # A queue filtered to some kinds of work runs only the providers that give them (the overdue visits list is
    # the visits part's alone), not every part's to throw most away.
    only = chosen_kinds(request.GET)
    # One gathering of facts for the work list and the team's caseloads: the risk levels the visits' schedules
    # need are the ones the caseload weights need, read once.
    with facts.remembered():
        work = team_work(user, today, only) if work_view == "team" else my_work(user, today, only)
        team = team_caseloads(user, today)
    return render(request, "home.html", {
        **work_queue(request.GET, work, today, only), "today": today,
        "work_view": work_view, "work_views": WORK_VIEWS if user.role == Role.SUPERVISOR and user.team_id else {},
        "team": team, "may_reallocate": user.role == Role.SUPERVISOR and show in ("team", "unallocated"),
        "page": page, "show": show, "views": SHOW, "title": SHOW[show], "viewers": viewers, "recent_days": RECENT_VIEW_DAYS,
        "notifications": unread[:NOTIFICATIONS_SHOWN], "notifications_shown": NOTIFICATIONS_SHOWN, "notifications_more": unread[NOTIFICATIONS_SHOWN:NOTIFICATIONS_LIMIT],
        "notifications_count": min(len(unread), NOTIFICATIONS_LIMIT), "notifications_over": len(unread) > NOTIFICATIONS_LIMIT,
        "notifications_upto": max((n.pk for n in unread[:NOTIFICATIONS_LIMIT]), default=0),
        "can_create": policy.may_create_nominal(user), "marking": "OFFICIAL-SENSITIVE",
    })


def chosen_kinds(params) -> set[str]:
    """The kinds of work (WorkItem.kind) the queue's `kind` filter asks for, of those the work list providers name
    (see extensions.work_list): empty when it asks for none of them, so that every provider runs."""
    families = set(params.getlist("kind"))
    return {k for k in extensions.work_kinds() if queue.family(k) in families}


def work_queue(params, work: list, today, only=()) -> dict:
    """The work queue's context from the page's GET parameters: `due` (overdue, week), `kind` (any number),
    `sort` and `work_page`. Unknown values are ignored, as if not given. `only`: the kinds of work `work` was read
    for (chosen_kinds; empty when it is the whole list); those kinds stay chosen even when none is due, and the
    filter offers the kinds read."""
    due = params.get("due") if params.get("due") in queue.DUE_FILTERS else ""
    chosen = {queue.family(k) for k in only}
    kinds_there = sorted(set(queue.kinds_present(work)) | {(k, queue.kind_label(k)) for k in chosen},
                         key=lambda k: (k[1], k[0]))
    known = {k for k, _ in kinds_there}
    kinds = [k for k in params.getlist("kind") if k in known]
    sort = params.get("sort") if params.get("sort") in queue.SORTS else "due"
    members = queue.members_present(work)
    whose = params.get("whose") if params.get("whose") in members else ""
    lines = queue.queue(work, today, due=due, kinds=kinds, sort=sort, whose=whose)
    page = Paginator(lines, QUEUE_PAGE_SIZE).get_page(params.get("work_page"))
    return {
        "queue": page, "queue_rows": [(line, line.overdue_on(today)) for line in page.object_list],
        "work_total": len(work), "work_overdue": sum(1 for w in work if w.overdue_on(today)), "work_partial": bool(only),
        "queue_items": sum(line.count for line in lines), "queue_filtered": bool(due or kinds or whose),
        "whose": whose, "members": members,
        "due": due, "due_filters": queue.DUE_FILTERS, "kinds": kinds, "kind_choices": kinds_there,
        "sort": sort, "sorts": queue.SORTS,
    }


@login_required
@require_POST
def dismiss_notification(request, pk):
    notifications.dismiss(request.user, pk)
    return redirect("home")


@login_required
@require_POST
def dismiss_all_notifications(request):
    try:
        upto = int(request.POST.get("upto", ""))
    except ValueError:
        upto = 0
    notifications.dismiss_all(request.user, upto)
    return redirect("home")
