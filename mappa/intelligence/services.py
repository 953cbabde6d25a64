"""Every change to intelligence goes through these functions.

Each takes the acting user, checks the access policy, enforces every rule (a page's check is made here too,
for the API), saves, and writes the audit row in the same transaction. Audit rows name the fields changed,
never their values, and are labelled without the content: the case history is read by everyone who may see
the record (policy.history_for), and most of them may not read intelligence. Notifications say only whose
record and by when, never what the information is.
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import reference
from mappa.core.concurrency import save_if_current
from mappa.core.dates import day as govuk_day
from mappa.core.notifications import notify
from mappa.core.recording import refuse_unknown
from mappa.intelligence import rules
from mappa.intelligence.models import ActionKind, IntelligenceAction, IntelligenceItem, IntelligenceLink, SourceType, Status
from mappa.nominals import events
from mappa.nominals.models import Address, Vehicle

SUBMIT_FIELDS = ("information", "source_type", "obtained_on")
REGISTER_FIELDS = ("source_evaluation", "intelligence_assessment", "handling_code", "handling_conditions", "content",
                   "sanitised", "changes_risk")
ACTION_FIELDS = ("kind", "description", "owner", "due_on")



def grading(on: datetime.date) -> dict:
    """The 3x5x2 tables in force on a day."""
    return {part: reference.value(f"intelligence.grading.{part}", on) for part in ("source", "assessment", "handling")}


def evaluators(nominal) -> list:
    """Whom new information reaches (para 4.19): the record's manager; with none, the supervisors of its team."""
    if nominal.manager_id and nominal.manager.is_active:
        return [nominal.manager]
    return list(User.objects.filter(team_id=nominal.team_id, role=Role.SUPERVISOR, is_active=True).order_by("pk"))


def _audit(actor, action, obj, nominal, fields, **details):
    record(actor, action, obj, nominal=nominal, details={"fields": sorted(fields), **details})


@transaction.atomic
def submit(*, actor, nominal, data: dict) -> IntelligenceItem:
    """Anyone who may see the record submits information on the person (P-13 step 1). It reaches the manager
    (or the team's supervisors when there is none) for evaluation by the day the reference data sets."""
    nominal = policy.get_nominal(actor, nominal.pk)
    if not policy.may_submit_intelligence(actor, nominal):
        raise PermissionDenied("You cannot submit information on this person")
    refuse_unknown(data, SUBMIT_FIELDS)
    today = timezone.localdate()
    errors = {}
    information = (data.get("information") or "").strip()
    if not information:
        errors["information"] = "Enter the information"
    if data.get("source_type") not in SourceType.values:
        errors["source_type"] = "Choose where the information came from"
    obtained = data.get("obtained_on")
    if not isinstance(obtained, datetime.date) or obtained > today:
        errors["obtained_on"] = "Give the date the information was obtained, today or earlier"
    if errors:
        raise ValidationError(errors)
    within = reference.value("intelligence.evaluation.within", today)["days"]
    told = evaluators(nominal)
    item = IntelligenceItem.objects.create(
        nominal=nominal, agency_id=actor.agency_id, created_by=actor, information=information,
        source_type=data["source_type"], obtained_on=obtained, submitted_at=timezone.now(),
        due_on=rules.due_on(today, within), evaluator=nominal.manager if nominal.manager_id else None)
    _audit(actor, Action.CREATE, item, nominal, SUBMIT_FIELDS)
    notify([u for u in told if u.pk != actor.pk], kind="intelligence_submitted", nominal=nominal,
           message=f"New information on {nominal.full_name} to evaluate by {govuk_day(item.due_on)}")
    return item


def _links(actor, item, links: list[dict]) -> list[IntelligenceLink]:
    """The people, vehicles and places named, each one the evaluator may see; anything else is refused in the
    same words as a record that does not exist."""
    found = []
    for link in links:
        kind, pk = next(iter(link.items())) if len(link) == 1 else ("", None)
        try:
            pk = policy.record_id(pk)
        except Http404:  # a malformed id: refused below like an unknown one
            pk = None
        if kind == "person" and pk and pk != item.nominal_id and policy.nominals_for(actor).filter(pk=pk).exists():
            found.append(IntelligenceLink(item=item, person_id=pk))
        elif kind == "vehicle" and pk and policy.items_for(actor, Vehicle).filter(pk=pk).exists():
            found.append(IntelligenceLink(item=item, vehicle_id=pk))
        elif kind == "address" and pk and policy.items_for(actor, Address).filter(pk=pk).exists():
            found.append(IntelligenceLink(item=item, address_id=pk))
        else:
            raise ValidationError({"links": "Link only people, vehicles and places on the register that you may see"})
    return found


@transaction.atomic
def evaluate(*, actor, item: IntelligenceItem, register: bool, data: dict, version: int, links: list[dict] = (),
             reason: str = "") -> IntelligenceItem:
    """Evaluate a submission (para 4.18-4.19): register it as an intelligence item graded on the 3x5x2 scheme,
    with its content, a sanitised version for wider sharing, the people, vehicles and places it names, and
    whether it changes the risk; or record why it is not registered. An item that changes the risk raises the
    significant event that makes the risk assessment and plan reviews due."""
    item = policy.get_intelligence(actor, item.pk, policy.WRITE)
    nominal = item.nominal
    if not policy.may_evaluate_intelligence(actor, nominal):
        raise PermissionDenied("Only the record's manager or a supervisor of its team evaluates intelligence")
    if item.status != Status.SUBMITTED:
        raise ValidationError({"status": "This has already been evaluated"})
    now = timezone.now()
    if not register:
        refuse_unknown(data, ())
        if not (reason or "").strip():
            raise ValidationError({"not_registered_reason": "Say why it is not registered as intelligence"})
        item.status, item.not_registered_reason = Status.NOT_REGISTERED, reason.strip()
        item.evaluated_by, item.evaluated_at = actor, now
        save_if_current(item, version, ["status", "not_registered_reason", "evaluated_by", "evaluated_at"])
        _audit(actor, Action.UPDATE, item, nominal, ["status", "not_registered_reason"], decision=item.status)
        return item
    refuse_unknown(data, REGISTER_FIELDS)
    values = {f: (data.get(f) or "").strip() if f != "changes_risk" else bool(data.get(f)) for f in REGISTER_FIELDS}
    errors = rules.grading_errors(values["source_evaluation"], values["intelligence_assessment"],
                                  values["handling_code"], values["handling_conditions"], grading(now.date()))
    if not values["content"]:
        errors["content"] = "Enter the intelligence as registered"
    if errors:
        raise ValidationError(errors)
    if values["handling_code"] != rules.CONDITIONS:
        values["handling_conditions"] = ""
    found = _links(actor, item, list(links))
    for name, value in values.items():
        setattr(item, name, value)
    item.status, item.evaluated_by, item.evaluated_at, item.agency_id = Status.REGISTERED, actor, now, actor.agency_id
    fields = [*REGISTER_FIELDS, "status", "evaluated_by", "evaluated_at", "agency"]
    if item.changes_risk:
        # Unrestricted, like the item's row: it says only that intelligence changes the risk (and the sanitised
        # version, which is for everyone who may see the record), so every review it triggers may be read.
        summary = "Intelligence registered as changing the risk" + (f": {item.sanitised}" if item.sanitised else "")
        item.event = events.record_significant_event(actor=actor, nominal=nominal, kind=events.Kind.INTELLIGENCE,
                                                     summary=summary, source=item)
        fields.append("event")
    save_if_current(item, version, fields)
    IntelligenceLink.objects.bulk_create(found)
    _audit(actor, Action.UPDATE, item, nominal, [*REGISTER_FIELDS, "status", "links"], decision=item.status,
           links=len(found))
    if nominal.manager_id and nominal.manager_id != actor.pk:
        notify([nominal.manager], kind="intelligence_registered", nominal=nominal,
               message=f"New intelligence registered on {nominal.full_name} by {actor.display_name}")
    return item


def _responsible(actor, item) -> bool:
    return policy.answers_for_intelligence(actor, item.nominal) or item.evaluated_by_id == actor.pk


@transaction.atomic
def add_action(*, actor, item: IntelligenceItem, data: dict) -> IntelligenceAction:
    """An action the intelligence calls for (tasking, risk review, MAPPA referral, plan change), with an owner
    who may read the intelligence and a due date."""
    item = policy.get_intelligence(actor, item.pk, policy.WRITE)
    if not _responsible(actor, item) or not policy.may_read_intelligence(actor, item):
        raise PermissionDenied("Only those responsible for this intelligence record its actions")
    if item.status != Status.REGISTERED:
        raise ValidationError({"kind": "Register the intelligence before recording actions from it"})
    refuse_unknown(data, ACTION_FIELDS)
    errors = {}
    if data.get("kind") not in ActionKind.values:
        errors["kind"] = "Choose the kind of action"
    if not (data.get("description") or "").strip():
        errors["description"] = "Say what must be done"
    owner = data.get("owner")
    if (not isinstance(owner, User) or not owner.is_active or not policy.may_read_intelligence(owner, item)
            or not policy.can(owner, policy.WRITE, item.nominal)):
        errors["owner"] = "Choose someone who may read this intelligence and change the record"
    due = data.get("due_on")
    if not isinstance(due, datetime.date) or due < timezone.localdate():
        errors["due_on"] = "Give a due date, today or later"
    if errors:
        raise ValidationError(errors)
    action = IntelligenceAction.objects.create(
        nominal=item.nominal, item=item, agency_id=actor.agency_id, created_by=actor, kind=data["kind"],
        description=data["description"].strip(), owner=owner, due_on=due)
    _audit(actor, Action.CREATE, action, item.nominal, ACTION_FIELDS, item=item.pk)
    if owner.pk != actor.pk:
        notify([owner], kind="intelligence_action", nominal=item.nominal,
               message=f"An action from intelligence on {item.nominal.full_name} is yours, due {govuk_day(due)}")
    return action


@transaction.atomic
def complete_action(*, actor, action: IntelligenceAction, outcome: str, completed_on: datetime.date | None,
                    version: int) -> IntelligenceAction:
    """Mark an action done, with what was done (its evidence), by its owner or those responsible."""
    item = policy.get_intelligence(actor, action.item_id, policy.WRITE)
    action = policy.intelligence_actions_for(actor, item).filter(pk=action.pk).first()
    if action is None:
        raise PermissionDenied("You cannot record this action")
    if action.owner_id != actor.pk and not _responsible(actor, item):
        raise PermissionDenied("Only the action's owner or those responsible for the intelligence complete it")
    if action.completed_on:
        raise ValidationError({"outcome": "This action is already complete"})
    day = completed_on or timezone.localdate()
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = "Say what was done"
    if day > timezone.localdate():
        errors["completed_on"] = "The date completed must be today or earlier"
    if errors:
        raise ValidationError(errors)
    action.completed_on, action.completed_by, action.outcome = day, actor, outcome.strip()
    save_if_current(action, version, ["completed_on", "completed_by", "outcome"])
    _audit(actor, Action.UPDATE, action, item.nominal, ["completed_on", "outcome"], item=item.pk)
    return action
