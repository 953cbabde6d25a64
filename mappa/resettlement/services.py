"""Every change to approved premises and the resettlement pathways goes through these functions.

Each takes the acting user, checks the access policy, enforces every rule, saves, and writes the audit event in
the same transaction; an edit names the version it started from. A rule breach in the premises and an unplanned
departure are significant events (nominals.events): the risk and plan reviews hear of them in the same
transaction."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.audit.services import snapshot
from mappa.core.concurrency import StaleEdit
from mappa.core.markings import Handling
from mappa.core.recording import apply_edit, not_future, refuse_unknown, save_edit, save_new, writable
from mappa.nominals import events
from mappa.resettlement import queries, rules
from mappa.resettlement.models import Pathway, PathwayAction, PathwayDetail, PremisesIncident, PremisesPlacement, PremisesReferral

# The same saving and auditing as supervision's (one helper, not two copies).

REFERRAL_FIELDS = ("referred_on", "premises", "reason")
PLACEMENT_FIELDS = ("referral", "premises", "arrived_on", "expected_departure_on", "key_worker", "signing_in_hours",
                    "signing_in_reason", "curfew_from", "curfew_to")
MOVE_ON_FIELDS = ("move_on_plan", "move_on_to", "move_on_agreed_on", "expected_departure_on", "signing_in_hours",
                  "signing_in_reason")
DEPARTURE_FIELDS = ("departed_on", "departure", "destination", "departure_notes")
PLACEMENT_EDITS = ("premises", "arrived_on", "key_worker", "curfew_from", "curfew_to")
INCIDENT_FIELDS = ("placement", "occurred_on", "kind", "details", "action_taken")
INCIDENT_EDITS = ("occurred_on", "kind", "details", "action_taken")
PATHWAY_FIELDS = ("kind", "assessed_on", "need")
DETAIL_FIELDS = ("focus", "need", "provider")
ACTION_FIELDS = ("action", "who", "target_on")


def _today() -> datetime.date:
    return timezone.localdate()


def _current(item, version: int) -> None:
    """A change made from an older version is refused as stale before its rules are weighed: the user reviews
    what was saved since (a decision or departure already recorded) rather than being told it is an error."""
    if item.version != version:
        raise StaleEdit(type(item).objects.get(pk=item.pk))


def _editing(actor, item, version: int, data: dict, fields) -> tuple:
    """The item read afresh for writing, refused when stale or given fields it does not take, and its fields as the
    edit would leave them: (item, merged)."""
    item = policy.get_item(actor, type(item), item.pk, policy.WRITE)
    writable(actor, item.nominal)
    _current(item, version)
    refuse_unknown(data, fields)
    return item, {f: data.get(f, getattr(item, f)) for f in fields}


def _premises(code: str, today: datetime.date) -> dict:
    if not rules.premises_name(code or "", queries.tables(today)["premises"]):
        return {"premises": "Choose approved premises from the list"}
    return {}


# ---- Approved premises ----

@transaction.atomic
def add_referral(*, actor, nominal, data: dict, today: datetime.date | None = None) -> PremisesReferral:
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, REFERRAL_FIELDS)
    errors = {**not_future(data.get("referred_on"), "referred_on", today), **_premises(data.get("premises"), today)}
    if not (data.get("reason") or "").strip():
        errors["reason"] = "Give the reason for the referral"
    if errors:
        raise ValidationError(errors)
    return save_new(actor, PremisesReferral(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                     data.keys(), nominal)


@transaction.atomic
def decide_referral(*, actor, referral: PremisesReferral, decision: str, reason: str, version: int,
                    today: datetime.date | None = None) -> PremisesReferral:
    """Accepted or refused, with the reason for a refusal."""
    today = today or _today()
    referral = policy.get_item(actor, PremisesReferral, referral.pk, policy.WRITE)
    _current(referral, version)
    errors = rules.decision_errors(decision, reason)
    if referral.decision:
        errors["decision"] = "This referral is already decided"
    if errors:
        raise ValidationError(errors)
    fields = ("decision", "decision_reason", "decided_on")
    before = snapshot(referral, fields)
    referral.decision, referral.decision_reason, referral.decided_on = decision, reason.strip(), today
    return save_edit(actor, referral, before, fields, version)


@transaction.atomic
def edit_referral(*, actor, referral: PremisesReferral, data: dict, version: int,
                  today: datetime.date | None = None) -> PremisesReferral:
    """Correct a referral (when, to which premises, why): by whoever may record one. A decided referral keeps its
    premises: a place elsewhere is a new referral."""
    today = today or _today()
    referral, merged = _editing(actor, referral, version, data, REFERRAL_FIELDS)
    errors = {**not_future(merged["referred_on"], "referred_on", today), **_premises(merged["premises"], today)}
    if merged["referred_on"] is None:
        errors["referred_on"] = "Enter the date referred"
    if not (merged["reason"] or "").strip():
        errors["reason"] = "Give the reason for the referral"
    if referral.decision and merged["premises"] != referral.premises:
        errors["premises"] = "This referral is decided: refer again for other premises"
    if referral.decided_on and merged["referred_on"] and merged["referred_on"] > referral.decided_on:
        errors["referred_on"] = "The referral cannot be after its decision"
    if errors:
        raise ValidationError(errors)
    return apply_edit(actor, referral, data, version)


def _regime_errors(data: dict, today: datetime.date) -> dict:
    regime = queries.tables(today)["regime"]
    return rules.signing_in_errors(data.get("signing_in_hours"), data.get("signing_in_reason") or "", regime)


@transaction.atomic
def add_placement(*, actor, nominal, data: dict, today: datetime.date | None = None) -> PremisesPlacement:
    """Arrival in approved premises. The signing-in interval, the curfew and the expected departure default to the
    reference data in force on the day of arrival."""
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, PLACEMENT_FIELDS)
    numbers = queries.tables(data.get("arrived_on") or today)
    data = {**data}
    for name, value in (("signing_in_hours", numbers["regime"]["default_hours"]),
                        ("curfew_from", datetime.time.fromisoformat(numbers["regime"]["curfew_from"])),
                        ("curfew_to", datetime.time.fromisoformat(numbers["regime"]["curfew_to"]))):
        if data.get(name) is None:
            data[name] = value
    if data.get("expected_departure_on") is None and data.get("arrived_on"):
        data["expected_departure_on"] = rules.expected_departure(data["arrived_on"], numbers["move_on"])
    errors = {**rules.placement_errors(data.get("arrived_on"), data.get("expected_departure_on"), today),
              **_premises(data.get("premises"), today), **_regime_errors(data, today)}
    if data.get("arrived_on") is None:
        errors["arrived_on"] = "Enter the date they arrived"
    referral = data.get("referral")
    if referral is not None:
        referral = policy.items_for(actor, PremisesReferral, nominal=nominal).filter(pk=referral.pk).first()
        if referral is None or referral.decision != PremisesReferral.Decision.ACCEPTED:
            errors["referral"] = "Choose an accepted referral of this person"
        data["referral"] = referral
    if policy.items_for_rules(actor, PremisesPlacement, nominal=nominal).filter(departed_on__isnull=True).exists():
        errors["arrived_on"] = "They are still in approved premises: record that they left first"
    if errors:
        raise ValidationError(errors)
    return save_new(actor, PremisesPlacement(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                     data.keys(), nominal)


@transaction.atomic
def edit_placement(*, actor, placement: PremisesPlacement, data: dict, version: int,
                   today: datetime.date | None = None) -> PremisesPlacement:
    """Correct the arrival: the premises, the date, the key worker and the curfew (the move-on plan, the expected
    departure and the signing-in interval are plan_move_on's; the departure is record_departure's). By whoever may
    record an arrival. Its incidents stay within the stay."""
    today = today or _today()
    placement, merged = _editing(actor, placement, version, data, PLACEMENT_EDITS)
    errors = {**rules.placement_errors(merged["arrived_on"], placement.expected_departure_on, today),
              **_premises(merged["premises"], today)}
    arrived = merged["arrived_on"]
    if arrived is None:
        errors["arrived_on"] = "Enter the date they arrived"
    elif placement.departed_on and arrived > placement.departed_on:
        errors["arrived_on"] = "They cannot arrive after they left"
    elif (policy.items_for_rules(actor, PremisesIncident, nominal=placement.nominal)
          .filter(placement=placement, occurred_on__lt=arrived).exists()):
        errors["arrived_on"] = "An incident of this placement is before that date: correct the incident first"
    for name in ("curfew_from", "curfew_to"):
        if merged[name] is None:
            errors[name] = "Enter the time"
    if errors:
        raise ValidationError(errors)
    return apply_edit(actor, placement, data, version)


@transaction.atomic
def plan_move_on(*, actor, placement: PremisesPlacement, data: dict, version: int,
                 today: datetime.date | None = None) -> PremisesPlacement:
    """The move-on plan (where to, agreed when), the expected departure and the signing-in interval."""
    today = today or _today()
    placement, merged = _editing(actor, placement, version, data, MOVE_ON_FIELDS)
    errors = {**not_future(merged["move_on_agreed_on"], "move_on_agreed_on", today), **_regime_errors(merged, today),
              **rules.placement_errors(placement.arrived_on, merged["expected_departure_on"], today)}
    if placement.departed_on:
        errors["move_on_plan"] = "They have left the premises"
    if merged["move_on_agreed_on"] and not merged["move_on_plan"].strip():
        errors["move_on_plan"] = "Describe the move-on plan"
    if errors:
        raise ValidationError(errors)
    return apply_edit(actor, placement, data, version)


@transaction.atomic
def record_departure(*, actor, placement: PremisesPlacement, data: dict, version: int,
                     today: datetime.date | None = None) -> PremisesPlacement:
    """They left: planned move-on (where to) or unplanned. An unplanned departure is a significant event (a change
    of address the risk and plan reviews must hear of, inspection 2010 para 9.2)."""
    today = today or _today()
    placement = policy.get_item(actor, PremisesPlacement, placement.pk, policy.WRITE)
    _current(placement, version)
    refuse_unknown(data, DEPARTURE_FIELDS)
    errors = rules.departure_errors(placement.arrived_on, data.get("departed_on"), data.get("departure", ""),
                                    data.get("destination", ""), today)
    if placement.departed_on:
        errors["departed_on"] = "Their departure is already recorded"
    if errors:
        raise ValidationError(errors)
    before = snapshot(placement, data.keys())
    for name, value in data.items():
        setattr(placement, name, value)
    save_edit(actor, placement, before, data.keys(), version)
    if rules.is_significant_departure(placement.departure):
        where = f" ({placement.destination})" if placement.destination else ""
        events.record_significant_event(actor=actor, nominal=placement.nominal, kind=events.Kind.ADDRESS,
                                        occurred_on=placement.departed_on, source=placement,
                                        summary=f"Left approved premises unplanned{where}")
    return placement


@transaction.atomic
def add_incident(*, actor, nominal, data: dict, today: datetime.date | None = None) -> PremisesIncident:
    """An incident in the premises. A breach of the rules or the curfew is a significant event."""
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, INCIDENT_FIELDS)
    placement = data.get("placement")
    placement = placement and policy.items_for(actor, PremisesPlacement, nominal=nominal).filter(pk=placement.pk).first()
    errors = not_future(data.get("occurred_on"), "occurred_on", today)
    if placement is None:
        errors["placement"] = "Choose a placement of this person"
    elif data.get("occurred_on") and not (placement.arrived_on <= data["occurred_on"] <= (placement.departed_on or today)):
        errors["occurred_on"] = "The date must be during the placement"
    if not (data.get("details") or "").strip():
        errors["details"] = "Say what happened"
    if errors:
        raise ValidationError(errors)
    data = {**data, "placement": placement}
    incident = save_new(actor, PremisesIncident(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                         data.keys(), nominal)
    if incident.breach:
        _breach_event(actor, incident)
    return incident


def _incident_errors(placement: PremisesPlacement, data: dict, today: datetime.date) -> dict:
    errors = not_future(data.get("occurred_on"), "occurred_on", today)
    if data.get("occurred_on") is None:
        errors["occurred_on"] = "Enter the date"
    elif not (placement.arrived_on <= data["occurred_on"] <= (placement.departed_on or today)):
        errors["occurred_on"] = "The date must be during the placement"
    if data.get("kind") not in PremisesIncident.Kind.values:
        errors["kind"] = "Choose what happened"
    if not (data.get("details") or "").strip():
        errors["details"] = "Say what happened"
    return errors


def _breach_event(actor, incident: PremisesIncident) -> None:
    events.record_significant_event(actor=actor, nominal=incident.nominal, kind=events.Kind.BREACH,
                                    occurred_on=incident.occurred_on, source=incident,
                                    summary=f"Approved premises: {incident.get_kind_display().lower()}")


@transaction.atomic
def edit_incident(*, actor, incident: PremisesIncident, data: dict, version: int,
                  today: datetime.date | None = None) -> PremisesIncident:
    """Correct an incident (when, what happened, the details, the action taken): by whoever may record one. One
    that becomes a breach of the rules raises the significant event then; a breach already raised stands."""
    today = today or _today()
    incident, merged = _editing(actor, incident, version, data, INCIDENT_EDITS)
    was_breach = incident.breach
    errors = _incident_errors(incident.placement, merged, today)
    if errors:
        raise ValidationError(errors)
    incident = apply_edit(actor, incident, data, version)
    if incident.breach and not was_breach:
        _breach_event(actor, incident)
    return incident


# ---- Pathways ----

def _restricted(kind: str) -> bool:
    return kind in rules.RESTRICTED_PATHWAYS


@transaction.atomic
def add_pathway(*, actor, nominal, data: dict, detail: dict | None = None,
                today: datetime.date | None = None) -> Pathway:
    """A pathway with the need assessed. The health and substance misuse pathway's details are saved as their own
    row, and only by an agency allowed to read them."""
    today = today or _today()
    nominal = writable(actor, nominal)
    refuse_unknown(data, PATHWAY_FIELDS)
    detail = {k: v for k, v in (detail or {}).items() if v}
    refuse_unknown(detail, DETAIL_FIELDS)
    kind = data.get("kind", "")
    errors = not_future(data.get("assessed_on"), "assessed_on", today)
    if kind not in Pathway.Kind.values:
        errors["kind"] = "Choose a pathway"
    if _restricted(kind):
        if not detail.get("focus"):
            errors["focus"] = "Say what the pathway is about"
        if not detail.get("need", "").strip():
            errors["need"] = "Describe the need assessed"
        if (data.get("need") or "").strip():
            errors["need"] = "Put the need in the restricted details"
    else:
        if detail:
            errors["focus"] = "Only the health and substance misuse pathway has restricted details"
        if not (data.get("need") or "").strip():
            errors["need"] = "Describe the need assessed"
    if errors:
        raise ValidationError(errors)
    if _restricted(kind) and not policy.may_see_treatment(actor):
        raise PermissionDenied("Only probation or health staff record the health and substance misuse pathway")
    pathway = save_new(actor, Pathway(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor),
                        data.keys(), nominal)
    if _restricted(kind):
        save_new(actor, PathwayDetail(**detail, pathway=pathway, nominal=nominal, handling=Handling.HEALTH,
                                       agency_id=actor.agency_id, created_by=actor), detail.keys(), nominal)
    return pathway


def _pathway(actor, pathway) -> Pathway:
    """The pathway, writable by the actor; the restricted one only for an agency allowed its details (404 to
    anyone else, so an id tells them nothing)."""
    pathway = policy.get_item(actor, Pathway, pathway.pk, policy.WRITE)
    if _restricted(pathway.kind) and not policy.may_see_treatment(actor):
        raise PermissionDenied("Only probation or health staff change the health and substance misuse pathway")
    return pathway


@transaction.atomic
def add_action(*, actor, pathway: Pathway, data: dict, today: datetime.date | None = None) -> PathwayAction:
    """An action on a pathway: what, who and by when. Those of the health and substance misuse pathway are health
    information."""
    pathway = _pathway(actor, pathway)
    refuse_unknown(data, ACTION_FIELDS)
    errors = {}
    for name, words in (("action", "Say what will be done"), ("who", "Say who will do it")):
        if not (data.get(name) or "").strip():
            errors[name] = words
    if data.get("target_on") is None:
        errors["target_on"] = "Enter the target date"
    if errors:
        raise ValidationError(errors)
    handling = Handling.HEALTH if _restricted(pathway.kind) else Handling.NONE
    return save_new(actor, PathwayAction(**data, pathway=pathway, nominal=pathway.nominal, handling=handling,
                                          agency_id=actor.agency_id, created_by=actor), data.keys(), pathway.nominal)


@transaction.atomic
def complete_action(*, actor, action: PathwayAction, done_on: datetime.date, version: int,
                    today: datetime.date | None = None) -> PathwayAction:
    today = today or _today()
    action = policy.get_item(actor, PathwayAction, action.pk, policy.WRITE)
    _pathway(actor, action.pathway)
    _current(action, version)
    errors = not_future(done_on, "done_on", today)
    if done_on is None:
        errors["done_on"] = "Enter the date it was done"
    if action.done_on:
        errors["done_on"] = "This action is already done"
    if errors:
        raise ValidationError(errors)
    before = snapshot(action, ("done_on", "done_by"))
    action.done_on, action.done_by = done_on, actor
    return save_edit(actor, action, before, ("done_on", "done_by"), version)


@transaction.atomic
def record_outcome(*, actor, pathway: Pathway, outcome: str, when: str, notes: str = "", version: int,
                   today: datetime.date | None = None) -> Pathway:
    """The pathway's outcome and when it was reached (on release, at the end of the order: REQ-ACC-02). The
    health and substance misuse pathway's outcome is kept in its restricted details."""
    today = today or _today()
    pathway = _pathway(actor, pathway)
    errors = rules.outcome_errors(pathway.kind, outcome, when)
    if errors:
        raise ValidationError(errors)
    fields = ["outcome_when", "outcome_on"] + ([] if _restricted(pathway.kind) else ["outcome"])
    before = snapshot(pathway, fields)
    pathway.outcome_when, pathway.outcome_on = when, today
    if not _restricted(pathway.kind):
        pathway.outcome = outcome
    save_edit(actor, pathway, before, fields, version)
    if _restricted(pathway.kind):
        detail = policy.pathway_details_for(actor, nominal=pathway.nominal).get(pathway=pathway)
        before = snapshot(detail, ("outcome", "outcome_notes"))
        detail.outcome, detail.outcome_notes = outcome, notes.strip()
        save_edit(actor, detail, before, ("outcome", "outcome_notes"), detail.version)
    return pathway
