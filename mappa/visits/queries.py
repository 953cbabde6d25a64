"""What the visits pages, the API and the work list read, always through mappa.access.policy."""
import datetime
from dataclasses import dataclass

from django.db.models import Max

from mappa.access import policy
from mappa.core import facts, reference
from mappa.visits import rules
from mappa.visits.models import ScheduleOverride, Visit

FACTS = ("rosh", "notification_requirements", "on_licence")
RESTRICTED_REASON = "the reason is recorded under a restriction you are not within"
# Which kinds of visit count for each agency's schedule: a joint visit counts for both (para 5.18).
COUNTS_FOR = {rules.POLICE: (rules.POLICE, rules.JOINT), rules.PROBATION: (rules.PROBATION, rules.JOINT)}


@dataclass(frozen=True)
class Due:
    agency: str
    schedule: rules.Schedule
    # The last attended visit the reader may see: the due date is reckoned from every visit (the rule
    # must weigh them all), but a visit the reader may not see is not dated for them.
    last_attended: datetime.date | None
    due: datetime.date | None
    why: str
    override: ScheduleOverride | None = None

    def overdue_on(self, day) -> bool:
        return self.due is not None and self.due < day


def power_from(known: facts.Facts) -> rules.Power:
    notification, licence = known.notification_requirements, known.on_licence
    return rules.police_power(
        (notification.value, notification.source.label if notification.source else ""),
        (licence.value, licence.source.label if licence.source else ""),
    )


def tables(today: datetime.date) -> dict:
    """The reference data the schedules use, in force on `today`: read once for a whole caseload."""
    return {key: reference.value(f"visits.{key}", today) for key in ("police.interval", "probation.interval", "initial.within")}


def schedules(user, nominal, today: datetime.date, known: facts.Facts | None = None,
              last: dict | None = None, overrides: dict | None = None, numbers: dict | None = None,
              seen: dict | None = None) -> list[Due]:
    """Each agency's visit schedule for the person as `user` may see its grounds, with the next visit due.
    `last` is every attended visit's date (for the rule), `seen` only those the user may see (to show)."""
    known = known or facts.facts_for(user, nominal, only=FACTS)
    numbers = numbers or tables(today)
    last = last if last is not None else last_attended(user, [nominal.pk]).get(nominal.pk, {})
    seen = seen if seen is not None else last_attended(user, [nominal.pk], shown=True).get(nominal.pk, {})
    if overrides is None:
        overrides = current_overrides(user, [nominal.pk]).get(nominal.pk, {})
    found = []
    for agency in (rules.POLICE, rules.PROBATION):
        if agency == rules.POLICE:
            schedule = rules.police_schedule(known.rosh, numbers["police.interval"], power_from(known))
        else:
            schedule = rules.probation_schedule(known.rosh, numbers["probation.interval"])
        override = overrides.get(agency)
        if override is not None and (agency == rules.PROBATION or schedule.power.held):
            reason = override.reason if policy.may_see_item(user, override) else RESTRICTED_REASON
            schedule = rules.with_override(schedule, {"months": override.every_months}, reason)
        # The initial visit after registration is due whatever the risk level (para 7.24).
        registered = known.notification_requirements.since if agency == rules.POLICE and schedule.power.held else None
        due, why = rules.next_due(last.get(agency), schedule.interval, registered, numbers["initial.within"])
        if last.get(agency) is None and registered is None and schedule.interval is not None:
            due, why = today, "No visit recorded yet"
        shown_override = override if override is not None and policy.may_see_item(user, override) else None
        found.append(Due(agency, schedule, seen.get(agency), due, why, shown_override))
    return found


def last_attended(user, nominal_ids, shown: bool = False) -> dict:
    """{nominal id: {agency: date of the last attended visit}} on the records `nominal_ids` (read through the
    policy). For the schedule's rule every attended visit on them counts; with `shown`, only the visits the user
    may see (to be shown).
    One read for both agencies: the last visit of each kind, a joint one counting for both."""
    found = {}
    visits_read = policy.items_on(user, Visit, nominal_ids) if shown else policy.rule_items_on(Visit, nominal_ids)
    rows = (visits_read.filter(outcome=rules.ATTENDED)
            .values("nominal_id", "visit_agency").annotate(last=Max("occurred_on"))
            .values_list("nominal_id", "visit_agency", "last").order_by())
    for nominal_id, kind, day in rows:
        for agency, kinds in COUNTS_FOR.items():
            if kind in kinds and day is not None:
                mine = found.setdefault(nominal_id, {})
                mine[agency] = max(day, mine.get(agency, day))
    return found


def current_overrides(user, nominal_ids) -> dict:
    """{nominal id: {agency: the override in force}} on the records `nominal_ids` (read through the policy), whoever
    may see them: the schedule follows an override the reader may not see (its reason is withheld)."""
    found = {}
    rows = (policy.rule_items_on(ScheduleOverride, nominal_ids).filter(ended_on__isnull=True)
            .select_related("agreed_by").order_by("agreed_on", "id"))
    for row in rows:
        found.setdefault(row.nominal_id, {})[row.visit_agency] = row
    return found


def visits(user, nominal):
    return policy.items_for(user, Visit, nominal=nominal).order_by("-planned_for", "-id")


def _police_attempts(user, nominal):
    """Police and joint attempts with an outcome, newest first (every attempt counts for the warrant rule)."""
    return (policy.items_for_rules(user, Visit, nominal=nominal).filter(visit_agency__in=COUNTS_FOR[rules.POLICE])
            .exclude(outcome="").order_by("-occurred_on", "-id"))


def outcomes_newest_first(user, nominal) -> list[str]:
    """Outcomes of police and joint attempts, newest first, for the warrant rule."""
    return list(_police_attempts(user, nominal).values_list("outcome", flat=True)[:10])


def latest_police_attempt_id(user, nominal) -> int | None:
    """The newest police or joint attempt: the one a warrant of entry is recorded against."""
    return _police_attempts(user, nominal).values_list("pk", flat=True).first()


def warrant_due(user, nominal, today, known: facts.Facts | None = None) -> bool:
    known = known or facts.facts_for(user, nominal, only=FACTS)
    return rules.warrant_prompt(outcomes_newest_first(user, nominal), known.notification_requirements.value,
                                reference.value("visits.warrant.failed_attempts", today))


def changes_since(user, nominal, since: datetime.date | None, limit: int = 20):
    """Activity entries and changes to the record the user may see since the last attended visit (para 7.18:
    the record and current intelligence are read before a visit)."""
    from mappa.nominals.models import Activity

    activity = policy.items_for(user, Activity, nominal=nominal).order_by("-occurred_at", "-id")
    history = policy.history_for(user, nominal).order_by("-at", "-id")
    if since is not None:
        activity = activity.filter(occurred_at__date__gt=since)
        history = history.filter(at__date__gt=since)
    return list(activity[:limit]), list(history[:limit])


def intelligence_since(user, nominal, since: datetime.date | None, limit: int = 20) -> list:
    """Intelligence on the person submitted since the last attended visit (para 7.18: current intelligence is
    read before a visit), each as `user` may be told it (mappa.intelligence.queries.Entry): the content only
    for a reader who may read it, otherwise that it exists, its sanitised version and whom to ask."""
    from mappa.intelligence import queries as intelligence

    items = intelligence.newest_first(user, nominal)
    if since is not None:
        items = items.filter(submitted_at__date__gt=since)
    return intelligence.entries(user, nominal, items=items[:limit])


def briefing(user, nominal, visit, today: datetime.date) -> dict:
    """What the visit briefing shows `user`: every part read through the policy, so a restricted address,
    occupant, vehicle, identifier or hazard the reader may not see is simply not on it. `markings` are those of
    what it holds, for the document's own marking."""
    from mappa.nominals.models import Address, Alias, Identifier, Occupant, Vehicle
    from mappa.risk.rules import LEVEL_LABELS

    addresses = list(policy.items_for(user, Address, nominal=nominal).filter(status=Address.Status.CURRENT)
                     .order_by("pk"))
    occupants = list(policy.items_for(user, Occupant, nominal=nominal).filter(address__in=addresses).order_by("pk"))
    vehicles = list(policy.items_for(user, Vehicle, nominal=nominal).filter(used_to__isnull=True).order_by("pk"))
    identifiers = list(policy.items_for(user, Identifier, nominal=nominal).order_by("kind", "pk"))
    aliases = list(policy.items_for(user, Alias, nominal=nominal).order_by("pk")[:10])
    hazards = list(policy.hazards_for(user, nominal).order_by("-id")[:30])
    known = facts.facts_for(user, nominal, only=("rosh", "mappa_category", "mappa_level", *FACTS))
    shown = [*addresses, *occupants, *vehicles, *identifiers, *aliases, *hazards]
    return {"addresses": addresses, "occupants": occupants, "vehicles": vehicles, "identifiers": identifiers,
            "aliases": aliases, "hazards": hazards, "facts": known, "rosh": LEVEL_LABELS.get(known.rosh, ""),
            "dues": schedules(user, nominal, today, known=known), "markings": [i.marking for i in shown]}
