"""What the supervision pages, panel and work list read, always through mappa.access.policy."""
import datetime
from dataclasses import dataclass

from django.db.models import Max, Q

from mappa.access import policy
from mappa.core import facts, reference
from mappa.licences.models import Licence
from mappa.orders.models import Breach, Recall, Sentence
from mappa.supervision import rules
from mappa.supervision.models import (
    Appointment,
    CircleConcern,
    CircleOfSupport,
    CourtOutcome,
    Objective,
    OrderWarning,
    PolygraphExam,
    Requirement,
)

ORDER_KINDS = (Sentence.Kind.COMMUNITY, Sentence.Kind.SUSPENDED)
FACTS = ("rosh",)
TREATMENT_HIDDEN = "Details are shown to probation and health only"


def tables(today: datetime.date) -> dict:
    """The reference data the rules use, in force on `today`: read once for a whole caseload."""
    return {"reporting": reference.value("supervision.reporting.interval", today),
            "enforcement": reference.value("supervision.enforcement", today),
            "licence_enforcement": reference.value("supervision.licence_enforcement", today),
            "medication": reference.value("supervision.medication.review_interval", today),
            "lookahead": reference.value("supervision.worklist.lookahead_days", today)}


def orders(user, nominal):
    """The community and suspended sentence orders on the record that the user may see, newest first."""
    return policy.items_for(user, Sentence, nominal=nominal).filter(kind__in=ORDER_KINDS).order_by("-sentenced_on", "-id")


def in_force(order: Sentence, today: datetime.date) -> bool:
    return order.sentenced_on <= today and (order.order_end is None or order.order_end >= today)


def in_force_on(today: datetime.date) -> Q:
    """in_force as a condition on Sentence rows, for reading only the orders in force."""
    return Q(sentenced_on__lte=today) & (Q(order_end__isnull=True) | Q(order_end__gte=today))


def licences(user, nominal, today: datetime.date):
    """The licences in force on `today` that the user may see (started, not expired, not revoked), newest first."""
    return (policy.items_for(user, Licence, nominal=nominal).filter(start_date__lte=today, end_date__gte=today)
            .exclude(revoked_on__lte=today).order_by("-start_date", "-id"))


@dataclass
class RequirementRow:
    requirement: Requirement
    detail: object | None  # the TreatmentDetail, when the reader may see it
    hidden: bool  # a treatment requirement whose details the reader may not see

    @property
    def label(self) -> str:
        if self.detail is not None:
            return self.detail.get_treatment_display() + " requirement"
        return str(self.requirement)


def requirements(user, nominal, order_ids=None) -> list[RequirementRow]:
    """The requirements of the orders the reader may see, each with its treatment details only where
    policy.treatment_details_for allows."""
    rows = policy.items_for(user, Requirement, nominal=nominal).order_by("sentence_id", "starts_on", "id")
    if order_ids is not None:
        rows = rows.filter(sentence_id__in=list(order_ids))
    rows = list(rows)
    details = {d.requirement_id: d for d in policy.treatment_details_for(user, nominal=nominal)
               .filter(requirement_id__in=[r.pk for r in rows if r.kind == rules.TREATMENT])}
    return [RequirementRow(r, details.get(r.pk), r.kind == rules.TREATMENT and r.pk not in details) for r in rows]


def appointments(user, nominal):
    return policy.items_for(user, Appointment, nominal=nominal).order_by("-on", "-at", "-id")


def warnings(user, nominal):
    return policy.items_for(user, OrderWarning, nominal=nominal).select_related("given_by").order_by("-given_on", "-id")


def breaches(user, nominal):
    """The orders part's breach records of community and suspended sentence orders the reader may see."""
    return (policy.items_for(user, Breach, nominal=nominal).filter(against=Breach.Against.COMMUNITY)
            .order_by("-occurred_on", "-id"))


def court_outcomes(user, nominal):
    return policy.items_for(user, CourtOutcome, nominal=nominal).order_by("-heard_on", "-id")


def objectives(user, nominal):
    return policy.items_for(user, Objective, nominal=nominal).order_by("status", "target_on", "id")


@dataclass
class OrderState:
    """One order's reporting schedule and enforcement as the rules work them out."""

    order: Sentence
    reporting: rules.Reporting
    next_due: datetime.date
    enforcement: rules.Enforcement
    months: int
    last_kept: datetime.date | None = None
    report_overdue: bool = False


def enforcement_inputs(user, nominal_ids) -> dict:
    """{order id: (absences, warnings, breaches, last kept)} over the records `nominal_ids` (read through the
    policy). The rule weighs every absence, warning and breach on the records the user reaches, whatever their
    handling (policy.rule_items_on): an absence the reader may not see still counts towards breach action."""
    ids = list(nominal_ids)
    found: dict = {}

    def entry(order_id):
        return found.setdefault(order_id, ([], [], [], None))

    # An appointment or warning under a licence is the licence's (licence_inputs), not an order's.
    for order_id, day in (policy.rule_items_on(Appointment, ids).filter(outcome=rules.UNACCEPTABLE,
                                                                            licence__isnull=True)
                          .values_list("sentence_id", "on")):
        entry(order_id)[0].append(day)
    for order_id, day, kind in (policy.rule_items_on(OrderWarning, ids).filter(licence__isnull=True)
                                .values_list("sentence_id", "given_on", "kind")):
        entry(order_id)[1].append((day, kind))
    for order_id, day in (policy.rule_items_on(Breach, ids).filter(against=Breach.Against.COMMUNITY,
                                                                      sentence__isnull=False)
                          .values_list("sentence_id", "occurred_on")):
        entry(order_id)[2].append(day)
    for order_id, day in (policy.rule_items_on(Appointment, ids).filter(outcome=rules.KEPT,
                                                                            kind=Appointment.Kind.SUPERVISION,
                                                                            licence__isnull=True)
                          .values("sentence_id").annotate(last=Max("on")).values_list("sentence_id", "last")):
        a, w, b, _ = entry(order_id)
        found[order_id] = (a, w, b, day)
    return found


def order_state(order: Sentence, rosh: str, inputs: tuple, numbers: dict, today: datetime.date) -> OrderState:
    absences, warned, breached, last_kept = inputs
    schedule = rules.reporting(rosh, order.sentenced_on, today, numbers["reporting"])
    due = rules.next_report_due(order.sentenced_on, last_kept, schedule.every_days)
    return OrderState(order, schedule, due, rules.enforcement(absences, warned, breached, today, numbers["enforcement"]),
                      int(numbers["enforcement"]["window_months"]), last_kept, due < today)


def states(user, nominal, today: datetime.date, orders_seen=None) -> list[OrderState]:
    """The schedule and enforcement of each order in force the user may see."""
    orders_seen = [o for o in (orders_seen if orders_seen is not None else orders(user, nominal)) if in_force(o, today)]
    if not orders_seen:
        return []
    numbers = tables(today)
    rosh = facts.facts_for(user, nominal, only=FACTS).rosh
    inputs = enforcement_inputs(user, [nominal.pk])
    return [order_state(o, rosh, inputs.get(o.pk, ([], [], [], None)), numbers, today) for o in orders_seen]


def licence_inputs(user, nominal_ids, licences_seen) -> dict:
    """{licence id: (absences, warnings, recalls asked for, last kept)} for the licences given, over the records
    `nominal_ids` (read through the policy). As enforcement_inputs, the rule weighs what the reader may not see; the
    recalls are the orders part's Recall records of the licence's custodial sentence."""
    ids, by_sentence = list(nominal_ids), {}
    found: dict = {}
    for licence in licences_seen:
        found[licence.pk] = ([], [], [], None)
        by_sentence.setdefault(licence.sentence_id, []).append(licence.pk)
    held = list(found)
    if not held:
        return found
    for licence_id, day in (policy.rule_items_on(Appointment, ids)
                            .filter(licence_id__in=held, outcome=rules.UNACCEPTABLE)
                            .values_list("licence_id", "on")):
        found[licence_id][0].append(day)
    for licence_id, day, kind in (policy.rule_items_on(OrderWarning, ids).filter(licence_id__in=held)
                                  .values_list("licence_id", "given_on", "kind")):
        found[licence_id][1].append((day, kind))
    for sentence_id, day in (policy.rule_items_on(Recall, ids)
                             .filter(sentence_id__in=[s for s in by_sentence if s])
                             .values_list("sentence_id", "requested_on")):
        for licence_id in by_sentence[sentence_id]:
            found[licence_id][2].append(day)
    for licence_id, day in (policy.rule_items_on(Appointment, ids)
                            .filter(licence_id__in=held, outcome=rules.KEPT,
                                    kind=Appointment.Kind.SUPERVISION)
                            .values("licence_id").annotate(last=Max("on")).values_list("licence_id", "last")):
        a, w, r, _ = found[licence_id]
        found[licence_id] = (a, w, r, day)
    return found


@dataclass
class LicenceState:
    """A licence's reporting schedule and enforcement as the rules work them out."""

    licence: Licence
    reporting: rules.Reporting
    next_due: datetime.date
    enforcement: rules.Enforcement
    months: int
    last_kept: datetime.date | None = None
    report_overdue: bool = False


def licence_state(licence: Licence, rosh: str, inputs: tuple, numbers: dict, today: datetime.date) -> LicenceState:
    absences, warned, recalled, last_kept = inputs
    schedule = rules.reporting(rosh, licence.start_date, today, numbers["reporting"], of="licence")
    due = rules.next_report_due(licence.start_date, last_kept, schedule.every_days)
    return LicenceState(licence, schedule, due,
                        rules.licence_enforcement(absences, warned, recalled, today, numbers["licence_enforcement"]),
                        int(numbers["licence_enforcement"]["window_months"]), last_kept, due < today)


def licence_states(user, nominal, today: datetime.date, licences_seen=None) -> list[LicenceState]:
    """The schedule and enforcement of each licence in force the user may see."""
    licences_seen = list(licences_seen if licences_seen is not None else licences(user, nominal, today))
    if not licences_seen:
        return []
    numbers = tables(today)
    rosh = facts.facts_for(user, nominal, only=FACTS).rosh
    inputs = licence_inputs(user, [nominal.pk], licences_seen)
    return [licence_state(lic, rosh, inputs[lic.pk], numbers, today) for lic in licences_seen]


def for_plan_items(user, nominal):
    """The plan items of the person's risk management plan the user may see: an objective may serve one."""
    from mappa.plans.models import PlanItem

    return policy.items_for(user, PlanItem, nominal=nominal).order_by("heading", "id")


# ---- Polygraph, medication to reduce sexual arousal, circles of support ----

def polygraphs(user, nominal):
    return policy.items_for(user, PolygraphExam, nominal=nominal).order_by("-examined_on", "-id")


@dataclass
class MedicationRow:
    """Medication with the next review the rule works out (None once it has ended or consent is withdrawn)."""

    medication: object
    active: bool
    review_due: datetime.date | None

    def overdue_on(self, day: datetime.date) -> bool:
        return self.review_due is not None and self.review_due < day


def medication_row(m, table: dict, today: datetime.date) -> MedicationRow:
    active = rules.medication_active(m.started_on, m.ended_on, m.consent_withdrawn_on, today)
    return MedicationRow(m, active, rules.medication_review_due(m.started_on, m.reviewed_on, table) if active else None)


def medication(user, nominal, today: datetime.date) -> list[MedicationRow]:
    """Medication to reduce sexual arousal, only for the agencies policy.medication_for allows; none for others."""
    rows = list(policy.medication_for(user, nominal=nominal).order_by("-consent_on", "-id"))
    if not rows:
        return []
    table = reference.value("supervision.medication.review_interval", today)
    return [medication_row(m, table, today) for m in rows]


def circles(user, nominal) -> list[CircleOfSupport]:
    """The circles of support the reader may see, each with the concerns it raised that they may see."""
    return with_concerns(user, nominal, list(policy.items_for(user, CircleOfSupport, nominal=nominal)
                                             .order_by("-referred_on", "-id")[:20]))


def with_concerns(user, nominal, found: list) -> list:
    """The circles given, each with the concerns it raised that the reader may see (as `concerns`)."""
    concerns: dict = {}
    for c in policy.items_for(user, CircleConcern, nominal=nominal).filter(circle__in=found).order_by("-raised_on", "-id"):
        concerns.setdefault(c.circle_id, []).append(c)
    for circle in found:
        circle.concerns = concerns.get(circle.pk, [])
    return found


def has_supervision(user, nominal) -> bool:
    """Whether the Supervision tab has anything for the reader: an order, a licence in force, a polygraph
    examination, medication or a circle the reader may see. One query whatever the person holds (the tab is on
    every page of a case), or none on a page whose Supervision panel has already read them (held_key)."""
    return facts.remember(held_key(user, nominal), lambda: _holds_supervision(user, nominal))


def held_key(user, nominal) -> tuple:
    """Where a page keeps whether the reader has anything to see under Supervision for the person (has_supervision):
    the overview's Supervision panel reads all of it anyway and leaves the answer there for the tab."""
    return ("supervision.held", user.pk, nominal.pk)


def _holds_supervision(user, nominal) -> bool:
    from django.db.models import Exists
    from django.utils import timezone

    held = (Exists(orders(user, nominal)) | Exists(licences(user, nominal, timezone.localdate()))
            | Exists(polygraphs(user, nominal))
            | Exists(policy.medication_for(user, nominal=nominal))
            | Exists(policy.items_for(user, CircleOfSupport, nominal=nominal)))
    return policy.nominals_for(user).filter(held, pk=nominal.pk).exists()
