"""Emergency ("break-glass") access for non-specialist police users."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access.models import BreakGlassGrant
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import reference
from mappa.core.models import Notification
from mappa.nominals.models import Identifier

MIN_REASON_LENGTH = 20
MAX_REASON_LENGTH = 2000


def find_for_emergency(identifier: str):
    """The one nominal whose identifier matches exactly: emergency users cannot browse or search names."""
    from mappa.nominals.names import identifier_search_forms

    forms = identifier_search_forms(identifier)
    if not forms:
        return None
    match = Identifier.objects.filter(normalised__in=forms).select_related("nominal").first()
    return match.nominal if match else None


def grant_emergency_access(*, actor, identifier: str, reason: str) -> BreakGlassGrant:
    if actor.role != Role.EMERGENCY:
        raise PermissionDenied("Emergency access is for police officers without a caseload.")
    reason = (reason or "").strip()
    errors = {}
    if len(reason) < MIN_REASON_LENGTH:
        errors["reason"] = f"Give the reason you need access, in at least {MIN_REASON_LENGTH} characters"
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = f"The reason must be {MAX_REASON_LENGTH} characters or fewer"
        reason = reason[:MAX_REASON_LENGTH]  # the refusal is recorded, but not an unbounded text
    nominal = find_for_emergency(identifier)
    if nominal is None:
        errors["identifier"] = "No record has that identifier. Check it and try again"
    if errors:
        # A refused attempt is kept on the audit log, so it is recorded outside any rolled-back work.
        record(actor, Action.REFUSED, None, reason=reason, details={"identifier": identifier, "errors": list(errors)})
        raise ValidationError(errors)
    return _grant(actor, nominal, reason)


@transaction.atomic
def _grant(actor, nominal, reason: str) -> BreakGlassGrant:
    hours = reference.value("break_glass.hours")
    grant = BreakGlassGrant.objects.create(
        user=actor, nominal=nominal, reason=reason, expires_at=timezone.now() + datetime.timedelta(hours=hours)
    )
    record(actor, Action.BREAK_GLASS, nominal, nominal=nominal, reason=reason, details={"hours": hours})
    _flag(grant)
    return grant


def _flag(grant: BreakGlassGrant) -> None:
    """Tell the manager and the team's supervisors that someone used emergency access."""
    nominal = grant.nominal
    recipients = set(User.objects.filter(team_id=nominal.team_id, role=Role.SUPERVISOR, is_active=True))
    if nominal.manager_id:
        recipients.add(nominal.manager)
    message = (
        f"Emergency access to {nominal.full_name} by {grant.user.display_name} ({grant.user.agency}) "
        f"until {timezone.localtime(grant.expires_at):%d %b %Y %H:%M}. Reason: {grant.reason}"
    )[:500]
    Notification.objects.bulk_create(
        [Notification(recipient=u, nominal=nominal, kind="break_glass", message=message) for u in recipients]
    )
