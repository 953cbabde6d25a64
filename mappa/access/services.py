"""Emergency ("break-glass") access for non-specialist police users.

Emergency access is not limited to the officer's own area: it is for an officer who meets the person
wherever they are, out of hours (HMI Probation and HMIC 2010, ¶4.22: access "on a 24-hour basis" for
staff outside the public protection unit, "with valid reason"). So the record is found by its identifier
whichever area holds it, and the manager and supervisors are told the officer's force and area with the
reason, which is on the audit log with the grant and with every view made under it."""
import datetime
import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.access.models import BreakGlassGrant
from mappa.accounts.models import Role, User
from mappa.audit.models import Action, RefusedRequests
from mappa.audit.services import count_refusal, record
from mappa.core import reference
from mappa.core.dates import moment as govuk_moment
from mappa.core.notifications import notify
from mappa.nominals.models import Identifier

MIN_REASON_LENGTH = 20
MIN_REASON_LETTERS = 12
MIN_REASON_WORDS = 3
MAX_REASON_LENGTH = 2000
REASON_ERROR = (f"Give the reason you need access, in words: at least {MIN_REASON_LENGTH} characters, such as "
                "‘Called to a disturbance at the address tonight’")

# Letters (and a blank) that show nothing: not format characters, so they are named.
INVISIBLE_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f", "\u17b4", "\u17b5"}
WORD = re.compile(r"[^\W\d_]{2,}")  # two or more letters


def visible_text(text: str) -> str:
    """`text` without the characters that show nothing (zero-width spaces and joiners, byte order marks,
    other format and control characters, fillers), with its spaces as typed but trimmed."""
    kept = []
    for ch in text or "":
        category = unicodedata.category(ch)
        if ch in INVISIBLE_LETTERS or category in ("Cf", "Co", "Cs", "Cn") or (category == "Cc" and ch not in "\n\t"):
            continue
        kept.append(ch)
    return "".join(kept).strip()


def reason_says_something(reason: str) -> bool:
    """Enough visible characters, letters and words to be a reason a manager can read and judge."""
    shown = "".join(reason.split())
    letters = sum(1 for ch in shown if unicodedata.category(ch).startswith("L"))
    return (len(shown) >= MIN_REASON_LENGTH and letters >= MIN_REASON_LETTERS
            and len(WORD.findall(reason)) >= MIN_REASON_WORDS)


def find_for_emergency(identifier: str, actor=None):
    """The one nominal whose identifier matches exactly: emergency users cannot browse or search names. Only an
    identifier the actor may see counts (the policy's item rule): one restricted from them (health information,
    for a police officer) finds nothing, as an unknown one does, so it tells them nothing of whose it is."""
    from mappa.nominals.names import identifier_search_forms

    forms = identifier_search_forms(identifier)
    if not forms:
        return None
    match = (Identifier.objects.filter(normalised__in=forms).filter(policy.handling_scope(actor))
             .select_related("nominal").first())
    return match.nominal if match else None


def grant_emergency_access(*, actor, identifier: str, reason: str) -> BreakGlassGrant:
    if actor.role != Role.EMERGENCY:
        raise PermissionDenied("Emergency access is for police officers without a caseload.")
    reason = visible_text(reason)
    errors = {}
    if not reason_says_something(reason):
        errors["reason"] = REASON_ERROR
    elif len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = f"The reason must be {MAX_REASON_LENGTH} characters or fewer"
        reason = reason[:MAX_REASON_LENGTH]  # the refusal is recorded, but not an unbounded text
    nominal = find_for_emergency(identifier, actor)
    if nominal is None:
        errors["identifier"] = "No record has that identifier. Check it and try again"
    if errors:
        # A refused attempt is kept on the audit log, so it is recorded outside any rolled-back work.
        record(actor, Action.REFUSED, None, reason=reason, details={"identifier": identifier, "errors": list(errors)})
        count_refusal(actor, RefusedRequests.Kind.EMERGENCY, "/emergency-access/")  # for the supervisor's count
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
    """Tell the manager and the team's supervisors that someone used emergency access, and where the
    officer is from: the record may be held in another area (on their home page and by the alert e-mail)."""
    nominal = grant.nominal
    officer = grant.user
    recipients = set(User.objects.filter(team_id=nominal.team_id, role=Role.SUPERVISOR, is_active=True))
    if nominal.manager_id:
        recipients.add(nominal.manager)
    until = timezone.localtime(grant.expires_at)
    message = (
        f"Emergency access to {nominal.full_name} by {officer.display_name} ({_force_and_area(officer)}) "
        f"until {govuk_moment(until)}. Reason: {grant.reason}"
    )[:500]
    # Through notify, so they are e-mailed that they have a new alert as for any other (saying only how many).
    notify(sorted(recipients, key=lambda u: u.pk), kind="break_glass", message=message, nominal=nominal)


def _force_and_area(officer) -> str:
    area = officer.team.area if officer.team_id else None
    return ", ".join(part for part in [str(officer.agency or ""), f"{area.name} area" if area else ""] if part)


# --- refused requests, for the supervisor ---------------------------------------------------------------

REFUSALS_SHOWN_HOURS = 24
REFUSAL_WORDS = {  # kind: (one, several)
    RefusedRequests.Kind.NOT_FOUND: ("not found", "not found"),
    RefusedRequests.Kind.FORBIDDEN: ("change refused", "changes refused"),
    RefusedRequests.Kind.EMERGENCY: ("emergency access request refused", "emergency access requests refused"),
}


def refused_requests_for(supervisor, now=None) -> list[dict]:
    """Refused requests by the members of a supervisor's team in the last day, one line per person and
    hour, newest first: how many, and of which kinds. Never which records: the supervisor may not see
    them either."""
    if supervisor.role != Role.SUPERVISOR or not supervisor.team_id:
        return []
    now = now or timezone.now()
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    rows = (RefusedRequests.objects.filter(user__team_id=supervisor.team_id,
                                           hour__gt=this_hour - datetime.timedelta(hours=REFUSALS_SHOWN_HOURS))
            .exclude(user=supervisor).select_related("user").order_by("-hour", "user__last_name", "kind"))
    lines: dict = {}
    for row in rows:
        line = lines.setdefault((row.hour, row.user_id), {
            "name": row.user.display_name, "hour": row.hour, "this_hour": row.hour == this_hour, "times": 0, "kinds": []})
        line["times"] += row.times
        one, several = REFUSAL_WORDS.get(row.kind, (row.kind, row.kind))
        line["kinds"].append(f"{row.times} {one if row.times == 1 else several}")
    return list(lines.values())
