"""Administration pages: agencies, areas, teams, users, reference data, the sign-in log and background tasks.

Only administrators reach them; everyone else gets 404, so the pages' existence tells them
nothing. Administrators never see case records here (the access policy gives them none).
Thin, like every other page: read here, change through mappa.accounts.admin_services.
"""
from functools import wraps

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from mappa.access import policy
from mappa.accounts import admin_forms as forms
from mappa.accounts import admin_services as services
from mappa.accounts.models import Agency, Area, Role, Team, User
from mappa.audit.models import Action
from mappa.core.models import ReferenceSetting
from mappa.core.saving import apply_errors
from mappa.jobs import status as job_status

PAGE_SIZE = 25
AUDIT_ACTIONS = [Action.ADMIN, Action.SIGN_IN, Action.SIGN_IN_FAILED]
MARKING = "OFFICIAL"


def admin_only(view):
    """Signed in, and an administrator; anyone else is told the page does not exist."""
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request.user, "role", None) != Role.ADMIN:
            raise Http404("No such page")
        return view(request, *args, **kwargs)
    return wrapped


def _render(request, template, context=None):
    return render(request, f"administration/{template}", {"marking": MARKING, **(context or {})})


def _posted(request):
    """The submitted data on a POST, even if empty, so missing answers are reported."""
    return request.POST if request.method == "POST" else None


def locked_usernames(usernames=None) -> set[str]:
    """Usernames locked out now: failed sign-ins within the cool-off reach the limit."""
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    if usernames is not None:
        attempts = attempts.filter(username__in=list(usernames))
    totals = attempts.values("username").annotate(total=Sum("failures_since_start"))
    return {row["username"] for row in totals if row["total"] >= settings.AXES_FAILURE_LIMIT}


def _with_authenticator(users):
    return users.annotate(has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))


@admin_only
def index(request):
    return _render(request, "index.html", {
        "counts": {
            "active_users": User.objects.filter(is_active=True).count(),
            "inactive_users": User.objects.filter(is_active=False).count(),
            "locked_users": len(locked_usernames()),
            "agencies": Agency.objects.count(),
            "teams": Team.objects.count(),
            "areas": Area.objects.count(),
            "reference_settings": ReferenceSetting.objects.count(),
        },
        "tasks": job_status.summary(),
    })


# Users -------------------------------------------------------------------------------------

@admin_only
def user_list(request):
    form = forms.UserFilterForm(request.GET or None)
    users = _with_authenticator(User.objects.select_related("agency", "team__agency"))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        for word in (data["q"] or "").split():
            users = users.filter(Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
        if data["agency"]:
            users = users.filter(agency=data["agency"])
        if data["role"]:
            users = users.filter(role=data["role"])
        if data["active"]:
            users = users.filter(is_active=data["active"] == "yes")
    page = Paginator(users.order_by("last_name", "first_name", "username"), PAGE_SIZE).get_page(request.GET.get("page"))
    locked = locked_usernames(u.username for u in page.object_list)
    for user in page.object_list:
        user.locked_out = user.username in locked
    return _render(request, "user_list.html", {"form": form, "page": page})


@admin_only
def user_create(request):
    form = forms.NewUserForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(actor=request.user, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"User {user.username} created. They can sign in now.")
            return redirect("administration:user", user.pk)
    return _render(request, "user_form.html", {"form": form, "title": "Add a user", "creating": True})


def _user_or_404(pk):
    return get_object_or_404(_with_authenticator(User.objects.select_related("agency", "team__agency", "team__area")), pk=pk)


@admin_only
def user_detail(request, pk):
    subject = _user_or_404(pk)
    form = forms.UserForm(_posted(request), initial=forms.initial_from(subject, forms.USER_FIELDS))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(actor=request.user, user=subject, data=form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Changes to {subject.username} saved.")
            return redirect("administration:user", subject.pk)
    return _render(request, "user_detail.html", {
        "subject": subject, "form": form, "locked_out": subject.username in locked_usernames([subject.username]),
        "is_self": subject.pk == request.user.pk,
    })


def _action(request, pk, change, success):
    """Run one of the user page's buttons and go back to the page with its outcome."""
    subject = get_object_or_404(User, pk=pk)
    try:
        change(subject)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success.format(username=subject.username))
    return redirect("administration:user", subject.pk)


@admin_only
@require_POST
def user_active(request, pk):
    active = request.POST.get("active") == "1"
    return _action(request, pk, lambda u: services.set_user_active(actor=request.user, user=u, active=active),
                   "{username} can sign in again." if active else "{username} is deactivated and can no longer sign in.")


@admin_only
@require_POST
def user_unlock(request, pk):
    return _action(request, pk, lambda u: services.unlock_user(actor=request.user, user=u),
                   "{username} is unlocked and can try to sign in again.")


@admin_only
@require_POST
def user_reset_authenticator(request, pk):
    return _action(request, pk, lambda u: services.reset_second_factor(actor=request.user, user=u),
                   "The authenticator app for {username} is removed. They set one up again when they next need it.")


@admin_only
def user_password(request, pk):
    subject = get_object_or_404(User, pk=pk)
    form = forms.PasswordForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(actor=request.user, user=subject, password=form.cleaned_data["password"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"New password set for {subject.username}.")
            return redirect("administration:user", subject.pk)
    return _render(request, "user_password.html", {"subject": subject, "form": form})


# Agencies, teams, areas --------------------------------------------------------------------

@admin_only
def agency_list(request):
    agencies = Agency.objects.annotate(
        user_count=Count("users", filter=Q(users__is_active=True), distinct=True),
        team_count=Count("teams", distinct=True),
    ).order_by("name")
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "agency_list.html", {"page": page})


def _edit(request, form, save, success, redirect_to, template, context):
    """Shared create/change handling: valid form, then the service, then back to the list."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.to_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success.format(obj=obj))
            return redirect(redirect_to)
    return _render(request, template, {"form": form, **context})


@admin_only
def agency_create(request):
    return _edit(request, forms.AgencyForm(_posted(request)),
                 lambda data: services.create_agency(actor=request.user, data=data),
                 "Agency {obj.name} created.", "administration:agencies", "agency_form.html",
                 {"title": "Add an agency"})


@admin_only
def agency_edit(request, pk):
    agency = get_object_or_404(Agency, pk=pk)
    form = forms.AgencyForm(_posted(request), initial=forms.initial_from(agency, forms.AgencyForm.FIELDS))
    return _edit(request, form, lambda data: services.update_agency(actor=request.user, agency=agency, data=data),
                 "Agency {obj.name} saved.", "administration:agencies", "agency_form.html",
                 {"title": f"Change {agency.name}", "agency": agency})


@admin_only
def team_list(request):
    teams = Team.objects.select_related("agency", "area").annotate(
        member_count=Count("members", filter=Q(members__is_active=True)),
    ).order_by("agency__name", "name")
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "team_list.html", {"page": page})


@admin_only
def team_create(request):
    return _edit(request, forms.TeamForm(_posted(request)),
                 lambda data: services.create_team(actor=request.user, data=data),
                 "Team {obj.name} created.", "administration:teams", "team_form.html", {"title": "Add a team"})


@admin_only
def team_edit(request, pk):
    team = get_object_or_404(Team.objects.select_related("agency"), pk=pk)
    initial = {"agency": team.agency_id, "area": team.area_id, "name": team.name}
    return _edit(request, forms.TeamForm(_posted(request), initial=initial),
                 lambda data: services.update_team(actor=request.user, team=team, data=data),
                 "Team {obj.name} saved.", "administration:teams", "team_form.html",
                 {"title": f"Change {team.name}", "team": team})


@admin_only
def area_list(request):
    areas = Area.objects.annotate(team_count=Count("teams")).order_by("name")
    page = Paginator(areas, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "area_list.html", {"page": page})


@admin_only
def area_create(request):
    return _edit(request, forms.AreaForm(_posted(request)),
                 lambda data: services.create_area(actor=request.user, data=data),
                 "Area {obj.name} created.", "administration:areas", "area_form.html", {"title": "Add a MAPPA area"})


# Reference data and the log ----------------------------------------------------------------

@admin_only
def reference_data(request):
    today = timezone.localdate()
    rows, seen = [], set()
    for setting in ReferenceSetting.objects.order_by("key", "-effective_from"):
        # The first row of a key that has taken effect is the one in force; later ones are future.
        setting.in_force = setting.key not in seen and setting.effective_from <= today
        if setting.in_force:
            seen.add(setting.key)
        setting.future = setting.effective_from > today
        rows.append(setting)
    return _render(request, "reference_data.html", {"settings": rows, "today": today})


@admin_only
def audit_log(request):
    form = forms.AuditFilterForm(request.GET or None)
    events = policy.administration_events_for(request.user).filter(action__in=AUDIT_ACTIONS).select_related("actor")
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"].strip()
        events = events.filter(
            Q(actor__username__icontains=text) | Q(actor_name__icontains=text)
            | Q(object_label__icontains=text) | Q(details__username__icontains=text)
        )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "audit_log.html", {"form": form, "page": page})


@admin_only
def background_tasks(request):
    """The task queue and its workers: what each task is, its state and attempts, never its arguments."""
    page = Paginator(job_status.jobs(request.GET.get("status", "")), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "tasks.html", {
        "page": page, "rows": job_status.mark_stalled(page.object_list, job_status.alive_worker_ids()), "summary": job_status.summary(), "workers": job_status.workers(),
        "status": request.GET.get("status", ""),
    })
