"""Every change to interventions goes through these functions.

Each takes the acting user, checks the access policy, enforces every rule (a page's check is made here too),
saves, and writes the audit event in the same transaction; an edit names the version it started from. A
non-completion, or a post-programme review finding the risk changed, is a significant event (nominals.events):
the risk assessment and the plan ask for a review in the same transaction."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.audit.services import snapshot
from mappa.core.recording import refuse_unknown, save_edit, save_new, writable
from mappa.interventions import queries, rules
from mappa.interventions.models import OneToOneWork, Programme, ProgrammeReferral, ProgrammeSession
from mappa.nominals import events

REFERRAL_FIELDS = ("programme", "sentence", "referred_on", "reason")
DECISION_FIELDS = ("eligibility", "eligibility_reason", "assessed_on")
LIST_FIELDS = ("listed_on", "expected_start_on", "started_on", "pre_programme_work", "pre_programme_done_on")
OUTCOME_FIELDS = ("outcome", "outcome_on", "outcome_reason")
REVIEW_FIELDS = ("reviewed_on", "review_findings", "review_raises_concern")
SESSION_FIELDS = ("on", "attendance", "reason", "feedback")
ONE_TO_ONE_FIELDS = ("referral", "worker", "topic", "started_on", "sessions_planned")
ONE_TO_ONE_EDITS = ("sessions_done", "outcome", "ended_on")


def _today() -> datetime.date:
    return timezone.localdate()


def _edit(actor, item, data: dict, version: int, errors_of=None):
    """Apply `data` to `item`, refuse it if `errors_of(item)` finds a broken rule, and save it as save_edit does
    (refused if the item was saved since `version` was read)."""
    before = snapshot(item, data.keys())
    for name, value in data.items():
        setattr(item, name, value)
    errors = errors_of(item) if errors_of else {}
    if errors:
        raise ValidationError(errors)
    return save_edit(actor, item, before, data.keys(), version)


def _referral(actor, referral) -> ProgrammeReferral:
    return policy.get_item(actor, ProgrammeReferral, getattr(referral, "pk", referral), policy.WRITE)


def _significant(actor, referral: ProgrammeReferral, summary: str, on: datetime.date) -> None:
    events.record_significant_event(actor=actor, nominal=referral.nominal, kind=events.Kind.INTERVENTION,
                                    summary=summary, occurred_on=on, source=referral)


# ---- Referral ----

@transaction.atomic
def refer(*, actor, nominal, data: dict, today: datetime.date | None = None) -> ProgrammeReferral:
    """Refer the person to a programme in force on the day of the referral, under one of their orders or
    licences if given."""
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, REFERRAL_FIELDS)
    errors = {}
    programme = data.get("programme")
    day = data.get("referred_on")
    if day is None:
        errors["referred_on"] = "Enter the date of the referral"
    elif day > today:
        errors["referred_on"] = "The date must be today or in the past"
    if not isinstance(programme, Programme) or (day and not programme.in_force(day)):
        errors["programme"] = "Choose a programme offered on the date of the referral"
    if not (data.get("reason") or "").strip():
        errors["reason"] = "Say why the person is referred"
    sentence = data.get("sentence")
    if sentence is not None:
        sentence = queries.sentences(actor, nominal).filter(pk=getattr(sentence, "pk", sentence)).first()
        if sentence is None:
            errors["sentence"] = "Choose an order or licence of this person"
    if errors:
        raise ValidationError(errors)
    data = {**data, "sentence": sentence, "reason": data["reason"].strip()}
    return save_new(actor, ProgrammeReferral(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                   data.keys(), nominal)


@transaction.atomic
def decide(*, actor, referral, data: dict, version: int, today: datetime.date | None = None) -> ProgrammeReferral:
    """The eligibility decision, with its reason: eligible, not eligible or deferred (V-09, paragraph 6.6)."""
    today = today or _today()
    referral = _referral(actor, referral)
    refuse_unknown(data, DECISION_FIELDS)
    if referral.listed_on and data.get("eligibility") != rules.ELIGIBLE:
        raise ValidationError({"eligibility": "The person is on the waiting list: record the outcome instead"})
    return _edit(actor, referral, data, version, lambda r: rules.decision_errors(
        r.eligibility, r.eligibility_reason, r.referred_on, r.assessed_on, today))


@transaction.atomic
def update_waiting_list(*, actor, referral, data: dict, version: int, today: datetime.date | None = None) -> ProgrammeReferral:
    """The waiting list's dates (placed on the list, expected and actual start) and the pre-programme work."""
    today = today or _today()
    referral = _referral(actor, referral)
    refuse_unknown(data, LIST_FIELDS)
    if referral.outcome:
        raise ValidationError({"listed_on": "The programme has finished: its dates can no longer change"})
    return _edit(actor, referral, data, version, lambda r: rules.dates_errors(
        r.eligibility, r.referred_on, r.assessed_on, r.listed_on, r.started_on, r.pre_programme_done_on, today))


@transaction.atomic
def record_outcome(*, actor, referral, data: dict, version: int, today: datetime.date | None = None) -> ProgrammeReferral:
    """Completed, or not completed with the reason. The post-programme review falls due from the reference data in
    force on the day it ended; a non-completion is a significant event."""
    today = today or _today()
    referral = _referral(actor, referral)
    refuse_unknown(data, OUTCOME_FIELDS)
    if referral.outcome:
        raise ValidationError({"outcome": "The outcome is already recorded"})
    errors = rules.outcome_errors(data.get("outcome", ""), data.get("outcome_reason", ""), referral.started_on,
                                  data.get("outcome_on"), today)
    if errors:
        raise ValidationError(errors)
    table = queries.table(data["outcome_on"])
    data = {**data, "outcome_reason": (data.get("outcome_reason") or "").strip(), "outcome_by": actor,
            "review_due_on": rules.review_due(data["outcome_on"], table)}
    referral = _edit(actor, referral, data, version)
    if rules.is_significant(referral.outcome, False):
        _significant(actor, referral, f"{referral.programme} not completed: {referral.outcome_reason}",
                     referral.outcome_on)
    return referral


@transaction.atomic
def record_review(*, actor, referral, data: dict, version: int, today: datetime.date | None = None) -> ProgrammeReferral:
    """The post-programme review (SARN or post-programme report, paragraphs 2.9, 5.11): when, and what it found. A
    finding that the risk has changed is a significant event."""
    today = today or _today()
    referral = _referral(actor, referral)
    refuse_unknown(data, REVIEW_FIELDS)
    errors = {}
    if not referral.outcome:
        errors["reviewed_on"] = "The programme has not finished yet"
    if referral.reviewed_on:
        errors["reviewed_on"] = "The post-programme review is already recorded"
    day = data.get("reviewed_on")
    if day is None:
        errors.setdefault("reviewed_on", "Enter the date of the review")
    elif day > today:
        errors.setdefault("reviewed_on", "The date must be today or in the past")
    elif referral.outcome_on and day < referral.outcome_on:
        errors.setdefault("reviewed_on", "The review cannot be before the programme ended")
    if not (data.get("review_findings") or "").strip():
        errors["review_findings"] = "Say what the review found"
    if errors:
        raise ValidationError(errors)
    data = {**data, "review_findings": data["review_findings"].strip(),
            "review_raises_concern": bool(data.get("review_raises_concern"))}
    referral = _edit(actor, referral, data, version)
    if referral.review_raises_concern:
        _significant(actor, referral, f"Post-programme review of {referral.programme}: {referral.review_findings}",
                     referral.reviewed_on)
    return referral


# ---- Sessions ----

@transaction.atomic
def record_session(*, actor, referral, data: dict, today: datetime.date | None = None) -> ProgrammeSession:
    """A programme session: attended, or missed with an acceptable or unacceptable reason, and the tutor's
    feedback (REQ-INT-03). One mark a day."""
    today = today or _today()
    referral = _referral(actor, referral)
    refuse_unknown(data, SESSION_FIELDS)
    errors = rules.attendance_errors(data.get("attendance", ""), data.get("reason", ""), data.get("on"),
                                     referral.started_on, today)
    if referral.outcome and data.get("on") and referral.outcome_on and data["on"] > referral.outcome_on:
        errors["on"] = "The programme had finished by then"
    if not errors and queries.sessions_for_rules(actor, referral).filter(on=data["on"]).exists():
        errors["on"] = "A session on this date is already recorded"
    if data.get("on") is None:
        errors.setdefault("on", "Enter the date of the session")
    if errors:
        raise ValidationError(errors)
    data = {**data, "reason": (data.get("reason") or "").strip()}
    return save_new(actor, ProgrammeSession(**data, referral=referral, nominal=referral.nominal, handling=referral.handling,
                                  agency_id=actor.agency_id, created_by=actor), data.keys(), referral.nominal)


# ---- One-to-one work ----

@transaction.atomic
def add_one_to_one(*, actor, nominal, data: dict, today: datetime.date | None = None) -> OneToOneWork:
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, ONE_TO_ONE_FIELDS)
    errors = {}
    for name, message in (("worker", "Say who does the work"), ("topic", "Say what the work is on")):
        if not (data.get(name) or "").strip():
            errors[name] = message
    if data.get("started_on") is None:
        errors["started_on"] = "Enter the date the work started"
    elif data["started_on"] > today:
        errors["started_on"] = "The date must be today or in the past"
    referral = data.get("referral")
    if referral is not None:
        referral = queries.referrals(actor, nominal).filter(pk=getattr(referral, "pk", referral)).first()
        if referral is None:
            errors["referral"] = "Choose a referral of this person"
    if errors:
        raise ValidationError(errors)
    data = {**data, "referral": referral}
    return save_new(actor, OneToOneWork(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                   data.keys(), nominal)


@transaction.atomic
def update_one_to_one(*, actor, work, data: dict, version: int, today: datetime.date | None = None) -> OneToOneWork:
    """Sessions done so far, and the outcome when the work ends."""
    today = today or _today()
    work = policy.get_item(actor, OneToOneWork, getattr(work, "pk", work), policy.WRITE)
    refuse_unknown(data, ONE_TO_ONE_EDITS)

    def errors_of(w):
        errors = {}
        if w.ended_on and w.ended_on > today:
            errors["ended_on"] = "The date must be today or in the past"
        elif w.ended_on and w.ended_on < w.started_on:
            errors["ended_on"] = "The work cannot end before it started"
        if w.ended_on and not w.outcome.strip():
            errors["outcome"] = "Say what came of the work"
        return errors

    return _edit(actor, work, data, version, errors_of)
