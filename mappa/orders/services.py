"""Every change to convictions, sentences, custody, notification, civil orders and enforcement goes here.

`create_record` and `update_record` take the acting user, check the access policy, validate with the
rules (plain errors keyed by field), work out derived values from reference data (notification
period, due dates, whether a further offence is serious), save, write the audit row and raise the
significant events (release, breach, recall, further offence) in one transaction.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import diff, record, snapshot
from mappa.core import reference
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.core.dates import day as govuk_day
from mappa.core.notifications import notify
from mappa.core.recording import refuse_unknown
from mappa.nominals import events
from mappa.nominals import rules as register_rules
from mappa.nominals.items import ItemKind
from mappa.orders import rules
from mappa.orders.kinds import BY_MODEL, LINKS, PAST_DATES
from mappa.orders.models import (
    Breach,
    CivilOrder,
    Conviction,
    CustodyPeriod,
    FurtherOffence,
    NotificationEvent,
    NotificationRequirement,
    OrderEvent,
    Prohibition,
    Recall,
    Sentence,
)

Kind = events.Kind


def _today() -> datetime.date:
    return timezone.localdate()



def _label(item, name: str) -> str:
    return str(item._meta.get_field(name).verbose_name).capitalize()


# --- validation and derived values, per kind of record --------------------------------------------


def _common_errors(item, today) -> dict:
    errors = {}
    for name in PAST_DATES:
        if hasattr(item, name):
            errors |= rules.not_future(getattr(item, name), today, name, _label(item, name))
    if hasattr(item, "offence_code"):
        item.offence_code = (item.offence_code or "").strip()
        errors |= rules.offence_code_errors(item.offence_code)
    if getattr(item, "maximum_penalty_years", None) is not None and item.maximum_penalty_years <= 0:
        errors["maximum_penalty_years"] = "Maximum penalty must be more than 0 years"
    for name, model in LINKS.items():
        linked = getattr(item, f"{name}_id", None) if hasattr(item, f"{name}_id") else None
        if linked and not model.objects.filter(pk=linked, nominal_id=item.nominal_id).exists():
            errors[name] = f"Choose a {model._meta.verbose_name} recorded for this person"
    return errors


def _order(item, start_field, end_field) -> dict:
    return rules.date_errors(start=getattr(item, start_field), end=getattr(item, end_field), start_field=start_field,
                             end_field=end_field, start_label=_label(item, start_field), end_label=_label(item, end_field))


def _prepare_conviction(item: Conviction, today) -> dict:
    if item.contact_sexual or item.indecent_images:
        item.sexual = True
    errors = _order(item, "offence_date", "convicted_on")
    if errors:
        errors = {"offence_date": "Date of the offence must be on or before the date of conviction or caution"}
    return errors


def _prepare_sentence(item: Sentence, today) -> dict:
    errors = {}
    if item.conviction_id and item.sentenced_on:
        convicted = Conviction.objects.filter(pk=item.conviction_id).values_list("convicted_on", flat=True).first()
        if convicted and item.sentenced_on < convicted:
            errors["sentenced_on"] = f"Date of sentence must be on or after the conviction ({govuk_day(convicted)})"
    if item.custodial and item.kind not in (Sentence.Kind.LIFE, Sentence.Kind.IPP) and not item.length_months:
        errors["length_months"] = "Enter the length of the custodial term in months"
    if item.length_months is not None and item.length_months <= 0:
        errors["length_months"] = "Length must be more than 0 months"
    if item.extension_months and item.kind != Sentence.Kind.EXTENDED:
        errors["extension_months"] = "Only an extended sentence has an extended licence period"
    for start, end in [("sentenced_on", "custody_from"), ("custody_from", "release_date"), ("custody_from", "released_on"),
                       ("licence_start", "licence_end"), ("sentenced_on", "sentence_expiry"), ("sentenced_on", "order_end"),
                       ("sentenced_on", "licence_start")]:
        errors = _order(item, start, end) | errors
    errors = rules.sentence_date_errors(
        sentenced_on=item.sentenced_on, release_date=item.release_date, released_on=item.released_on,
        licence_end=item.licence_end, sentence_expiry=item.sentence_expiry, extended=item.kind == Sentence.Kind.EXTENDED,
        extension_months=item.extension_months) | errors
    errors |= rules.source_errors(item.release_date, item.release_date_source, field="release_date_source",
                                  what="expected release date")
    errors |= rules.source_errors(item.licence_end, item.licence_end_source, field="licence_end_source",
                                  what="licence expiry date")
    if (item.released_on or item.licence_start) and not item.custodial:
        errors["released_on" if item.released_on else "licence_start"] = "Only a custodial sentence has a release or licence"
    return errors or _runs_errors(item)


def _runs_errors(item: Sentence) -> dict:
    """A custodial term may run consecutively, concurrently or partly concurrently with another of the person's
    custodial terms (what s.82(3)-(4) combines)."""
    partly = item.runs == Sentence.Runs.PARTLY_CONCURRENT
    if item.overlap_months is not None and not partly:
        return {"overlap_months": "Only partly concurrent terms have months that run together"}
    if not item.runs and not item.runs_with_id:
        return {}
    if not item.runs:
        return {"runs": "Say how this term runs with the other term"}
    if not item.runs_with_id:
        return {"runs_with": "Choose the other custodial term this one runs with"}
    if item.disposal != "custody":
        return {"runs": "Only a term of imprisonment runs consecutively or concurrently with another"}
    other = Sentence.objects.filter(pk=item.runs_with_id, nominal_id=item.nominal_id).first()
    if other is None or other.disposal != "custody":
        return {"runs_with": "Choose a term of imprisonment recorded for this person"}
    seen, link = {other.pk}, other.runs_with_id
    while link and link not in seen:
        seen.add(link)
        link = Sentence.objects.filter(pk=link).values_list("runs_with_id", flat=True).first()
    if item.pk and item.pk in seen:
        return {"runs_with": "These terms would run with each other in a circle: choose the term this one follows"}
    if partly:
        lengths = [float(x) for x in (item.length_months, other.length_months) if x]
        shortest = min(lengths) if lengths else None
        if not item.overlap_months or item.overlap_months <= 0:
            return {"overlap_months": "Enter how many months the two terms run together"}
        if shortest is not None and float(item.overlap_months) >= shortest:
            return {"overlap_months": "Months run together must be less than each term: if one runs wholly within "
                                      "the other, choose concurrent"}
    return {}


def _prepare_custody(item: CustodyPeriod, today) -> dict:
    errors = rules.not_future(item.started_on, today, "started_on", "In custody from")
    errors |= _order(item, "started_on", "ended_on")
    errors |= _order(item, "started_on", "expected_release")
    return errors


def _age(nominal, day):
    return rules.age_on(nominal.date_of_birth, day) if nominal.date_of_birth and day else None


CAUTIONS = (Conviction.Kind.CAUTION, Conviction.Kind.REPRIMAND, Conviction.Kind.FINAL_WARNING)
LIFE = (Sentence.Kind.LIFE, Sentence.Kind.IPP)
INDEFINITE_TERM = 10_000  # months: imprisonment for life or an indeterminate sentence meets every threshold


def _terms(nominal_id) -> dict:
    """The person's custodial terms for sexual offences, as s.82(3)-(4) combines them."""
    terms = {}
    for sentence in Sentence.objects.filter(nominal_id=nominal_id, conviction__sexual=True):
        if sentence.disposal == "custody":
            months = INDEFINITE_TERM if sentence.kind in LIFE else float(sentence.length_months or 0)
            terms[sentence.pk] = rules.Term(months, sentence.runs, sentence.runs_with_id,
                                            float(sentence.overlap_months or 0))
    return terms


def _conviction_period(item: NotificationRequirement, conviction: Conviction, table_on: datetime.date):
    """The notification period the s.82 table (in force on `table_on`) gives for one conviction or caution: the
    longest its disposals give, each custodial term combined with the terms it runs with. Errors as a dict."""
    if conviction.kind in CAUTIONS:
        disposals = [("caution", None)]
    else:
        sentences = list(conviction.sentences.all())
        if not sentences:
            return {"conviction": "Record the sentence for this conviction first: the notification period depends on it"}
        if any(s.kind == Sentence.Kind.CONDITIONAL_DISCHARGE for s in sentences) and not item.discharge_months:
            return {"discharge_months": "Enter the length of the conditional discharge in months"}
        terms = _terms(item.nominal_id)
        disposals = [(s.disposal, rules.combined_term_months(terms, s.pk) if s.pk in terms else None) for s in sentences]
    setting = reference.in_force("orders.notification.periods", table_on)
    age = _age(item.nominal, item.relevant_date)
    period = rules.longest_period([
        rules.notification_period(disposal=disposal, custodial_months=months, age_at_conviction=age, table=setting.value,
                                  discharge_months=item.discharge_months, source=setting.source)
        for disposal, months in disposals])
    return period, setting.source


def _set_period(item: NotificationRequirement, period, basis: str) -> None:
    item.indefinite, item.period_months, item.band, item.halved = period.indefinite, period.months, period.band, period.halved
    item.ends_on = rules.notification_end(item.relevant_date, period)
    if item.nominal.date_of_birth is None and not period.indefinite:
        item.band = f"{period.band} (date of birth not known: the adult period is shown)"[:200]
    item.basis = basis[:600]


def _sexual_conviction(item, pk, field: str, begins: str):
    conviction = Conviction.objects.filter(pk=pk, nominal_id=item.nominal_id).first()
    if conviction is None:
        return {field: "Choose a conviction recorded for this person"}
    if not conviction.sexual:
        return {field: "Notification requirements follow a sexual offence: mark the conviction as sexual first"}
    if conviction.convicted_on != item.relevant_date:
        return {"relevant_date": f"The notification period begins with {begins} ({govuk_day(conviction.convicted_on)})"}
    return conviction


def _prepare_requirement(item: NotificationRequirement, today) -> dict:
    errors = _order(item, "relevant_date", "released_on") | _order(item, "relevant_date", "ended_early_on")
    errors |= rules.not_future(item.relevant_date, today, "relevant_date", "Start date")
    if not item.conviction_id and not item.civil_order_id:
        errors["conviction"] = "Choose the conviction or caution, or the civil order, that brings the notification requirements"
    if errors or not item.relevant_date:
        return errors
    if item.conviction_id:
        conviction = _sexual_conviction(item, item.conviction_id, "conviction", "the date of conviction or caution")
        if isinstance(conviction, dict):
            return conviction
        found = _conviction_period(item, conviction, item.relevant_date)
        if isinstance(found, dict):
            return found
        _set_period(item, *found)
        return {}
    order = CivilOrder.objects.filter(pk=item.civil_order_id, nominal_id=item.nominal_id).first()
    if order is None or order.kind not in CivilOrder.NOTIFYING:
        return {"civil_order": "Choose a prevention order, sex offender order or notification order recorded for "
                               "this person: risk orders, foreign travel orders and restraining orders bring no "
                               "notification requirements"}
    if order.kind == CivilOrder.Kind.NOTIFICATION_ORDER and not order.interim:
        return _notification_order_period(item, order)
    item.indefinite = order.until_further_order or order.ends_on is None
    item.ends_on = None if item.indefinite else order.ends_on
    item.period_months = None if item.indefinite else max(
        (order.ends_on.year - item.relevant_date.year) * 12 + order.ends_on.month - item.relevant_date.month, 0)
    item.band = f"For as long as the {order.get_kind_display()} has effect"[:200]
    item.halved = False
    item.basis = "Sexual Offences Act 2003, s.107(3) (SOPO), s.103G (SHPO), s.100 (interim notification order); Crime " \
                 "and Disorder Act 1998 s.2 (sex offender order): notification for as long as the order has effect; " \
                 "HMI Probation/HMIC 2010, Gloss:SOPO"
    return {}


def _notification_order_period(item: NotificationRequirement, order: CivilOrder) -> dict:
    """A full notification order: the s.82 period for the offence abroad and its sentence there, beginning with
    the date of that conviction, finding or caution (Sexual Offences Act 2003 s.98(1)-(3)). The table is the one
    in force when the order was made, from when Part 2 applies to the person."""
    if not order.conviction_id:
        return {"civil_order": "Record on the notification order the conviction abroad it relates to: the period is "
                               "the one the notification table gives for that conviction and its sentence (s.98)"}
    conviction = _sexual_conviction(item, order.conviction_id, "civil_order",
                                    "the date of the conviction, finding or caution abroad (s.98(2))")
    if isinstance(conviction, dict):
        return conviction
    found = _conviction_period(item, conviction, order.starts_on or item.relevant_date)
    if isinstance(found, dict):
        return {"civil_order": f"For the conviction abroad: {next(iter(found.values()))}"}
    period, source = found
    _set_period(item, period, "Sexual Offences Act 2003, s.98: a notification order brings notification for the "
                              "period in s.82, read for the conviction abroad and the corresponding disposal; " + source)
    return {}


def _initial_from(requirement: NotificationRequirement) -> datetime.date:
    """The day the initial notification period begins with: the relevant date, or for a notification order made
    later, the date of service of the order (s.98(4)), for which the date the order was made stands."""
    order = requirement.civil_order if requirement.civil_order_id else None
    if order and order.kind == CivilOrder.Kind.NOTIFICATION_ORDER and order.starts_on:
        return max(requirement.relevant_date, order.starts_on)
    return requirement.relevant_date


def _due_for(event: NotificationEvent, requirement: NotificationRequirement) -> datetime.date | None:
    day = event.event_date
    K = NotificationEvent.Kind
    if event.kind == K.INITIAL:
        return rules.initial_notification_due(
            relevant_date=_initial_from(requirement), released_on=requirement.released_on,
            in_custody_on_relevant_date=requirement.in_custody_on_relevant_date,
            days=reference.value("orders.notification.initial_days", requirement.relevant_date))
    if event.kind == K.FOREIGN_TRAVEL:
        return rules.travel_due(day, event.returns_on, event.notice, reference.value("orders.notification.travel", day))
    if event.kind == K.OTHER_ADDRESS:
        return _stay_due(event, requirement)
    if event.kind == K.PERIODIC:
        return rules.periodic_notification_due(day, reference.value("orders.notification.periodic_months", day))
    if event.kind == K.HOMELESS:
        try:
            weekly = reference.value("orders.notification.homeless_days", day)
        except reference.MissingReferenceData:
            raise ValidationError({"kind": f"Weekly notification when homeless did not apply on {govuk_day(day)}"}) from None
        return rules.homeless_notification_due(day, weekly)
    return rules.change_notification_due(day, reference.value("orders.notification.change_days", day))


def _same_address(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _stays_at(event: NotificationEvent) -> list[NotificationEvent]:
    """This stay and the others recorded under the same requirement at the same address."""
    if not event.stay_address:
        return [event]
    others = NotificationEvent.objects.filter(requirement_id=event.requirement_id, kind=NotificationEvent.Kind.OTHER_ADDRESS)
    if event.pk:
        others = others.exclude(pk=event.pk)
    return [event, *(o for o in others if _same_address(o.stay_address, event.stay_address))]


def _stay_due(event: NotificationEvent, requirement: NotificationRequirement,
              stays: list[NotificationEvent] | None = None) -> datetime.date | None:
    """A stay at an address not notified is due within the change period beginning with the day the qualifying
    period is completed (s.84(1)(c), (6)), if that day falls in this stay. A stay still going on is taken to go
    on; none is due once the address has been notified. `stays`: every stay at that address, when known."""
    day = event.event_date
    stays = stays if stays is not None else _stays_at(event)
    if any(o.received_on and o.received_on < day for o in stays if o is not event):
        return None
    days = reference.value("orders.notification.other_address_days", day)
    spans = [(o.event_date, o.stay_ends_on or o.event_date + datetime.timedelta(days=days - 1)) for o in stays]
    reached = rules.qualifying_period_reached(
        spans, days=days, within_months=reference.value("orders.notification.stay_within_months", day))
    if reached is None or reached < day or (event.stay_ends_on and reached > event.stay_ends_on):
        return None
    return rules.change_notification_due(reached, reference.value("orders.notification.change_days", reached))


def _event_field_errors(item: NotificationEvent) -> dict:
    K = NotificationEvent.Kind
    errors = _order(item, "event_date", "stay_ends_on") | _order(item, "event_date", "returns_on")
    if item.kind != K.OTHER_ADDRESS and (item.stay_address or item.stay_ends_on):
        errors["stay_address"] = "The address and last day of a stay apply to a stay at an address not notified only"
    if item.kind != K.FOREIGN_TRAVEL and (item.returns_on or item.notice):
        errors["returns_on"] = "The return date and the notice given apply to foreign travel only"
    return errors


def _prepare_notification_event(item: NotificationEvent, today) -> dict:
    if not item.requirement_id or not item.event_date:
        return {}
    errors = _event_field_errors(item)
    if errors:
        return errors
    requirement = NotificationRequirement.objects.filter(pk=item.requirement_id, nominal_id=item.nominal_id).first()
    if requirement is None:
        return {}
    if item.event_date < requirement.relevant_date:
        return {"event_date": f"Date must be on or after the start of the requirement ({govuk_day(requirement.relevant_date)})"}
    item.due_on = _due_for(item, requirement)
    return {}


def _prepare_civil_order(item: CivilOrder, today) -> dict:
    errors = register_rules.upload_errors(item.copy, "copy", register_rules.DOCUMENT_TYPES, register_rules.MAX_DOCUMENT_BYTES)
    errors |= _order(item, "applied_on", "starts_on")
    if item.status in CivilOrder.ACTIVE and not item.starts_on:
        errors["starts_on"] = "Enter the date the order starts"
    if item.kind != CivilOrder.Kind.FTO and (item.passport_surrendered_on or item.passport_station or item.countries):
        errors["passport_surrendered_on"] = "Passport surrender and countries apply to foreign travel orders only"
    if not errors:
        errors = _order_kind_errors(item)
    if item.status not in (CivilOrder.Status.APPLIED, CivilOrder.Status.REFUSED) and item.starts_on and not errors:
        errors |= rules.civil_order_errors(
            kind=item.kind, interim=item.interim, start=item.starts_on, end=item.ends_on,
            indefinite=item.until_further_order,
            minimum_years=reference.value("orders.civil.minimum_years", item.starts_on),
            maximum_years=reference.value("orders.civil.maximum_years", item.starts_on))
    elif item.ends_on and item.starts_on and item.ends_on < item.starts_on:
        errors["ends_on"] = "Order ends must be on or after the order starts"
    return errors


def _order_kind_errors(item: CivilOrder) -> dict:
    """The kind must be one the law provided for on the dates the order was applied for and made."""
    made_on = item.starts_on if item.status not in (CivilOrder.Status.APPLIED, CivilOrder.Status.REFUSED) else None
    on = made_on or item.applied_on
    if on is None:
        return {}
    try:
        kinds = reference.value("orders.civil.kinds", on)
    except reference.MissingReferenceData as exc:
        return {"starts_on" if made_on else "applied_on": exc.messages[0]}
    return rules.order_kind_errors(kind=item.kind, interim=item.interim, applied_on=item.applied_on, made_on=made_on,
                                   kinds=kinds)


def _prepare_prohibition(item: Prohibition, today) -> dict:
    return _order(item, "starts_on", "ends_on")


def _prepare_breach(item: Breach, today) -> dict:
    errors = _order(item, "occurred_on", "decided_on")
    if item.against == Breach.Against.ORDER and not item.order_id:
        errors["order"] = "Choose the civil order that was breached"
    if item.notification_id and item.against != Breach.Against.NOTIFICATION:
        errors["against"] = "A missed notification is a breach of the notification requirements"
    if item.decision and not item.decided_on:
        errors["decided_on"] = "Enter the date of the decision"
    return errors


def _prepare_recall(item: Recall, today) -> dict:
    errors = _order(item, "requested_on", "returned_to_custody_on")
    errors |= _order(item, "returned_to_custody_on", "re_released_on")
    if item.decided_at and item.requested_on and timezone.localtime(item.decided_at).date() < item.requested_on:
        errors["decided_at"] = "Decision time must be on or after the request"
    if item.decided_at and item.decided_at > timezone.now():
        errors["decided_at"] = "Decision time must be now or in the past"
    if item.decision and not item.decided_at:
        errors["decided_at"] = "Enter when the decision was made"
    if item.returned_to_custody_on and item.decision != Recall.Decision.REVOKED:
        errors["returned_to_custody_on"] = "Only a recall that revoked the licence returns someone to custody"
    sentence = Sentence.objects.filter(pk=item.sentence_id, kind__in=Sentence.CUSTODIAL).first() if item.sentence_id else None
    if item.sentence_id and sentence is None:
        errors["sentence"] = "Choose a custodial sentence: only a licence can be recalled"
    revoked_at = item.decided_at if item.revoked else None
    revoked_on = timezone.localtime(revoked_at).date() if revoked_at else None
    arrested_on = timezone.localtime(item.arrested_at).date() if item.arrested_at else None
    errors = rules.recall_sequence_errors(revoked_at=revoked_at, revoked_on=revoked_on, arrested_at=item.arrested_at,
                                          arrested_on=arrested_on, returned_on=item.returned_to_custody_on,
                                          now=timezone.now()) | errors
    if errors or sentence is None:
        return errors
    errors = rules.recall_licence_errors(period=rules.licence_period(
        licence_start=sentence.licence_start, licence_end=sentence.licence_end, released_on=sentence.released_on,
        sentence_expiry=sentence.sentence_expiry), requested_on=item.requested_on, revoked_on=revoked_on)
    return errors or _derive_recall(item, sentence, revoked_on)


def _derive_recall(item: Recall, sentence: Sentence, revoked_on) -> dict:
    """The fixed term and the arrest target in force on the revocation date (the request, before it), and the
    times from revocation to arrest and to return to custody."""
    on = revoked_on or item.requested_on
    sources = []
    item.fixed_term_days = item.fixed_term_ends_on = None
    if item.kind == Recall.Kind.FIXED_TERM:
        try:
            setting = reference.in_force("orders.recall.fixed_term", on)
        except reference.MissingReferenceData:
            return {"kind": f"There was no fixed-term recall on {govuk_day(on)}: choose a standard recall"}
        days = rules.fixed_term_days(kind=sentence.kind, custodial_months=float(sentence.length_months)
                                     if sentence.length_months is not None else None, table=setting.value)
        if days is None:
            return {"kind": f"A {sentence.get_kind_display().lower()} cannot be recalled for a fixed term: choose a "
                            "standard recall (to the end of the sentence)"}
        item.fixed_term_days = days
        item.fixed_term_ends_on = rules.fixed_term_ends(item.returned_to_custody_on, days) \
            if item.returned_to_custody_on else None
        sources.append(setting.source)
    try:
        target = reference.in_force("orders.recall.arrest_hours", on)
    except reference.MissingReferenceData:
        item.arrest_target_hours = None  # older than the guidance: the times are kept, with no target to meet
    else:
        item.arrest_target_hours = target.value.get(item.urgency)
        sources.append(target.source)
    item.minutes_to_arrest = rules.minutes_between(item.decided_at if revoked_on else None, item.arrested_at)
    item.days_to_return = rules.days_between(revoked_on, item.returned_to_custody_on)
    item.basis = "; ".join(sources)[:600]
    return {}


def _prepare_further_offence(item: FurtherOffence, today) -> dict:
    errors = _order(item, "occurred_on", "charged_on")
    if item.occurred_on and not errors:
        definition = reference.value("orders.sfo.definition", item.occurred_on)
        item.serious = rules.is_serious_further_offence(
            sexual=item.sexual, violent=item.violent, definition=definition,
            maximum_penalty_years=float(item.maximum_penalty_years) if item.maximum_penalty_years is not None else None)
    return errors


PREPARE = {
    Conviction: _prepare_conviction, Sentence: _prepare_sentence, CustodyPeriod: _prepare_custody,
    NotificationRequirement: _prepare_requirement, NotificationEvent: _prepare_notification_event,
    CivilOrder: _prepare_civil_order, Prohibition: _prepare_prohibition, OrderEvent: lambda item, today: {},
    Breach: _prepare_breach, Recall: _prepare_recall, FurtherOffence: _prepare_further_offence,
}
DERIVED = {
    NotificationRequirement: ["indefinite", "period_months", "band", "halved", "ends_on", "basis"],
    NotificationEvent: ["due_on"],
    FurtherOffence: ["serious"],
    Conviction: ["sexual"],
    Recall: ["fixed_term_days", "fixed_term_ends_on", "arrest_target_hours", "minutes_to_arrest", "days_to_return",
             "basis"],
}


def _validate(item, today) -> None:
    errors = _common_errors(item, today)
    try:
        item.full_clean(exclude=[f for f in errors])
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if not errors:
        errors = PREPARE[type(item)](item, today)
    register_rules.raise_if(errors)


# --- what follows a change: events, notifications, dependent records --------------------------------

# Other parts that keep records issued under a sentence (a licence) and must follow its dates. Each is called
# as fn(actor=, sentence=, changes=) inside the sentence's transaction after it is saved; it may raise
# ValidationError (keyed by the sentence's fields) to refuse the change.
_sentence_followers: list = []
SENTENCE_PERIOD_FIELDS = {"kind", "licence_start", "licence_end", "released_on", "sentence_expiry"}


def follows_sentences(fn):
    """Register fn(actor=, sentence=, changes=) to run when a sentence's licence dates change."""
    if fn not in _sentence_followers:
        _sentence_followers.append(fn)
    return fn



def _supervisors_and_coordinators(nominal):
    team_id = nominal.manager.team_id if nominal.manager_id else nominal.team_id
    return User.objects.filter(is_active=True).filter(
        Q(role=Role.SUPERVISOR, team_id=team_id) | Q(role=Role.COORDINATOR, team__area_id=nominal.team.area_id))


def _after_save(actor, item, created: bool, changes: dict, today) -> None:
    nominal = item.nominal
    if isinstance(item, Sentence) and item.release_date and "release_date" in changes:
        events.announce_change(actor=actor, nominal=nominal, about=item,
                               what=f"expected release date {'set' if created else 'changed'} to {govuk_day(item.release_date)}")
    if isinstance(item, Sentence) and item.released_on and "released_on" in changes:
        events.record_significant_event(actor=actor, nominal=nominal, kind=Kind.RELEASE, occurred_on=item.released_on,
                                        summary=f"Released ({item.get_release_kind_display().lower()}): {item}", source=item)
    if isinstance(item, Breach) and created:
        events.record_significant_event(actor=actor, nominal=nominal, kind=Kind.BREACH, occurred_on=item.occurred_on,
                                        summary=str(item), source=item)
    if isinstance(item, Recall):
        if created or "decision" in changes:
            if item.decision == Recall.Decision.REVOKED or created:
                events.record_significant_event(
                    actor=actor, nominal=nominal, kind=Kind.RECALL, occurred_on=item.requested_on,
                    summary=f"{item.name}: {item.get_decision_display().lower()}. {item.reason}", source=item)
        if item.re_released_on and "re_released_on" in changes:
            events.record_significant_event(actor=actor, nominal=nominal, kind=Kind.RELEASE, occurred_on=item.re_released_on,
                                            summary=f"Re-released after recall ({item.name.lower()})", source=item)
    if isinstance(item, FurtherOffence):
        if created:
            events.record_significant_event(actor=actor, nominal=nominal, kind=Kind.FURTHER_OFFENCE,
                                            occurred_on=item.occurred_on, summary=str(item), source=item)
        if item.serious and item.sfo_notified_at is None:
            _notify_sfo(actor, item)
    if isinstance(item, CivilOrder) and (created or "status" in changes):
        kind = {CivilOrder.Status.APPLIED: OrderEvent.Kind.APPLICATION, CivilOrder.Status.INTERIM: OrderEvent.Kind.INTERIM,
                CivilOrder.Status.GRANTED: OrderEvent.Kind.GRANTED, CivilOrder.Status.REFUSED: OrderEvent.Kind.REFUSED,
                CivilOrder.Status.DISCHARGED: OrderEvent.Kind.DISCHARGED}[item.status]
        day = (item.applied_on if item.status == CivilOrder.Status.APPLIED else item.starts_on) or today
        _create_dependent(actor, OrderEvent(order=item, kind=kind, occurred_on=min(day, today), court=item.court,
                                            outcome=f"{item.get_status_display()}", nominal=nominal, handling=item.handling))
    if isinstance(item, NotificationRequirement):
        initial = item.pk and NotificationEvent.objects.filter(requirement=item, kind=NotificationEvent.Kind.INITIAL).first()
        if created:
            _create_dependent(actor, NotificationEvent(
                requirement=item, kind=NotificationEvent.Kind.INITIAL, event_date=item.relevant_date,
                police_station=item.police_station, nominal=nominal, handling=item.handling,
                due_on=_due_for(NotificationEvent(kind=NotificationEvent.Kind.INITIAL, event_date=item.relevant_date), item)))
        elif initial and initial.received_on is None and {"released_on", "in_custody_on_relevant_date", "relevant_date"} & changes.keys():
            _move_due_date(actor, initial, _due_for(initial, item), because="notification requirement changed")
    released = None
    if isinstance(item, Sentence) and item.released_on and "released_on" in changes:
        released = (item.custody_from or item.sentenced_on, item.released_on)
    if isinstance(item, Recall) and item.re_released_on and item.returned_to_custody_on and "re_released_on" in changes:
        released = (item.returned_to_custody_on, item.re_released_on)
    if isinstance(item, CustodyPeriod) and item.ended_on and "ended_on" in changes:
        released = (item.started_on, item.ended_on)
    if released:
        _due_after_release(actor, nominal, *released)
    if isinstance(item, (Sentence, CivilOrder, Conviction)) and not created:
        _refresh_requirements(actor, item, today)
    if isinstance(item, Sentence) and not created and SENTENCE_PERIOD_FIELDS & changes.keys():
        for follower in _sentence_followers:
            follower(actor=actor, sentence=item, changes=changes)
    if isinstance(item, NotificationEvent) and item.received_on and "received_on" in changes:
        _next_periodic(actor, item)
    if isinstance(item, NotificationEvent) and item.kind == NotificationEvent.Kind.OTHER_ADDRESS and item.stay_address:
        stays = _stays_at(item)  # read once: each stay's due date weighs the same stays
        for stay in stays[1:]:
            if stay.received_on is None:
                _move_due_date(actor, stay, _stay_due(stay, item.requirement, stays), because="another stay at the same address")


def _due_after_release(actor, nominal, custody_from: datetime.date, released: datetime.date) -> None:
    """Notifications that fell due while in custody are due within the initial period beginning with release
    (one already overdue before custody stays overdue)."""
    days = reference.value("orders.notification.initial_days", released)
    for event in NotificationEvent.objects.filter(nominal=nominal, received_on__isnull=True, due_on__isnull=False,
                                                  event_date__lte=released):
        due = rules.due_after_custody(event.due_on, custody_from=custody_from, released=released, days=days)
        _move_due_date(actor, event, due, because="released from custody")


def _move_due_date(actor, event: NotificationEvent, due: datetime.date | None, *, because: str, event_date=None) -> None:
    """A notification's due date worked out again as a consequence of another change: if it moved, a new version
    of the notification (an editor who opened it before is told it changed) and its audit row."""
    fields = ["event_date", "due_on"]
    before = snapshot(event, fields)
    event.due_on, event.event_date = due, event_date or event.event_date
    changes = diff(before, snapshot(event, fields))
    if not changes:
        return
    save_if_current(event, event.version, list(changes))
    record(actor, Action.UPDATE, event, nominal=event.nominal, changes=changes, details={"because": because})


def _refresh_requirements(actor, item, today) -> None:
    """A notification period follows its sentence or order: work it out again when they change."""
    if isinstance(item, Sentence):  # terms of other convictions can run with it (s.82(3)-(4))
        requirements = NotificationRequirement.objects.filter(nominal_id=item.nominal_id)
    elif isinstance(item, Conviction):
        requirements = NotificationRequirement.objects.filter(Q(conviction=item) | Q(civil_order__conviction=item))
    else:
        requirements = NotificationRequirement.objects.filter(civil_order=item)
    derived = ["relevant_date", *DERIVED[NotificationRequirement]]
    for requirement in requirements.select_related("nominal"):
        before = snapshot(requirement, derived)
        if isinstance(item, Conviction):
            requirement.relevant_date = item.convicted_on  # the period begins with the conviction
        if _prepare_requirement(requirement, today):
            continue  # no longer works out (e.g. no longer sexual): leave it as it was, for a person to correct
        changes = diff(before, snapshot(requirement, derived))
        if changes:
            requirement.version += 1
            requirement.save(update_fields=[*derived, "version", "updated_at"])
            record(actor, Action.UPDATE, requirement, nominal=requirement.nominal, changes=changes,
                   details={"because": f"{item._meta.verbose_name} changed"})


def _create_dependent(actor, obj) -> None:
    obj.agency_id, obj.created_by = actor.agency_id, actor
    obj.save()
    record(actor, Action.CREATE, obj, nominal=obj.nominal, changes=diff({}, {"kind": obj.kind, "due_on": getattr(obj, "due_on", None)}))


def _next_periodic(actor, event: NotificationEvent) -> None:
    """Each notification restarts the year within which the person must re-notify (s.85)."""
    requirement = event.requirement
    if requirement.ends_on and requirement.ends_on <= event.received_on or requirement.ended_early_on:
        return
    open_periodic = NotificationEvent.objects.filter(requirement=requirement, kind=NotificationEvent.Kind.PERIODIC,
                                                     received_on__isnull=True).exclude(pk=event.pk)
    latest = NotificationEvent.objects.filter(requirement=requirement, received_on__isnull=False).order_by("-received_on").first()
    last = latest.received_on if latest else event.received_on
    due = rules.periodic_notification_due(last, reference.value("orders.notification.periodic_months", last))
    existing = open_periodic.first()
    if existing:
        if existing.due_on != due:
            _move_due_date(actor, existing, due, because="notification received", event_date=last)
        return
    _create_dependent(actor, NotificationEvent(requirement=requirement, kind=NotificationEvent.Kind.PERIODIC,
                                               event_date=last, due_on=due, nominal=requirement.nominal,
                                               police_station=requirement.police_station, handling=requirement.handling))


def _notify_sfo(actor, item: FurtherOffence) -> None:
    """A serious further offence is reported to the responsible authority: the manager's supervisors and the
    area's MAPPA co-ordinators, those of them who may see it (one recorded as intelligence, say, is told only
    to the agencies allowed it: the others are not told that it exists)."""
    nominal = item.nominal
    recipients = list(_supervisors_and_coordinators(nominal).exclude(pk=actor.pk))
    message = f"Serious further offence recorded for {nominal.full_name}: {item.offence} on {govuk_day(item.occurred_on)}."
    told = notify(recipients, kind="serious_further_offence", message=message, nominal=nominal, about=item)
    before = item.sfo_notified_at
    item.sfo_notified_at = timezone.now()
    save_if_current(item, item.version, ["sfo_notified_at"])
    record(actor, Action.UPDATE, item, nominal=nominal, label=str(item),
           changes=diff({"sfo_notified_at": before}, {"sfo_notified_at": item.sfo_notified_at}),
           details={"sfo_notified": sorted(u.display_name for u in told)})


# --- the services ------------------------------------------------------------------------------------


@transaction.atomic
def create_record(*, actor, nominal, kind: ItemKind, data: dict, today: datetime.date | None = None):
    today = today or _today()
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    refuse_unknown(data, kind.fields)
    item = kind.model(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor)
    _validate(item, today)
    item.save()
    changes = diff({}, snapshot(item, [*data.keys(), *DERIVED.get(kind.model, [])]))
    record(actor, Action.CREATE, item, nominal=nominal, changes=changes)
    _after_save(actor, item, True, changes, today)
    return item


@transaction.atomic
def update_record(*, actor, item, data: dict, version: int, today: datetime.date | None = None):
    today = today or _today()
    kind = BY_MODEL[type(item)]
    item = policy.get_item(actor, kind.model, item.pk, policy.WRITE)
    refuse_unknown(data, kind.fields)
    data = policy.with_handling_change(actor, item, data)
    fields = [*data.keys(), *DERIVED.get(kind.model, [])]
    before = snapshot(item, fields)
    for field, value in data.items():
        setattr(item, field, value)
    _validate(item, today)
    changes = diff(before, snapshot(item, fields))
    if item.version != version:
        raise StaleEdit(type(item).objects.get(pk=item.pk))
    if not changes:
        return item
    save_if_current(item, version, fields)
    record(actor, Action.UPDATE, item, nominal=item.nominal, changes=changes)
    if "handling" in changes:
        events.follow_handling(actor, item)
    _after_save(actor, item, False, changes, today)
    return item


def record_view(actor, nominal, obj=None, *, what: str = "") -> None:
    from mappa.nominals.services import record_view as register_view

    register_view(actor, nominal, obj, what=what)
