"""Every change to disclosure decisions, disclosure requests, safeguarding referrals and markers. Each takes the acting
user, checks the policy (may_record_safeguarding), enforces the rules and writes the audit row in the same
transaction. Audit rows name the fields changed, never their values: the case history is read by more people than
may see the third parties these records name (policy.may_see_third_parties)."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mappa.access import policy
from mappa.arrangements.models import Meeting, Minute
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import facts
from mappa.core.concurrency import save_if_current
from mappa.core.recording import refuse_unknown
from mappa.nominals.models import Nominal, Occupant, Relationship
from mappa.safeguarding import rules
from mappa.safeguarding.models import DisclosureDecision, DisclosureRequest, Marker, SafeguardingReferral

DECISION_FIELDS = ("occasion", "minute", "request", "relationship", "occupant", "considered_on", "decided_by",
                   "decision", "ground", "power", "pressing_need", "risk_to_children", "necessary", "rationale",
                   "recipient_kind", "recipient", "what_disclosed", "disclosed_by", "disclosed_on", "keep_confidential",
                   "offender_told", "review_on")
REQUEST_FIELDS = ("applicant_name", "applicant_relationship", "concern", "received_on", "initial_checks_on", "met_on",
                  "assessed_on", "decided_on", "outcome", "closed_on")
REFERRAL_FIELDS = ("kind", "about", "referred_on", "reason", "reference", "meeting_on", "outcome", "outcome_on",
                   "outcome_notes")
MARKER_FIELDS = ("kind", "text", "other_nominal", "active_from", "ended_on")
LEVELS = {Meeting.Kind.LEVEL2: 2, Meeting.Kind.LEVEL3: 3}



def _refuse_unless_recorder(actor, nominal) -> None:
    if not policy.may_record_safeguarding(actor, nominal):
        raise PermissionDenied("You can see this case but not record disclosure or safeguarding on it")


def _audit(actor, action, obj, nominal, fields) -> None:
    record(actor, action, obj, nominal=nominal, label=str(obj), details={"fields": sorted(fields)})


def child_sex_offender(actor, nominal) -> bool:
    """Whether the convictions the actor may see make the person a child sex offender (s.327A)."""
    return rules.is_child_sex_offender(facts.facts_for(actor, nominal, only=("sanctions",)).sanctions)


def _apply(obj, data: dict) -> list[str]:
    changed = [name for name, value in data.items() if getattr(obj, name, None) != value]
    for name, value in data.items():
        setattr(obj, name, value)
    return changed


def _check_links(actor, nominal, decision: DisclosureDecision) -> dict:
    """The minutes, request, partner and child a decision answers are this person's, and the actor may see them."""
    errors = {}
    if decision.minute_id:
        minute = policy.items_for(actor, Minute, nominal=nominal).filter(pk=decision.minute_id).select_related("meeting").first()
        if minute is None:
            errors["minute"] = "Choose minutes of a meeting about this person"
        elif minute.meeting.kind not in LEVELS:
            errors["minute"] = "Choose minutes of a level 2 or 3 meeting"
    if decision.occasion == DisclosureDecision.Occasion.MEETING and not decision.minute_id:
        errors.setdefault("minute", "Choose the meeting the decision was made at")
    if decision.request_id and not policy.items_for(actor, DisclosureRequest, nominal=nominal).filter(pk=decision.request_id).exists():
        errors["request"] = "Choose one of this person's disclosure requests"
    if decision.relationship_id and not policy.items_for(actor, Relationship, nominal=nominal).filter(
            pk=decision.relationship_id, kind=Relationship.Kind.PARTNER).exists():
        errors["relationship"] = "Choose one of this person's partners"
    if decision.occupant_id and not policy.items_for(actor, Occupant, nominal=nominal).filter(pk=decision.occupant_id).exists():
        errors["occupant"] = "Choose someone in this person's household"
    if decision.decided_by_id and not policy.may_record_safeguarding(decision.decided_by, nominal):
        errors["decided_by"] = "Choose someone who may record decisions on this case"
    return errors


def _check_decision(actor, nominal, decision: DisclosureDecision) -> None:
    errors = rules.decision_errors(
        decision=decision.decision, considered_on=decision.considered_on, rationale=decision.rationale or "",
        power=decision.power or "", pressing_need=decision.pressing_need,
        child_sex_offender=child_sex_offender(actor, nominal), risk_to_children=decision.risk_to_children,
        necessary=decision.necessary, recipient_kind=decision.recipient_kind or "", recipient=decision.recipient or "",
        what_disclosed=decision.what_disclosed or "", keep_confidential=decision.keep_confidential or "",
        disclosed_on=decision.disclosed_on, review_on=decision.review_on, today=timezone.localdate())
    for name, choices in (("occasion", DisclosureDecision.Occasion), ("ground", DisclosureDecision.Ground),
                          ("recipient_kind", DisclosureDecision._meta.get_field("recipient_kind").choices),
                          ("offender_told", DisclosureDecision.OffenderTold)):
        value = getattr(decision, name) or ""
        allowed = [c[0] for c in choices] if isinstance(choices, list) else choices.values
        if value and value not in allowed:
            errors[name] = "Choose one of the options"
    if not decision.occasion:
        errors["occasion"] = "Choose when disclosure was considered"
    errors.update({k: v for k, v in _check_links(actor, nominal, decision).items() if k not in errors})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_decision(*, actor, nominal, data: dict) -> DisclosureDecision:
    _refuse_unless_recorder(actor, nominal)
    refuse_unknown(data, DECISION_FIELDS)
    data = {"decided_by": actor, **{k: v for k, v in data.items() if not (k == "decided_by" and v is None)}}
    decision = DisclosureDecision(nominal=nominal, agency=actor.agency, created_by=actor)
    _apply(decision, {k: ("" if v is None and k in ("power", "ground", "recipient_kind", "offender_told") else v)
                      for k, v in data.items()})
    _check_decision(actor, nominal, decision)
    decision.save()
    _audit(actor, Action.CREATE, decision, nominal, data)
    return decision


@transaction.atomic
def change_decision(*, actor, decision: DisclosureDecision, data: dict, version: int) -> DisclosureDecision:
    _refuse_unless_recorder(actor, decision.nominal)
    refuse_unknown(data, DECISION_FIELDS)
    changed = _apply(decision, data)
    _check_decision(actor, decision.nominal, decision)
    save_if_current(decision, version, [DisclosureDecision._meta.get_field(n).attname for n in changed])
    _audit(actor, Action.UPDATE, decision, decision.nominal, changed)
    return decision


def _check_request(request: DisclosureRequest) -> None:
    errors = rules.request_errors(
        received_on=request.received_on, dates={f: getattr(request, f) for f, _l, _k in rules.STAGES},
        outcome=request.outcome or "", applicant_name=request.applicant_name or "", concern=request.concern or "",
        today=timezone.localdate())
    if (request.outcome or "") not in DisclosureRequest.Outcome.values:
        errors["outcome"] = "Choose the outcome from the list"
    if not (request.applicant_relationship or "").strip():
        errors["applicant_relationship"] = "Enter the applicant's relationship to the child"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_request(*, actor, nominal, data: dict) -> DisclosureRequest:
    _refuse_unless_recorder(actor, nominal)
    refuse_unknown(data, REQUEST_FIELDS)
    request = DisclosureRequest(nominal=nominal, agency=actor.agency, created_by=actor)
    _apply(request, {k: ("" if v is None and k == "outcome" else v) for k, v in data.items()})
    _check_request(request)
    request.save()
    _audit(actor, Action.CREATE, request, nominal, data)
    return request


@transaction.atomic
def change_request(*, actor, request: DisclosureRequest, data: dict, version: int) -> DisclosureRequest:
    _refuse_unless_recorder(actor, request.nominal)
    refuse_unknown(data, REQUEST_FIELDS)
    changed = _apply(request, {k: ("" if v is None and k == "outcome" else v) for k, v in data.items()})
    _check_request(request)
    save_if_current(request, version, changed)
    _audit(actor, Action.UPDATE, request, request.nominal, changed)
    return request


def _check_referral(referral: SafeguardingReferral) -> None:
    errors = rules.referral_errors(kind=referral.kind, about=referral.about or "", referred_on=referral.referred_on,
                                   reason=referral.reason or "", outcome=referral.outcome or "",
                                   outcome_on=referral.outcome_on, today=timezone.localdate())
    if (referral.outcome or "") not in SafeguardingReferral.Outcome.values:
        errors["outcome"] = "Choose the outcome from the list"
    if referral.meeting_on and referral.referred_on and referral.meeting_on < referral.referred_on:
        errors["meeting_on"] = "The meeting must be on or after the referral"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_referral(*, actor, nominal, data: dict) -> SafeguardingReferral:
    _refuse_unless_recorder(actor, nominal)
    refuse_unknown(data, REFERRAL_FIELDS)
    referral = SafeguardingReferral(nominal=nominal, agency=actor.agency, created_by=actor)
    _apply(referral, {k: ("" if v is None and k == "outcome" else v) for k, v in data.items()})
    _check_referral(referral)
    referral.save()
    _audit(actor, Action.CREATE, referral, nominal, data)
    return referral


@transaction.atomic
def change_referral(*, actor, referral: SafeguardingReferral, data: dict, version: int) -> SafeguardingReferral:
    _refuse_unless_recorder(actor, referral.nominal)
    refuse_unknown(data, REFERRAL_FIELDS)
    changed = _apply(referral, {k: ("" if v is None and k == "outcome" else v) for k, v in data.items()})
    _check_referral(referral)
    save_if_current(referral, version, changed)
    _audit(actor, Action.UPDATE, referral, referral.nominal, changed)
    return referral


def _check_marker(actor, marker: Marker) -> None:
    errors = rules.marker_errors(kind=marker.kind, text=marker.text or "", active_from=marker.active_from,
                                 ended_on=marker.ended_on, other_is_self=marker.other_nominal_id == marker.nominal_id,
                                 today=timezone.localdate())
    if marker.other_nominal_id and not policy.nominals_for(actor).filter(pk=marker.other_nominal_id).exists():
        errors["other_nominal"] = "Choose a person whose record you may see"
    if marker.other_nominal_id and marker.kind != Marker.Kind.KEEP_APART:
        errors["other_nominal"] = "Only a keep-apart marker names another person"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_marker(*, actor, nominal, data: dict) -> Marker:
    _refuse_unless_recorder(actor, nominal)
    refuse_unknown(data, MARKER_FIELDS)
    marker = Marker(nominal=nominal, agency=actor.agency, created_by=actor)
    _apply(marker, data)
    _check_marker(actor, marker)
    marker.save()
    _audit(actor, Action.CREATE, marker, nominal, data)
    return marker


@transaction.atomic
def change_marker(*, actor, marker: Marker, data: dict, version: int) -> Marker:
    _refuse_unless_recorder(actor, marker.nominal)
    refuse_unknown(data, MARKER_FIELDS)
    changed = _apply(marker, data)
    _check_marker(actor, marker)
    save_if_current(marker, version, [Marker._meta.get_field(n).attname for n in changed])
    _audit(actor, Action.UPDATE, marker, marker.nominal, changed)
    return marker


def other_person(actor, pk) -> Nominal | None:
    """The person a keep-apart marker names, when the actor may see their record."""
    if not pk:
        return None
    try:
        pk = policy.record_id(pk)
    except Http404:
        return None
    return policy.nominals_for(actor).filter(pk=pk).first()
