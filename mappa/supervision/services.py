"""Every change to supervision goes through these functions.

Each takes the acting user, checks the access policy, enforces every rule (a page's check is made here too),
saves, and writes the audit event in the same transaction; an edit names the version it started from."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import record, snapshot
from mappa.core.markings import Handling
from mappa.core.recording import apply_edit, not_future, refuse_unknown, save_edit, save_new, writable
from mappa.nominals import events
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS as ORDER_KINDS
from mappa.orders.models import Breach, Sentence
from mappa.supervision import queries, rules
from mappa.supervision.models import (
    Appointment,
    CircleConcern,
    CircleOfSupport,
    CourtOutcome,
    Medication,
    Objective,
    OrderWarning,
    PolygraphExam,
    Requirement,
    TreatmentDetail,
)

REQUIREMENT_FIELDS = ("sentence", "kind", "details", "hours", "days", "starts_on", "ends_on", "electronic_monitoring")
REQUIREMENT_EDITS = ("details", "hours", "days", "ends_on", "electronic_monitoring", "status")
TREATMENT_FIELDS = ("treatment", "provider", "residential", "testing", "progress_notes")
APPOINTMENT_FIELDS = ("sentence", "licence", "requirement", "kind", "on", "at", "place")
WARNING_FIELDS = ("sentence", "licence", "appointment", "kind", "given_on", "reason")
COURT_FIELDS = ("court", "heard_on", "recommendation", "outcome", "details")
OBJECTIVE_FIELDS = ("sentence", "need", "objective", "person_does", "manager_does", "others_do", "target_on", "review_on",
                    "plan_item")
OBJECTIVE_EDITS = ("objective", "person_does", "manager_does", "others_do", "target_on", "review_on", "reviewed_on",
                   "review_notes", "status", "plan_item")
# Needs that are health or substance misuse information: the objective is restricted as health information.
HEALTH_NEEDS = {Objective.Need.DRUGS, Objective.Need.ALCOHOL, Objective.Need.HEALTH}


def _today() -> datetime.date:
    return timezone.localdate()


def _order(actor, nominal, order) -> Sentence:
    """The community or suspended sentence order named, on this record and visible to the actor."""
    if order is None:
        raise ValidationError({"sentence": "Choose the order"})
    found = queries.orders(actor, nominal).filter(pk=getattr(order, "pk", order)).first()
    if found is None:
        raise ValidationError({"sentence": "Choose a community order or suspended sentence order of this person"})
    return found


def _licence(actor, nominal, licence, today: datetime.date):
    """The licence named: on this record, visible to the actor, in force today, and issued under a custodial
    sentence the actor may see (its appointments and warnings hang off that sentence, where recall is recorded)."""
    found = queries.licences(actor, nominal, today).filter(pk=getattr(licence, "pk", licence)).first()
    if found is None:
        raise ValidationError({"licence": "Choose a licence in force of this person"})
    if found.sentence_id is None or not policy.items_for(actor, Sentence, nominal=nominal).filter(
            pk=found.sentence_id).exists():
        raise ValidationError({"licence": "Record the sentence the licence was issued under first"})
    return found


def _under(actor, nominal, data: dict, today: datetime.date) -> dict:
    """The order, or the licence and its custodial sentence, an appointment or warning is under: exactly one."""
    if data.get("licence") is None:
        return {**data, "sentence": _order(actor, nominal, data.get("sentence")), "licence": None}
    if data.get("sentence") is not None:
        raise ValidationError({"licence": "Choose an order or a licence, not both"})
    licence = _licence(actor, nominal, data["licence"], today)
    return {**data, "sentence": licence.sentence, "licence": licence}


# ---- Requirements ----

@transaction.atomic
def add_requirement(*, actor, nominal, data: dict, treatment: dict | None = None) -> Requirement:
    """A requirement of an order, with its hours, days or dates. A treatment requirement's details (what it
    treats, the provider, testing) are saved as their own row, and only by an agency allowed to read them."""
    nominal = writable(actor, nominal)
    refuse_unknown(data, REQUIREMENT_FIELDS)
    order = _order(actor, nominal, data.get("sentence"))
    data = {**data, "sentence": order}
    errors = rules.requirement_errors(data.get("kind", ""), data.get("hours"), data.get("days"), data.get("starts_on"),
                                      data.get("ends_on"), bool(data.get("electronic_monitoring")))
    if data.get("kind") == rules.TREATMENT and not (treatment or {}).get("treatment"):
        errors["treatment"] = "Say what the treatment is for"
    if data.get("kind") != rules.TREATMENT and any((treatment or {}).values()):
        errors["treatment"] = "Only a treatment requirement has treatment details"
    if data.get("starts_on") and data["starts_on"] < order.sentenced_on:
        errors["starts_on"] = "A requirement cannot start before the order was made"
    if errors:
        raise ValidationError(errors)
    if data["kind"] == rules.TREATMENT and not policy.may_see_treatment(actor):
        raise PermissionDenied("Only probation or health staff record a treatment requirement")
    requirement = save_new(actor, Requirement(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                            data.keys(), nominal)
    if data["kind"] == rules.TREATMENT:
        refuse_unknown(treatment, TREATMENT_FIELDS)
        save_new(actor, TreatmentDetail(**treatment, requirement=requirement, nominal=nominal, agency_id=actor.agency_id,
                                         created_by=actor), treatment.keys(), nominal)
    return requirement


@transaction.atomic
def update_requirement(*, actor, requirement: Requirement, data: dict, version: int) -> Requirement:
    requirement = policy.get_item(actor, Requirement, requirement.pk, policy.WRITE)
    refuse_unknown(data, REQUIREMENT_EDITS)
    before = snapshot(requirement, data.keys())
    for name, value in data.items():
        setattr(requirement, name, value)
    errors = rules.requirement_errors(requirement.kind, requirement.hours, requirement.days, requirement.starts_on,
                                      requirement.ends_on, requirement.electronic_monitoring)
    if errors:
        raise ValidationError(errors)
    return save_edit(actor, requirement, before, data.keys(), version)


@transaction.atomic
def update_treatment(*, actor, detail: TreatmentDetail, data: dict, version: int) -> TreatmentDetail:
    detail = policy.treatment_details_for(actor).filter(pk=detail.pk).select_related("nominal").first()
    if detail is None or not policy.can(actor, policy.WRITE, detail.nominal):
        raise PermissionDenied("Only probation or health staff on the case change a treatment requirement's details")
    refuse_unknown(data, TREATMENT_FIELDS)
    return apply_edit(actor, detail, data, version)


# ---- Appointments ----

@transaction.atomic
def add_appointment(*, actor, nominal, data: dict, today: datetime.date | None = None) -> Appointment:
    """An appointment under an order, or under a licence in force (then its sentence is the licence's custodial
    sentence, and it counts towards no requirement: requirements are an order's)."""
    nominal = writable(actor, nominal)
    refuse_unknown(data, APPOINTMENT_FIELDS)
    data = _under(actor, nominal, data, today or _today())
    order, licence, requirement = data["sentence"], data["licence"], data.get("requirement")
    if licence is not None:
        if requirement is not None:
            raise ValidationError({"requirement": "An appointment under a licence is part of no requirement"})
        if data.get("on") and data["on"] > licence.end_date:
            raise ValidationError({"on": "The licence has ended by then"})
        return save_new(actor, Appointment(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                         data.keys(), nominal)
    if requirement is not None:
        requirement = policy.items_for(actor, Requirement, nominal=nominal).filter(pk=requirement.pk, sentence=order).first()
        if requirement is None:
            raise ValidationError({"requirement": "Choose a requirement of the same order"})
    if data.get("on") and order.order_end and data["on"] > order.order_end:
        raise ValidationError({"on": "The order has ended by then"})
    data = {**data, "sentence": order, "requirement": requirement}
    return save_new(actor, Appointment(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                     data.keys(), nominal)


@transaction.atomic
def record_outcome(*, actor, appointment: Appointment, outcome: str, reason: str = "", hours: int | None = None,
                   version: int, today: datetime.date | None = None) -> Appointment:
    """Kept, or missed with an acceptable or unacceptable absence and its reason (REQ-CON-02). A kept session of
    a requirement counts towards it: unpaid work by the hours worked, the others a day or session."""
    today = today or _today()
    appointment = policy.get_item(actor, Appointment, appointment.pk, policy.WRITE)
    errors = {}
    if outcome not in (rules.KEPT, rules.ACCEPTABLE, rules.UNACCEPTABLE):
        errors["outcome"] = "Choose kept, acceptable absence or unacceptable absence"
    if appointment.on > today:
        errors["outcome"] = "The appointment has not happened yet"
    if appointment.outcome:
        errors["outcome"] = "This appointment's outcome is already recorded"
    if outcome in (rules.ACCEPTABLE, rules.UNACCEPTABLE) and not reason.strip():
        errors["reason"] = "Give the reason for the absence"
    if outcome == rules.KEPT and reason.strip():
        errors["reason"] = "Give a reason only for an absence"
    requirement = None
    if appointment.requirement_id:
        requirement = policy.items_for_rules(actor, Requirement, nominal=appointment.nominal).get(pk=appointment.requirement_id)
    unpaid = requirement is not None and requirement.kind == rules.UNPAID_WORK
    if hours and not (unpaid and outcome == rules.KEPT):
        errors["hours"] = "Hours are recorded only for a kept unpaid work session"
    if unpaid and outcome == rules.KEPT and not hours:
        errors["hours"] = "Enter the hours worked"
    if errors:
        raise ValidationError(errors)
    before = snapshot(appointment, ("outcome", "reason", "hours"))
    appointment.outcome, appointment.reason, appointment.hours = outcome, reason.strip(), hours
    appointment.outcome_by, appointment.outcome_on = actor, today
    save_edit(actor, appointment, before, ("outcome", "reason", "hours", "outcome_by", "outcome_on"), version)
    if requirement is not None:
        add_hours, add_days = rules.credit(requirement.kind, outcome, hours)
        if add_hours or add_days:
            Requirement.objects.filter(pk=requirement.pk).update(hours_done=F("hours_done") + add_hours,
                                                                 days_done=F("days_done") + add_days)
            record(actor, Action.UPDATE, requirement, nominal=appointment.nominal,
                   changes={"hours_done": [requirement.hours_done, requirement.hours_done + add_hours],
                            "days_done": [requirement.days_done, requirement.days_done + add_days]},
                   label=f"{requirement}: progress from {appointment}")
    return appointment


# ---- Warnings, breach and the court ----

@transaction.atomic
def give_warning(*, actor, nominal, data: dict, today: datetime.date | None = None) -> OrderWarning:
    """A warning or final warning, recorded with who gave it and when."""
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, WARNING_FIELDS)
    data = _under(actor, nominal, data, today)
    order, licence = data["sentence"], data["licence"]
    errors = not_future(data.get("given_on"), "given_on", today)
    appointment = data.get("appointment")
    if appointment is not None:
        appointment = policy.items_for(actor, Appointment, nominal=nominal).filter(
            pk=appointment.pk, sentence=order, licence=licence).first()
        if appointment is None or appointment.outcome != rules.UNACCEPTABLE:
            errors["appointment"] = ("Choose an unacceptable absence on the same licence" if licence
                                     else "Choose an unacceptable absence on the same order")
    if not (data.get("reason") or "").strip():
        errors["reason"] = "Say what the warning was for"
    if errors:
        raise ValidationError(errors)
    data = {**data, "appointment": appointment}
    return save_new(actor, OrderWarning(**data, given_by=actor, nominal=nominal, agency_id=actor.agency_id,
                                         created_by=actor), [*data.keys(), "given_by"], nominal)


def start_breach(*, actor, nominal, order, what: str, occurred_on: datetime.date,
                 today: datetime.date | None = None) -> Breach:
    """Breach action: the orders part's breach record of the order, decided as a return to court (its services
    enforce its rules, audit it and raise the significant event)."""
    today = today or _today()
    order = _order(actor, policy.get_nominal(actor, nominal.pk, policy.WRITE), order)
    if not what.strip():
        raise ValidationError({"what": "Say what the breach is"})
    return orders.create_record(actor=actor, nominal=nominal, kind=ORDER_KINDS["breaches"], today=today, data={
        "against": Breach.Against.COMMUNITY, "sentence": order, "occurred_on": occurred_on, "what": what.strip(),
        "decision": Breach.Decision.BREACH_ACTION, "decided_on": today, "decided_by": actor.display_name})


@transaction.atomic
def record_court_outcome(*, actor, breach: Breach, data: dict, today: datetime.date | None = None) -> CourtOutcome:
    """What the court decided on a breach of a community or suspended sentence order."""
    today = today or _today()
    breach = policy.get_item(actor, Breach, breach.pk, policy.WRITE)
    if breach.against != Breach.Against.COMMUNITY:
        raise ValidationError({"breach": "Only a breach of a community or suspended sentence order goes to court here"})
    refuse_unknown(data, COURT_FIELDS)
    errors = not_future(data.get("heard_on"), "heard_on", today)
    if data.get("heard_on") and data["heard_on"] < breach.occurred_on:
        errors["heard_on"] = "The hearing cannot be before the breach"
    if errors:
        raise ValidationError(errors)
    return save_new(actor, CourtOutcome(**data, breach=breach, nominal=breach.nominal, agency_id=actor.agency_id,
                                         created_by=actor), data.keys(), breach.nominal)


# ---- The sentence plan ----

def _objective_links(actor, nominal, data: dict) -> dict:
    if data.get("sentence") is not None:
        data = {**data, "sentence": _order(actor, nominal, data["sentence"])}
    item = data.get("plan_item")
    if item is not None:
        found = queries.for_plan_items(actor, nominal).filter(pk=item.pk).first()
        if found is None:
            raise ValidationError({"plan_item": "Choose an item of this person's risk management plan"})
        data = {**data, "plan_item": found}
    return data


@transaction.atomic
def add_objective(*, actor, nominal, data: dict) -> Objective:
    """An objective of the sentence plan. One addressing drug or alcohol misuse or mental health is health
    information, restricted as such (the register's handling rule)."""
    nominal = writable(actor, nominal)
    refuse_unknown(data, OBJECTIVE_FIELDS)
    data = _objective_links(actor, nominal, data)
    handling = Handling.HEALTH if data.get("need") in HEALTH_NEEDS else Handling.NONE
    return save_new(actor, Objective(**data, handling=handling, nominal=nominal, agency_id=actor.agency_id,
                                      created_by=actor), data.keys(), nominal)


@transaction.atomic
def update_objective(*, actor, objective: Objective, data: dict, version: int,
                     today: datetime.date | None = None) -> Objective:
    """Change or review an objective: a review is dated and says what it found."""
    today = today or _today()
    objective = policy.get_item(actor, Objective, objective.pk, policy.WRITE)
    refuse_unknown(data, OBJECTIVE_EDITS)
    data = _objective_links(actor, objective.nominal, data)
    errors = not_future(data.get("reviewed_on"), "reviewed_on", today)
    if data.get("review_notes") and not (data.get("reviewed_on") or objective.reviewed_on):
        errors["reviewed_on"] = "Enter the date of the review"
    if errors:
        raise ValidationError(errors)
    return apply_edit(actor, objective, data, version)


# ---- Polygraph, medication to reduce sexual arousal, circles of support ----

POLYGRAPH_FIELDS = ("examined_on", "examiner", "kind", "outcome", "disclosures", "actions")
MEDICATION_FIELDS = ("drug", "prescriber", "consent_on", "consent_withdrawn_on", "started_on", "ended_on")
MEDICATION_EDITS = (*MEDICATION_FIELDS, "reviewed_on", "review_notes")
CIRCLE_FIELDS = ("referred_on", "provider", "started_on", "volunteers", "ended_on", "end_reason")
CONCERN_FIELDS = ("raised_on", "concern", "action")


def _required(data: dict, messages: dict) -> dict:
    return {name: text for name, text in messages.items() if not str(data.get(name) or "").strip()}


def _polygraph_event(actor, exam: PolygraphExam) -> None:
    """A significant response, a refusal or a disclosure asks for the risk and plan reviews (inspection 2010
    para 9.2; E-21)."""
    found = [exam.get_outcome_display().lower()] + (["disclosures made"] if exam.disclosures.strip() else [])
    events.record_significant_event(actor=actor, nominal=exam.nominal, kind=events.Kind.POLYGRAPH,
                                    occurred_on=exam.examined_on, summary=f"{exam}: {'; '.join(found)}", source=exam)


def _polygraph_errors(data: dict, today) -> dict:
    errors = _required(data, {"examiner": "Enter the examiner", "kind": "Choose the type of examination",
                              "outcome": "Choose the outcome"})
    return {**rules.polygraph_errors(data.get("examined_on"), data.get("outcome", ""), data.get("disclosures", ""),
                                     today), **errors}


@transaction.atomic
def add_polygraph(*, actor, nominal, data: dict, today: datetime.date | None = None) -> PolygraphExam:
    """A polygraph examination and what came of it; a significant one raises a significant event."""
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, POLYGRAPH_FIELDS)
    errors = _polygraph_errors(data, today)
    if errors:
        raise ValidationError(errors)
    exam = save_new(actor, PolygraphExam(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                     data.keys(), nominal)
    if exam.significant:
        _polygraph_event(actor, exam)
    return exam


@transaction.atomic
def update_polygraph(*, actor, exam: PolygraphExam, data: dict, version: int,
                     today: datetime.date | None = None) -> PolygraphExam:
    """Change an examination (the actions taken, a disclosure reported later). One that becomes significant
    raises the significant event then."""
    today = today or _today()
    exam = policy.get_item(actor, PolygraphExam, exam.pk, policy.WRITE)
    refuse_unknown(data, POLYGRAPH_FIELDS)
    was_significant = exam.significant
    before = snapshot(exam, data.keys())
    for name, value in data.items():
        setattr(exam, name, value)
    errors = _polygraph_errors({f: getattr(exam, f) for f in POLYGRAPH_FIELDS}, today)
    if errors:
        raise ValidationError(errors)
    exam = save_edit(actor, exam, before, data.keys(), version)
    if exam.significant and not was_significant:
        _polygraph_event(actor, exam)
    return exam


def _medication_errors(m: dict, today) -> dict:
    errors = _required(m, {"drug": "Enter the medication", "prescriber": "Enter the prescriber"})
    return {**rules.medication_errors(m.get("consent_on"), m.get("consent_withdrawn_on"), m.get("started_on"),
                                      m.get("ended_on"), today), **errors}


@transaction.atomic
def add_medication(*, actor, nominal, data: dict, today: datetime.date | None = None) -> Medication:
    """Medication to reduce sexual arousal, given with consent. Health information: only an agency allowed
    treatment details records it (policy.may_see_treatment)."""
    today = today or _today()
    nominal = writable(actor, nominal)
    if not policy.may_see_treatment(actor):
        raise PermissionDenied("Only probation or health staff record medication")
    refuse_unknown(data, MEDICATION_FIELDS)
    if data.get("consent_on") is None:
        raise ValidationError({"consent_on": "Enter the date consent was given"})
    errors = _medication_errors(data, today)
    if errors:
        raise ValidationError(errors)
    return save_new(actor, Medication(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                     data.keys(), nominal)


@transaction.atomic
def update_medication(*, actor, medication: Medication, data: dict, version: int,
                      today: datetime.date | None = None) -> Medication:
    """Change the medication or record a review (dated, saying what it found)."""
    today = today or _today()
    medication = policy.medication_for(actor).filter(pk=medication.pk).select_related("nominal").first()
    if medication is None or not policy.can(actor, policy.WRITE, medication.nominal):
        raise PermissionDenied("Only probation or health staff on the case change medication")
    refuse_unknown(data, MEDICATION_EDITS)
    before = snapshot(medication, data.keys())
    for name, value in data.items():
        setattr(medication, name, value)
    errors = _medication_errors({f: getattr(medication, f) for f in MEDICATION_FIELDS}, today)
    errors.update(not_future(medication.reviewed_on, "reviewed_on", today))
    if "reviewed_on" in data and medication.reviewed_on and not medication.review_notes.strip():
        errors["review_notes"] = "Say what the review found"
    if medication.reviewed_on and medication.started_on and medication.reviewed_on < medication.started_on:
        errors["reviewed_on"] = "A review cannot be before the medication started"
    if errors:
        raise ValidationError(errors)
    return save_edit(actor, medication, before, data.keys(), version)


def _circle_errors(c: dict, today) -> dict:
    return rules.circle_errors(c.get("referred_on"), c.get("started_on"), c.get("ended_on"), c.get("volunteers"), today)


@transaction.atomic
def add_circle(*, actor, nominal, data: dict, today: datetime.date | None = None) -> CircleOfSupport:
    """A referral to a circle of support and accountability (and, when known, its start and volunteers)."""
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, CIRCLE_FIELDS)
    errors = _circle_errors(data, today)
    if data.get("referred_on") is None:
        errors["referred_on"] = "Enter the date of the referral"
    if errors:
        raise ValidationError(errors)
    return save_new(actor, CircleOfSupport(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                     data.keys(), nominal)


@transaction.atomic
def update_circle(*, actor, circle: CircleOfSupport, data: dict, version: int,
                  today: datetime.date | None = None) -> CircleOfSupport:
    """The circle starts, its volunteers change, it ends (with why)."""
    today = today or _today()
    circle = policy.get_item(actor, CircleOfSupport, circle.pk, policy.WRITE)
    refuse_unknown(data, CIRCLE_FIELDS)
    before = snapshot(circle, data.keys())
    for name, value in data.items():
        setattr(circle, name, value)
    errors = _circle_errors({f: getattr(circle, f) for f in CIRCLE_FIELDS}, today)
    if circle.ended_on and not circle.end_reason.strip():
        errors["end_reason"] = "Say why the circle ended"
    if errors:
        raise ValidationError(errors)
    return save_edit(actor, circle, before, data.keys(), version)


@transaction.atomic
def add_concern(*, actor, circle: CircleOfSupport, data: dict, today: datetime.date | None = None) -> CircleConcern:
    """A concern the circle raised with the offender manager: a significant event, as restricted as the circle."""
    today = today or _today()
    circle = policy.get_item(actor, CircleOfSupport, circle.pk, policy.WRITE)
    refuse_unknown(data, CONCERN_FIELDS)
    errors = _required(data, {"concern": "Say what the concern is"})
    errors.update(not_future(data.get("raised_on"), "raised_on", today))
    if data.get("raised_on") is None:
        errors["raised_on"] = "Enter the date the concern was raised"
    elif data["raised_on"] < circle.referred_on:
        errors["raised_on"] = "A concern cannot be raised before the referral"
    if errors:
        raise ValidationError(errors)
    concern = save_new(actor, CircleConcern(**data, circle=circle, nominal=circle.nominal, handling=circle.handling,
                                             agency_id=actor.agency_id, created_by=actor), data.keys(), circle.nominal)
    events.record_significant_event(actor=actor, nominal=circle.nominal, kind=events.Kind.CIRCLE_CONCERN,
                                    occurred_on=concern.raised_on,
                                    summary=f"Concern raised by the circle of support: {concern.concern}", source=concern)
    return concern
