"""Every change to victims, their statutory contact, contact log and requests for licence conditions. Each takes the
acting user, checks the policy (may_record_victims), enforces the rules and writes the audit row in the same
transaction. Audit rows name which fields changed, never their values: the case history is read by more people than
may see a victim (policy.history_for), so no name, address or detail is kept there."""
import datetime
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import reference
from mappa.core.concurrency import save_if_current
from mappa.core.dates import day as govuk_day
from mappa.core.markings import Handling
from mappa.core.recording import refuse_unknown
from mappa.orders.models import Conviction, Sentence
from mappa.victims import rules
from mappa.victims.models import ConditionRequest, ContactEntry, Victim

VICTIM_FIELDS = ("kind", "name", "description", "relationship", "is_child", "date_of_birth", "phone", "email", "address",
                 "postcode", "contact_preferences", "conviction", "liaison_team", "liaison_officer",
                 "scheme_offered_on", "scheme_response", "scheme_responded_on", "ended_on", "ended_reason")
CONTACT_FIELDS = ("occurred_on", "method", "reached", "summary", "views")
REQUEST_FIELDS = ("requested_on", "kind", "details", "outcome", "decided_on", "outcome_reason")



def _refuse_unless_recorder(actor, nominal) -> None:
    if not policy.may_record_victims(actor, nominal):
        raise PermissionDenied("Only the victim liaison officer, the offender manager and the team's supervisors "
                               "can record victims")


def _audit(actor, action, obj, victim, fields) -> None:
    record(actor, action, obj, nominal=victim.nominal, label=str(obj),
           details={"victim": victim.pk, "fields": sorted(fields)})


def _check_victim(actor, nominal, victim: Victim) -> None:
    today = timezone.localdate()
    errors = rules.details_errors(kind=victim.kind, name=victim.name, description=victim.description,
                                  is_child=victim.is_child, date_of_birth=victim.date_of_birth, today=today)
    errors.update(rules.scheme_errors(kind=victim.kind, offered_on=victim.scheme_offered_on,
                                      response=victim.scheme_response, responded_on=victim.scheme_responded_on, today=today))
    if victim.kind not in Victim.Kind.values:
        errors["kind"] = "Choose whether they are a past or a potential victim"
    if victim.scheme_response not in Victim.Response.values:
        errors["scheme_response"] = "Choose the victim's answer from the list"
    if victim.conviction_id and not policy.items_for(actor, Conviction, nominal=nominal).filter(pk=victim.conviction_id).exists():
        errors["conviction"] = "Choose one of this person's convictions"
    if victim.ended_on and victim.ended_on > today:
        errors["ended_on"] = "The date contact ended must be today or in the past"
    if errors:
        raise ValidationError(errors)
    victim.full_clean(exclude=["nominal", "agency", "created_by", "handling_set_by", "conviction", "liaison_team",
                               "liaison_officer"])


def record_read(reader, nominal, summary: dict, what: str) -> None:
    """Audit a page or panel that showed `summary` (queries.summary): a read of each victim shown, so it is in
    the liaison officer's access view, or of the count alone. The rows are written together, so the page costs the
    same few statements however many victims it shows."""
    from mappa.nominals.services import record_view, record_views

    if summary["sees"]:
        if summary["victims"]:
            record_views(reader, nominal, summary["victims"], what=what)
    else:
        record_view(reader, nominal, what=f"{what} (count only)")


@transaction.atomic
def add_victim(*, actor, nominal, data: dict) -> Victim:
    _refuse_unless_recorder(actor, nominal)
    refuse_unknown(data, VICTIM_FIELDS)
    victim = Victim(nominal=nominal, agency=actor.agency, created_by=actor, handling=Handling.VICTIM,
                    liaison_team=actor.team if actor.victim_liaison else None,
                    liaison_officer=actor if actor.victim_liaison else None)
    for name, value in data.items():
        setattr(victim, name, "" if value is None and name in ("scheme_response",) else value)
    _check_victim(actor, nominal, victim)
    victim.save()
    _audit(actor, Action.CREATE, victim, victim, data)
    return victim


@transaction.atomic
def change_victim(*, actor, victim: Victim, data: dict, version: int) -> Victim:
    _refuse_unless_recorder(actor, victim.nominal)
    refuse_unknown(data, VICTIM_FIELDS)
    changed = [name for name, value in data.items() if getattr(victim, name) != value]
    for name, value in data.items():
        setattr(victim, name, value)
    _check_victim(actor, victim.nominal, victim)
    fields = [Victim._meta.get_field(n).attname for n in changed]
    save_if_current(victim, version, fields)
    _audit(actor, Action.UPDATE, victim, victim, changed)
    return victim


@transaction.atomic
def add_contact(*, actor, victim: Victim, data: dict) -> ContactEntry:
    _refuse_unless_recorder(actor, victim.nominal)
    refuse_unknown(data, CONTACT_FIELDS)
    entry = ContactEntry(victim=victim, created_by=actor, **data)
    errors = rules.contact_errors(occurred_on=entry.occurred_on, summary=entry.summary or "", today=timezone.localdate())
    if entry.method not in ContactEntry.Method.values:
        errors["method"] = "Choose how the contact was made"
    if errors:
        raise ValidationError(errors)
    entry.save()
    _audit(actor, Action.CREATE, entry, victim, data)
    return entry


@transaction.atomic
def add_request(*, actor, victim: Victim, data: dict) -> ConditionRequest:
    _refuse_unless_recorder(actor, victim.nominal)
    refuse_unknown(data, REQUEST_FIELDS)
    data = {"outcome": ConditionRequest.Outcome.PENDING, **data}
    request = ConditionRequest(victim=victim, created_by=actor, **data)
    errors = rules.request_errors(requested_on=request.requested_on, details=request.details or "",
                                  outcome=request.outcome, decided_on=request.decided_on,
                                  reason=request.outcome_reason or "", today=timezone.localdate())
    if request.kind not in ConditionRequest.Kind.values:
        errors["kind"] = "Choose the condition the victim asked for"
    if request.outcome not in ConditionRequest.Outcome.values:
        errors["outcome"] = "Choose the decision from the list"
    if errors:
        raise ValidationError(errors)
    request.save()
    _audit(actor, Action.CREATE, request, victim, data)
    return request


def eligibility(actor, victim: Victim, on: datetime.date | None = None) -> rules.Eligibility:
    """Whether the victim comes within the statutory contact scheme, from the conviction and its latest sentence
    the actor may see, judged by the scheme in force on the day of sentence."""
    if victim.kind != Victim.Kind.PAST:
        return rules.contact_scheme_eligibility(victim_kind=victim.kind, sexual=False, violent=False, sentence_kind=None,
                                                length_months=None, scheme={})
    conviction = (policy.items_for(actor, Conviction, nominal=victim.nominal).filter(pk=victim.conviction_id).first()
                  if victim.conviction_id else None)
    if conviction is None:
        return rules.Eligibility(False, ("Link the victim to the conviction for the offence against them",))
    sentence = (policy.items_for(actor, Sentence, nominal=victim.nominal).filter(conviction=conviction)
                .order_by("-sentenced_on", "-pk").first())
    day = sentence.sentenced_on if sentence else (on or timezone.localdate())
    try:
        setting = reference.in_force("victims.contact_scheme", day)
    except reference.MissingReferenceData:
        return rules.Eligibility(False, (f"Sentenced before the statutory scheme began (on {govuk_day(day)})",))
    return rules.contact_scheme_eligibility(
        victim_kind=victim.kind, sexual=conviction.sexual, violent=conviction.violent,
        sentence_kind=sentence.kind if sentence else None, length_months=sentence.length_months if sentence else None,
        scheme=setting.value, source=setting.source)


# ---- the liaison officer's input before a change that touches the victims (rules.liaison_input_errors) -------------

def liaison_input_state(nominal) -> tuple[bool, datetime.date | None]:
    """Whether a victim of the record is in statutory contact (opted in, contact not ended), and the day of the
    latest input to the manager about the record (a contact-log entry with the manager that reached them). Read for
    the rule, whoever acts: the answer the actor is given is composed by liaison_input_errors."""
    from django.db.models import Max

    in_scheme = Victim.objects.filter(nominal=nominal, scheme_response=Victim.Response.OPTED_IN,
                                      ended_on__isnull=True).exists()
    if not in_scheme:
        return False, None
    last = ContactEntry.objects.filter(victim__nominal=nominal, method=ContactEntry.Method.MANAGER,
                                       reached=True).aggregate(last=Max("occurred_on"))["last"]
    return True, last


def _ask(nominal) -> str:
    """Whom a user who may not see the victims is told to ask: the manager, as on any refusal, never a liaison team
    (which is named only where victims are)."""
    if nominal.manager_id:
        return f"the offender manager, {nominal.manager.display_name}"
    return "the team that holds the record"


REFUSED_WITHOUT_INPUT = "the victim liaison officer's input was needed first and no reason it was urgent was given"


class LiaisonInputMissing(ValidationError):
    """A change refused for want of the victim liaison officer's input. The refused change's transaction rolls
    back; the attempt is audited after it by refusals_recorded, around the change."""

    def __init__(self, errors, *, actor, nominal, what: str, about):
        super().__init__(errors)
        self.actor, self.nominal, self.what, self.about = actor, nominal, what, about


def require_liaison_input(actor, nominal, *, urgent_reason: str = "", what: str = "", about=None) -> str:
    """Refuse a change that needs the victim liaison officer's input (a ValidationError on "urgent_reason", in words
    for the actor) unless there is input recent enough or a reason why it is urgent. Returns the reason when the
    change goes ahead on it without the input (record it with record_urgent_change once the change is saved).

    `what` the change is and `about` the item it changes (unsaved when it is new) name the refused attempt in the
    audit, which the service writes when it runs inside refusals_recorded."""
    in_scheme, last = liaison_input_state(nominal)
    if not in_scheme:
        return ""
    today = timezone.localdate()
    valid_days = int(reference.value("victims.contact.timescales", today)["input_valid_days"])
    errors = rules.liaison_input_errors(in_scheme=in_scheme, last_input_on=last, today=today, valid_days=valid_days,
                                        urgent_reason=urgent_reason, sees_victims=policy.may_see_victims(actor, nominal),
                                        ask=_ask(nominal))
    if errors:
        raise LiaisonInputMissing(errors, actor=actor, nominal=nominal, what=what, about=about)
    if rules.liaison_input_recent(last, on=today, valid_days=valid_days):
        return ""
    return urgent_reason.strip()


def record_urgent_change(actor, nominal, about, *, what: str, reason: str) -> None:
    """A change made as urgent without the liaison officer's input: audited with its reason, and the liaison officers
    holding the record's victims are told (each only if they may see the item changed)."""
    from mappa.victims.registrations import tell_liaison_officers

    if not reason:
        return
    record(actor, Action.UPDATE, about, nominal=nominal,
           details={"what": what, "urgent_without_liaison_input": reason})
    tell_liaison_officers(actor, nominal, f"{what}, made as urgent without your input (the reason given: {reason})",
                          about)


@contextmanager
def refusals_recorded():
    """Around a change that may need the liaison officer's input, outside its transaction (also a decorator, above
    @transaction.atomic): an attempt refused for want of that input is audited once the change has rolled back, so
    the row stands. Who tried, what change, on which record and item, and why; never anything of the victims."""
    try:
        yield
    except LiaisonInputMissing as refused:
        with transaction.atomic():
            _record_refusal(refused)
        raise


def _record_refusal(refused: LiaisonInputMissing) -> None:
    about = refused.about
    saved = about is not None and about.pk is not None
    details = {"what": refused.what, "why": REFUSED_WITHOUT_INPUT, "refused": "victim_liaison_input"}
    if about is not None:
        details["kind"] = about._meta.model_name
    record(refused.actor, Action.REFUSED, about if saved else None, nominal=refused.nominal,
           label=refused.what if not saved else "", details=details)


def with_urgent_reason(data: dict) -> tuple[dict, str]:
    """The change's own data, and the urgent reason given with it (forms and the API send it with the change)."""
    data = dict(data)
    return data, (data.pop(rules.URGENT_REASON, "") or "")
