"""Every change to workforce records goes through these functions.

Each takes the acting user, checks who may make it, enforces the rules, saves, and writes the audit event in the
same transaction; an edit names the version it started from (a stale one is refused, never overwritten)."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import diff, record, snapshot
from mappa.core import reference
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.core.recording import apply_edit, refuse_unknown
from mappa.risk import services as risk
from mappa.risk.models import Tool
from mappa.workforce import queries, rules
from mappa.workforce.models import CourseRecord, DiscussedCase, StaffSupervision

SUPERVISION_FIELDS = ("held_on", "accountability", "support", "guidance", "discussed", "agreed")
ASPECTS = ("accountability", "support", "guidance")


def _today() -> datetime.date:
    return timezone.localdate()


# Who records training is the risk part's rule (its training records are the gate for assessments): the same here.
may_record_training = risk.may_record_training


def may_supervise(actor, person) -> bool:
    """A supervisor records the supervision of the members of their own team, never their own."""
    return (policy.may_see_team(actor) and person is not None and person.pk != actor.pk and person.is_active
            and person.team_id == actor.team_id)


def _supervision_errors(data: dict, today: datetime.date) -> dict:
    errors = {}
    held_on = data.get("held_on")
    if held_on is None:
        errors["held_on"] = "Enter the date of the supervision"
    elif held_on > today:
        errors["held_on"] = "The date of the supervision must be today or in the past"
    if not any(data.get(a) for a in ASPECTS):
        errors["accountability"] = ("Choose what the supervision covered: accountability, clinical support or "
                                    "professional guidance")
    if not (data.get("agreed") or "").strip():
        errors["agreed"] = "Say what was agreed"
    return errors


def _cases(actor, supervisee, cases) -> list:
    """The cases named, each one the supervisor and the supervisee may both see."""
    ids = [getattr(c, "pk", c) for c in cases or ()]
    found = list(queries.cases_both_see(actor, supervisee).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"cases": "Choose cases that you and the person you supervise may both see"})
    return found


@transaction.atomic
def record_supervision(*, actor, supervisee, data: dict, cases=(), agreed_for: dict | None = None,
                       today: datetime.date | None = None) -> StaffSupervision:
    """A supervision session held with a member of the actor's team: what it covered, the cases discussed with what
    was agreed for each (`agreed_for`: {case id: text}, only for cases named), what was agreed overall, and when the
    next is due (`workforce.supervision.interval` after it)."""
    today = today or _today()
    if not may_supervise(actor, supervisee):
        raise PermissionDenied("A supervisor records supervision of the members of their own team")
    refuse_unknown(data, SUPERVISION_FIELDS)
    errors = _supervision_errors(data, today)
    if errors:
        raise ValidationError(errors)
    found = _cases(actor, supervisee, cases)
    agreed_for = {int(k): (v or "").strip() for k, v in (agreed_for or {}).items()}
    if set(agreed_for) - {n.pk for n in found}:
        raise ValidationError({"cases": "Say what was agreed only for the cases discussed"})
    interval = reference.value("workforce.supervision.interval", data["held_on"])
    session = StaffSupervision(**{**data, "agreed": data["agreed"].strip()}, supervisor=actor, supervisee=supervisee,
                               recorded_by=actor, next_due=rules.next_supervision_due(data["held_on"], interval))
    session.full_clean()
    session.save()
    DiscussedCase.objects.bulk_create([DiscussedCase(supervision=session, nominal=n, agreed=agreed_for.get(n.pk, ""))
                                       for n in found])
    record(actor, Action.CREATE, session, changes=diff({}, {**snapshot(session, [*SUPERVISION_FIELDS, "next_due"]),
                                                           "supervisee": supervisee.username,
                                                           "cases": [n.pk for n in found]}))
    for nominal in found:  # the case's own history shows that it was discussed, and by whom
        record(actor, Action.UPDATE, session, nominal=nominal, label=f"Discussed at the supervision of {supervisee}",
               changes={"agreed": [None, agreed_for[nominal.pk]]} if agreed_for.get(nominal.pk) else None)
    return session


def may_correct(actor, session: StaffSupervision) -> bool:
    """A session's record is corrected only by the supervisor who held and recorded it, while the person is still a
    member of their team (the rule that let them record it)."""
    return session.supervisor_id == actor.pk and may_supervise(actor, session.supervisee)


def _to_correct(actor, pk) -> StaffSupervision:
    session = policy.staff_supervisions_for(actor).filter(pk=pk).select_related("supervisee").first()
    if session is None or not may_correct(actor, session):
        raise PermissionDenied("Only the supervisor who held the session changes its record")
    return session


@transaction.atomic
def update_supervision(*, actor, supervision: StaffSupervision, data: dict, version: int,
                       today: datetime.date | None = None) -> StaffSupervision:
    """Correct a session's record: only its supervisor, while the person is still on their team. A new date moves
    the next one due."""
    today = today or _today()
    session = _to_correct(actor, supervision.pk)
    refuse_unknown(data, SUPERVISION_FIELDS)
    if session.version != version:
        raise StaleEdit(session)
    errors = _supervision_errors({**snapshot(session, SUPERVISION_FIELDS), **data}, today)
    if errors:
        raise ValidationError(errors)
    fields = [*data.keys()]
    before = snapshot(session, [*fields, "next_due"])
    for name, value in data.items():
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    if "held_on" in data:
        session.next_due = rules.next_supervision_due(
            session.held_on, reference.value("workforce.supervision.interval", session.held_on))
        fields.append("next_due")
    changes = diff(before, snapshot(session, fields))
    if not changes:
        return session
    session.full_clean()
    save_if_current(session, version, fields)
    record(actor, Action.UPDATE, session, changes=changes)
    return session


@transaction.atomic
def correct_agreed(*, actor, discussed: DiscussedCase, agreed: str, version: int) -> DiscussedCase:
    """Correct what was agreed for a case discussed at a session (shown on the case page): as the session's record,
    only by its supervisor, and only for a case they may still see. The case's history keeps the change."""
    session = _to_correct(actor, discussed.supervision_id)
    row = policy.discussed_cases_for(actor, [session.pk]).filter(pk=discussed.pk).select_related("nominal").first()
    if row is None:
        raise PermissionDenied("Only a case you may see is corrected")
    return apply_edit(actor, row, {"agreed": (agreed or "").strip()}, version)


@transaction.atomic
def record_course(*, actor, user, course: str, completed_on: datetime.date | None,
                  expires_on: datetime.date | None = None, today: datetime.date | None = None):
    """Training a person has completed. A risk tool's training is the risk part's record (its gate for assessments),
    made by its service; any other course of the catalogue is a CourseRecord. Recorded by an administrator or the
    person's supervisor, never by the person (risk.services.may_record_training)."""
    today = today or _today()
    if course in Tool.values:
        try:
            return risk.record_training(actor=actor, user=user, tool=course, trained_on=completed_on,
                                        expires_on=expires_on)
        except ValidationError as exc:  # named as this part's fields are
            names = {"tool": "course", "trained_on": "completed_on"}
            raise ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()}) from exc
    if not may_record_training(actor, user):
        raise PermissionDenied("Training is recorded by an administrator or the person's supervisor, never by the "
                               "person themselves.")
    courses = reference.value("workforce.roles", today)["courses"]
    errors = {}
    if course not in courses:
        errors["course"] = "Choose the course"
    if completed_on is None or completed_on > today:
        errors["completed_on"] = "The date the training was completed must be today or in the past"
    if expires_on and completed_on and expires_on <= completed_on:
        errors["expires_on"] = "The training must expire after it was completed"
    if errors:
        raise ValidationError(errors)
    row = CourseRecord.objects.create(user=user, course=course, completed_on=completed_on, expires_on=expires_on,
                                      recorded_by=actor)
    record(actor, Action.CREATE, row, changes={"user": [None, user.username], "course": [None, course],
                                              "completed_on": [None, str(completed_on)],
                                              "expires_on": [None, str(expires_on) if expires_on else None]})
    return row
