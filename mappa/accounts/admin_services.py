"""Administration: agencies, areas, teams and users. Only administrators, every change audited.

Each function takes the acting user, checks they are an administrator, validates, changes the
database and writes an audit event (action "admin") in the same transaction. Passwords are
never written to the audit log.
"""
from axes.utils import reset as reset_lockout
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, validate_slug
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from mappa.accounts.models import Agency, AgencyKind, Area, Role, Team, User
from mappa.audit.models import Action
from mappa.audit.services import diff, record, snapshot

USER_FIELDS = ["first_name", "last_name", "email", "role", "team", "agency", "job_title", "victim_liaison"]
AGENCY_FIELDS = ["code", "name", "kind", "require_second_factor"]
TEAM_FIELDS = ["agency", "area", "name"]
AREA_FIELDS = ["code", "name"]


def _require_admin(actor) -> None:
    if not (actor and actor.is_authenticated and actor.is_active and actor.role == Role.ADMIN):
        raise PermissionDenied("Only administrators can do this.")


def _text(data: dict, key: str) -> str:
    return str(data.get(key) or "").strip()


def _instance(model, value):
    """A related row given as an instance or a primary key (None if missing or unknown)."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value
    return model.objects.filter(pk=value).first()


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# Users -------------------------------------------------------------------------------------

def _user_values(data: dict, errors: dict) -> dict:
    """Validated name, email, role, team (and the agency that follows from it), job title."""
    values = {
        "first_name": _text(data, "first_name"),
        "last_name": _text(data, "last_name"),
        "email": _text(data, "email"),
        "role": _text(data, "role"),
        "job_title": _text(data, "job_title"),
    }
    values["victim_liaison"] = data.get("victim_liaison") in (True, "on", "true", "True", "1")
    if not values["first_name"]:
        errors["first_name"] = "Enter the first name"
    elif len(values["first_name"]) > 150:
        errors["first_name"] = "The first name must be 150 characters or fewer"
    if not values["last_name"]:
        errors["last_name"] = "Enter the last name"
    elif len(values["last_name"]) > 150:
        errors["last_name"] = "The last name must be 150 characters or fewer"
    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.org"
    if len(values["job_title"]) > 120:
        errors["job_title"] = "The job title must be 120 characters or fewer"
    if values["role"] not in Role.values:
        errors["role"] = "Choose the user's role"
    team = _instance(Team, data.get("team"))
    if data.get("team") not in (None, "") and team is None:
        errors["team"] = "Choose a team from the list"
    elif team is None and values["role"] and values["role"] != Role.ADMIN:
        errors["team"] = "Choose the user's team (only administrators can have no team)"
    values["team"] = team
    values["agency"] = team.agency if team else None
    return values


@transaction.atomic
def create_user(*, actor, data: dict) -> User:
    _require_admin(actor)
    errors = {}
    username = _text(data, "username")
    if not username:
        errors["username"] = "Enter the username"
    elif len(username) > 150:
        errors["username"] = "The username must be 150 characters or fewer"
    else:
        try:
            User.username_validator(username)
        except ValidationError:
            errors["username"] = "A username can only contain letters, numbers and the characters @ . + - _"
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = "That username is taken"
    values = _user_values(data, errors)
    user = User(username=username, is_staff=values["role"] == Role.ADMIN, **values)
    password = str(data.get("password") or "")
    if not password:
        errors["password"] = "Enter a password for the user"
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    _raise(errors)
    user.set_password(password)
    user.save()
    record(actor, Action.ADMIN, user, label=f"User {user.username} created",
           changes=diff({}, snapshot(user, ["username", *USER_FIELDS, "is_active"])))
    return user


@transaction.atomic
def update_user(*, actor, user: User, data: dict) -> User:
    _require_admin(actor)
    errors = {}
    values = _user_values(data, errors)
    if user.pk == actor.pk and user.role == Role.ADMIN and values["role"] and values["role"] != Role.ADMIN:
        errors["role"] = "You cannot remove your own administrator role. Ask another administrator to do it"
    _raise(errors)
    before = snapshot(user, USER_FIELDS)
    for field, value in values.items():
        setattr(user, field, value)
    user.is_staff = user.role == Role.ADMIN
    changes = diff(before, snapshot(user, USER_FIELDS))
    if not changes:
        return user
    user.save(update_fields=[*USER_FIELDS, "is_staff"])
    record(actor, Action.ADMIN, user, label=f"User {user.username} changed", changes=changes)
    return user


@transaction.atomic
def set_user_active(*, actor, user: User, active: bool) -> User:
    _require_admin(actor)
    if not active and user.pk == actor.pk:
        raise ValidationError({"is_active": "You cannot deactivate your own account"})
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(actor, Action.ADMIN, user, label=f"User {user.username} {'reactivated' if active else 'deactivated'}",
           changes={"is_active": [not active, active]})
    return user


@transaction.atomic
def unlock_user(*, actor, user: User) -> int:
    """Clear the user's failed sign-ins, ending any lock-out. Returns how many records went."""
    _require_admin(actor)
    cleared = reset_lockout(username=user.username)
    record(actor, Action.ADMIN, user, label=f"User {user.username} unlocked", details={"attempts_cleared": cleared})
    return cleared


@transaction.atomic
def reset_second_factor(*, actor, user: User) -> int:
    """Remove the user's authenticator apps; they set one up again next time it is needed."""
    _require_admin(actor)
    had = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    record(actor, Action.ADMIN, user, label=f"Authenticator app reset for {user.username}",
           changes={"second_factor": [had, False]} if had else {}, details={"devices_removed": removed})
    return removed


@transaction.atomic
def set_password(*, actor, user: User, password: str) -> User:
    _require_admin(actor)
    password = str(password or "")
    if not password:
        raise ValidationError({"password": "Enter the new password"})
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor, Action.ADMIN, user, label=f"Password set for {user.username}", details={"password_set": True})
    return user


# Agencies, teams and areas -----------------------------------------------------------------

def _code(data: dict, errors: dict, model, instance=None, what="code") -> str:
    code = _text(data, "code")
    if not code:
        errors["code"] = f"Enter the {what}"
    elif len(code) > 40:
        errors["code"] = f"The {what} must be 40 characters or fewer"
    else:
        try:
            validate_slug(code)
        except ValidationError:
            errors["code"] = f"The {what} can only contain letters, numbers, hyphens and underscores"
        else:
            taken = model.objects.filter(code__iexact=code)
            if instance is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                errors["code"] = f"That {what} is taken"
    return code


def _name(data: dict, errors: dict, model, max_length: int, taken_message: str, instance=None, **scope) -> str:
    name = _text(data, "name")
    if not name:
        errors["name"] = "Enter the name"
    elif len(name) > max_length:
        errors["name"] = f"The name must be {max_length} characters or fewer"
    else:
        taken = model.objects.filter(name__iexact=name, **scope)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["name"] = taken_message
    return name


def _agency_values(data: dict, instance=None) -> dict:
    errors = {}
    values = {
        "code": _code(data, errors, Agency, instance),
        "name": _name(data, errors, Agency, 160, "An agency with that name already exists", instance),
        "kind": _text(data, "kind"),
        "require_second_factor": bool(data.get("require_second_factor")),
    }
    if values["kind"] not in AgencyKind.values:
        errors["kind"] = "Choose the kind of agency"
    _raise(errors)
    return values


@transaction.atomic
def create_agency(*, actor, data: dict) -> Agency:
    _require_admin(actor)
    agency = Agency.objects.create(**_agency_values(data))
    record(actor, Action.ADMIN, agency, label=f"Agency {agency.name} created",
           changes=diff({}, snapshot(agency, AGENCY_FIELDS)))
    return agency


@transaction.atomic
def update_agency(*, actor, agency: Agency, data: dict) -> Agency:
    _require_admin(actor)
    values = _agency_values(data, agency)
    before = snapshot(agency, AGENCY_FIELDS)
    for field, value in values.items():
        setattr(agency, field, value)
    changes = diff(before, snapshot(agency, AGENCY_FIELDS))
    if changes:
        agency.save(update_fields=AGENCY_FIELDS)
        record(actor, Action.ADMIN, agency, label=f"Agency {agency.name} changed", changes=changes)
    return agency


def _team_values(data: dict, instance=None) -> dict:
    errors = {}
    agency = _instance(Agency, data.get("agency"))
    area = _instance(Area, data.get("area"))
    if agency is None:
        errors["agency"] = "Choose the agency"
    if area is None:
        errors["area"] = "Choose the MAPPA area"
    name = _text(data, "name")
    if agency is not None:
        name = _name(data, errors, Team, 160, "This agency already has a team with that name", instance, agency=agency)
    elif not name:
        errors["name"] = "Enter the name"
    if instance is not None and agency is not None and agency.pk != instance.agency_id:
        from mappa.nominals.models import Nominal

        if instance.members.exists() or Nominal.objects.filter(team=instance).exists():
            errors["agency"] = ("You cannot move a team with members or records to another agency. "
                                "Create a team in the other agency instead")
    _raise(errors)
    return {"agency": agency, "area": area, "name": name}


@transaction.atomic
def create_team(*, actor, data: dict) -> Team:
    _require_admin(actor)
    team = Team.objects.create(**_team_values(data))
    record(actor, Action.ADMIN, team, label=f"Team {team} created", changes=diff({}, snapshot(team, TEAM_FIELDS)))
    return team


@transaction.atomic
def update_team(*, actor, team: Team, data: dict) -> Team:
    _require_admin(actor)
    values = _team_values(data, team)
    before = snapshot(team, TEAM_FIELDS)
    for field, value in values.items():
        setattr(team, field, value)
    changes = diff(before, snapshot(team, TEAM_FIELDS))
    if changes:
        team.save(update_fields=TEAM_FIELDS)
        record(actor, Action.ADMIN, team, label=f"Team {team} changed", changes=changes)
    return team


@transaction.atomic
def create_area(*, actor, data: dict) -> Area:
    _require_admin(actor)
    errors = {}
    values = {
        "code": _code(data, errors, Area),
        "name": _name(data, errors, Area, 120, "An area with that name already exists"),
    }
    _raise(errors)
    area = Area.objects.create(**values)
    record(actor, Action.ADMIN, area, label=f"Area {area.name} created", changes=diff({}, snapshot(area, AREA_FIELDS)))
    return area
