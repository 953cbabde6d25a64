"""Every change to home visits goes through these functions.

Each takes the acting user, checks the access policy, enforces every rule (a page's check is made here
too, for the API), saves, and writes the audit event in the same transaction."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import AgencyKind, Role
from mappa.audit.models import Action
from mappa.audit.services import diff, record, snapshot
from mappa.core import dates, facts, reference
from mappa.core.concurrency import save_if_current
from mappa.core.dates import day as govuk_day
from mappa.core.markings import Handling
from mappa.core.notifications import notify
from mappa.core.recording import refuse_unknown
from mappa.intelligence import services as intelligence
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.visits import queries, rules
from mappa.visits.models import Crewing, Hazard, Outcome, ScheduleOverride, Visit, VisitAgency

CHECK_FIELDS = ("record_read", "changes_seen", "pnc_checked", "pnc_result", "pnc_wanted", "pnc_new_convictions", "crewing", "equipment", "officer", "announced")
OUTCOME_FIELDS = ("outcome", "occurred_on", "present", "under_18_present", "seen_devices", "seen_vehicles",
                  "seen_relationship", "seen_children", "observations")
# Which agencies may record which kind of visit.
MAY_RECORD = {rules.POLICE: {AgencyKind.POLICE}, rules.PROBATION: {AgencyKind.PROBATION},
              rules.JOINT: {AgencyKind.POLICE, AgencyKind.PROBATION}}


def _writable(actor, nominal):
    return policy.get_nominal(actor, nominal.pk, policy.WRITE)


def _may_record(actor, visit_agency: str) -> None:
    kinds = MAY_RECORD.get(visit_agency)
    if kinds is None:
        raise ValidationError({"visit_agency": "Choose police, probation or joint"})
    if not actor.agency_id or actor.agency.kind not in kinds:
        raise PermissionDenied(f"Only {' or '.join(sorted(k.label.lower() for k in kinds))} staff record a "
                               f"{VisitAgency(visit_agency).label.lower()} home visit")


def _tell_manager(actor, visit: Visit, kind: str, message: str) -> None:
    """Tell whom news on the person reaches (the manager; with none, the team's supervisors: as for new
    intelligence, para 4.23), each only if they may see the visit, never the one who recorded it."""
    told = [u for u in intelligence.evaluators(visit.nominal) if u.pk != actor.pk]
    notify(told, kind=kind, message=message, nominal=visit.nominal, about=visit)


def _police_power(actor, nominal) -> rules.Power:
    return queries.power_from(facts.facts_for(actor, nominal, only=queries.FACTS))


@transaction.atomic
def plan_visit(*, actor, nominal, data: dict) -> Visit:
    """Diarise a visit (para 7.22). A police or joint visit needs a power to visit (registration, licence,
    order): without one it is refused, saying so."""
    nominal = _writable(actor, nominal)
    refuse_unknown(data, ("visit_agency", "planned_for", "announced"))
    _may_record(actor, data.get("visit_agency", ""))
    if data["visit_agency"] in (rules.POLICE, rules.JOINT):
        power = _police_power(actor, nominal)
        if not power.held:
            raise ValidationError({"visit_agency": power.describe()})
    visit = Visit(**data, nominal=nominal, agency_id=actor.agency_id, created_by=actor,
                  due_on=_due_for(actor, nominal, data["visit_agency"]))
    visit.full_clean()
    visit.save()
    record(actor, Action.CREATE, visit, nominal=nominal, changes=diff({}, snapshot(visit, data.keys())))
    return visit


def _due_for(actor, nominal, visit_agency: str):
    """When the schedule has this kind of visit due now: a joint visit, the earlier of the two agencies'."""
    counted = [a for a, kinds in queries.COUNTS_FOR.items() if visit_agency in kinds]
    dues = [d.due for d in queries.schedules(actor, nominal, timezone.localdate()) if d.agency in counted and d.due]
    return min(dues) if dues else None


@transaction.atomic
def save_check(*, actor, visit: Visit, data: dict, hazards: list[dict] = (), version: int) -> Visit:
    """Save the pre-visit check (paras 7.18-7.19): the record and intelligence read, the PNC checked for wanted
    status and new convictions with its result, crewing and equipment, announced or not, the officer. Hazards
    at the address are saved as their own rows, each restricted as the recorder chooses."""
    visit = policy.get_item(actor, Visit, visit.pk, policy.WRITE)
    _may_record(actor, visit.visit_agency)
    refuse_unknown(data, CHECK_FIELDS)
    if visit.outcome:
        raise ValidationError({"check": "This visit already has an outcome: its check cannot change"})
    before = snapshot(visit, data.keys())
    hit_before = rules.pnc_hit(visit.pnc_wanted, visit.pnc_new_convictions)
    for name, value in data.items():
        setattr(visit, name, value)
    errors = {f: message for f, message in rules.missing_checks(visit)}
    if (visit.pnc_wanted or visit.pnc_new_convictions) and not visit.pnc_checked:
        errors["pnc_checked"] = "Say that the PNC was checked before recording what it found"
    if visit.crewing and visit.crewing not in Crewing.values:
        errors["crewing"] = "Choose single or double crewed"
    if errors:
        raise ValidationError(errors)
    visit.checked_at = timezone.now()
    visit.full_clean()
    save_if_current(visit, version, [*data.keys(), "checked_at"])
    record(actor, Action.UPDATE, visit, nominal=visit.nominal, changes=diff(before, snapshot(visit, data.keys())),
           label=f"Pre-visit check: {visit}")
    for hazard in hazards:
        _add_hazard(actor, visit, hazard)
    hit = rules.pnc_hit(visit.pnc_wanted, visit.pnc_new_convictions)
    if hit and hit != hit_before:
        _tell_manager(actor, visit, "visit_pnc_hit", f"PNC check before a home visit to {visit.nominal.full_name} found "
                      f"{hit}: recorded by {actor.display_name} on {govuk_day(timezone.localdate())}")
    return visit


def _add_hazard(actor, visit: Visit, data: dict) -> Hazard:
    refuse_unknown(data, ("kind", "details", "handling"))
    handling = data.get("handling", "") or ""
    if handling and not policy.may_see(actor, handling, actor.agency_id):
        raise ValidationError({"handling": "Your agency may not restrict this to that category"})
    if handling not in Handling.values:
        raise ValidationError({"handling": "Choose who may see this hazard"})
    hazard = Hazard(visit=visit, nominal=visit.nominal, agency_id=actor.agency_id, created_by=actor, kind=data.get("kind", ""),
                    details=(data.get("details") or "").strip(), handling=handling)
    try:
        hazard.full_clean()
    except ValidationError as error:
        raise ValidationError({f"hazard_{k}": v for k, v in error.message_dict.items()}) from None
    hazard.save()
    record(actor, Action.CREATE, hazard, nominal=visit.nominal, changes=diff({}, snapshot(hazard, ("kind", "details"))))
    return hazard


@transaction.atomic
def record_outcome(*, actor, visit: Visit, data: dict, version: int, intelligence_text: str = "") -> Visit:
    """Record what happened. Attended only after a saved pre-visit check (para 7.18); every attempt counts
    (para 7.23). The observations become an activity log entry, the one place they are kept (para 7.20); what
    was seen that is intelligence (`intelligence_text`) is submitted as information for the manager to evaluate
    (paras 4.18-4.19), not written in the activity log, whose readers may not all read intelligence. The
    manager is told of the outcome."""
    visit = policy.get_item(actor, Visit, visit.pk, policy.WRITE)
    _may_record(actor, visit.visit_agency)
    refuse_unknown(data, OUTCOME_FIELDS)
    if visit.outcome:
        raise ValidationError({"outcome": "This visit already has an outcome: plan a new visit for another attempt"})
    if data.get("outcome") not in Outcome.values:
        raise ValidationError({"outcome": "Choose what happened: attended, no answer, refused entry or not at the address"})
    day = data.get("occurred_on") or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"occurred_on": "The visit date cannot be in the future"})
    if data["outcome"] == rules.ATTENDED:
        gaps = rules.missing_checks(visit if visit.checked else None)
        if gaps:
            raise ValidationError({"outcome": "Before recording the visit as attended: " + "; ".join(m for _, m in gaps)})
    before = snapshot(visit, data.keys())
    for name, value in {**data, "occurred_on": day}.items():
        setattr(visit, name, value)
    visit.full_clean()
    if (intelligence_text or "").strip():
        visit.intelligence = intelligence.submit(actor=actor, nominal=visit.nominal, data={
            "information": intelligence_text.strip(), "source_type": "home_visit", "obtained_on": day})
    occurred_at, time_known = dates.when_entered(day, None)  # now for today; the day alone for an earlier one
    visit.activity = register.create_item(actor=actor, nominal=visit.nominal, kind=KINDS["activities"], data={
        "kind": "home_visit", "summary": f"{visit.get_visit_agency_display()} home visit: {visit.get_outcome_display()}"[:200],
        "details": _activity_text(visit), "occurred_at": occurred_at, "time_known": time_known,
        "handling": visit.handling,
    })
    save_if_current(visit, version, [*data.keys(), "occurred_on", "activity", "intelligence"])
    record(actor, Action.UPDATE, visit, nominal=visit.nominal, changes=diff(before, snapshot(visit, [*data.keys(), "occurred_on"])),
           label=f"Outcome: {visit}")
    _tell_manager(actor, visit, "visit_outcome", f"{visit.get_visit_agency_display()} home visit to "
                  f"{visit.nominal.full_name} on {govuk_day(day)}: {visit.get_outcome_display().lower()}, recorded by "
                  f"{actor.display_name}")
    return visit


def _activity_text(visit: Visit) -> str:
    lines = [f"Officer: {visit.officer}" if visit.officer else "",
             f"Present: {visit.present}" if visit.present else "",
             "Someone under 18 was present" if visit.under_18_present else "",
             f"Devices seen: {visit.seen_devices}" if visit.seen_devices else "",
             f"Vehicles seen: {visit.seen_vehicles}" if visit.seen_vehicles else "",
             f"Signs of a relationship: {visit.seen_relationship}" if visit.seen_relationship else "",
             f"Signs of children: {visit.seen_children}" if visit.seen_children else "",
             visit.observations,
             "Intelligence from this visit was submitted for evaluation" if visit.intelligence_id else ""]
    return "\n".join(line for line in lines if line)


@transaction.atomic
def record_warrant(*, actor, visit: Visit, applied_on: datetime.date, outcome: str, version: int) -> Visit:
    """The outcome of an application for a warrant of entry (SOA 2003 s.96B), open only once the police have
    been unable to obtain entry on the number of occasions the section sets."""
    visit = policy.get_item(actor, Visit, visit.pk, policy.WRITE)
    if not actor.agency_id or actor.agency.kind != AgencyKind.POLICE:
        raise PermissionDenied("Only the police apply for a warrant of entry")
    if not queries.warrant_due(actor, visit.nominal, timezone.localdate()):
        raise ValidationError({"warrant_outcome": "A warrant of entry needs at least "
                               f"{reference.value('visits.warrant.failed_attempts')} failed attempts in a row at a "
                               "registered person's home (Sexual Offences Act 2003 s.96B)"})
    if visit.pk != queries.latest_police_attempt_id(actor, visit.nominal) or visit.outcome not in rules.FAILED:
        raise ValidationError({"warrant_outcome": "Record a warrant of entry against the last failed police or joint "
                               "attempt"})
    if not (outcome or "").strip():
        raise ValidationError({"warrant_outcome": "Say what the court decided and what happened"})
    if applied_on is None or applied_on > timezone.localdate():
        raise ValidationError({"warrant_applied_on": "Give the date applied for, not in the future"})
    before = snapshot(visit, ("warrant_applied_on", "warrant_outcome"))
    visit.warrant_applied_on, visit.warrant_outcome = applied_on, outcome.strip()
    save_if_current(visit, version, ["warrant_applied_on", "warrant_outcome"])
    record(actor, Action.UPDATE, visit, nominal=visit.nominal,
           changes=diff(before, snapshot(visit, ("warrant_applied_on", "warrant_outcome"))), label=f"Warrant: {visit}")
    return visit


@transaction.atomic
def agree_schedule(*, actor, nominal, visit_agency: str, every_months: int, reason: str, agreed_by=None) -> ScheduleOverride:
    """A case's own visit interval in place of the default (para 7.15), with the reason, agreed by a supervisor
    of the recorder's team (or recorded by the supervisor). It replaces any earlier agreement for that agency,
    which is ended, not deleted."""
    nominal = _writable(actor, nominal)
    agreed_by = agreed_by or actor
    if (agreed_by.role != Role.SUPERVISOR or not agreed_by.is_active or not actor.team_id
            or agreed_by.team_id != actor.team_id):
        raise ValidationError({"agreed_by": "Choose a supervisor of your team who agreed this schedule"})
    if visit_agency not in (rules.POLICE, rules.PROBATION):
        raise ValidationError({"visit_agency": "Choose police or probation"})
    _may_record(actor, visit_agency)
    if not isinstance(every_months, int) or not 1 <= every_months <= 12:
        raise ValidationError({"every_months": "Give a number of months from 1 to 12"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why this case needs its own schedule"})
    today = timezone.localdate()
    for old in policy.items_for(actor, ScheduleOverride, nominal=nominal).filter(visit_agency=visit_agency, ended_on__isnull=True):
        old.ended_on = today
        save_if_current(old, old.version, ["ended_on"])
        record(actor, Action.UPDATE, old, nominal=nominal, changes={"ended_on": [None, str(today)]})
    override = ScheduleOverride.objects.create(
        nominal=nominal, agency_id=actor.agency_id, created_by=actor, visit_agency=visit_agency, every_months=every_months,
        reason=reason.strip(), agreed_by=agreed_by, agreed_on=today)
    record(actor, Action.CREATE, override, nominal=nominal,
           changes=diff({}, snapshot(override, ("visit_agency", "every_months", "reason"))), label="Agreed visit schedule")
    return override
