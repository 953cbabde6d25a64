"""Supervision of the synthetic register's community and suspended sentence orders: each order in force (or ended in
the last year) gets its requirements and its appointments, as the supervision part would hold them after the
order's months of work, so that the supervision pages and work list are measured at national scale (issue 23).

The appointments follow the reporting schedule in the reference data (supervision.reporting.interval: weekly in the
first weeks, then by risk of serious harm, drawn in the register's proportions), most kept, some missed with an
acceptable reason, a few without one (each answered by a warning, then a final warning, as the enforcement table
asks), and the last week's still to record; unpaid work and programme requirements have their weekly sessions, and
the hours and sessions done match the sessions kept. Read from the orders already written (so it can be added to a
register generated before it), one random stream of its own from the seed, written with COPY.
"""
from __future__ import annotations

import datetime
import sys
import time

from django.db.models import Max, Q
from django.utils import timezone

from mappa.demo.generator_parts import ROSH_WEIGHTS, UTC
from mappa.orders.models import Sentence
from mappa.supervision import rules
from mappa.supervision.models import Appointment, OrderWarning, Requirement

ITEM = ["id", "version", "created_at", "updated_at", "nominal_id", "handling", "agency_id", "created_by_id"]
COLUMNS = {
    Requirement: ITEM + ["sentence_id", "kind", "details", "hours", "days", "starts_on", "ends_on", "electronic_monitoring",
                         "hours_done", "days_done", "status"],
    Appointment: ITEM + ["sentence_id", "requirement_id", "kind", "on", "at", "place", "outcome", "reason", "hours",
                         "outcome_by_id", "outcome_on"],
    OrderWarning: ITEM + ["sentence_id", "appointment_id", "kind", "given_on", "given_by_id", "reason"],
}
MODELS = list(COLUMNS)
ENDED_WITHIN_DAYS = 365  # orders that ended longer ago than this get none (a year's history of ended orders)
UNRECORDED_DAYS = 7  # appointments of the last week whose outcome is still to record, some of them
SESSION_HOURS = 7  # an unpaid work session
ACCEPTABLE_SHARE, UNACCEPTABLE_SHARE = 0.05, 0.015
LEVELS = ["low", "medium", "high", "very_high"]
# (kind, share of orders with it, details)
REQUIREMENTS = [
    (rules.UNPAID_WORK, 0.45, "Community payback, group placement"),
    (rules.ACTIVITY, 0.55, "Rehabilitation activity: thinking skills and relationships"),
    (rules.PROGRAMME, 0.20, "Accredited programme: Building Better Relationships"),
    (rules.CURFEW, 0.12, "19:00 to 07:00 at the home address"),
    (rules.RESIDENCE, 0.08, "Reside where approved by the responsible officer"),
    (rules.EXCLUSION, 0.06, "Not to enter the area marked on the map"),
]
PLACES = ["probation office", "community payback unit", "programmes centre"]


def _orders(today: datetime.date) -> list[tuple]:
    """The community and suspended sentence orders to supervise: begun, in force or ended within the year."""
    since = today - datetime.timedelta(days=ENDED_WITHIN_DAYS)
    return list(Sentence.objects.filter(kind__in=(Sentence.Kind.COMMUNITY, Sentence.Kind.SUSPENDED), sentenced_on__lte=today)
                .filter(Q(order_end__isnull=True) | Q(order_end__gte=since)).order_by("id")
                .values_list("id", "nominal_id", "agency_id", "created_by_id", "sentenced_on", "order_end"))


def rows(orders: list[tuple], table: dict, bases: dict, seed, today: datetime.date):
    """{model: [row tuples]} for the orders, ids counted on from `bases`."""
    from mappa.demo.generator import _rng

    rng = _rng(seed, "supervision")
    last = dict(bases)
    out = {model: [] for model in MODELS}

    def next_id(model):
        last[model] += 1
        return last[model]

    for sid, nid, agency, owner, start, end in orders:
        rosh = rng.choices(LEVELS, ROSH_WEIGHTS)[0]
        stop = min(end or today, today + datetime.timedelta(days=14))
        at = datetime.datetime(start.year, start.month, start.day, 10, 0, tzinfo=UTC)
        item = (at, at, nid, "", agency, owner)
        place = f"Local {rng.choice(PLACES)}"
        # Its requirements, each with its weekly sessions when it has them.
        sessions, required = [], []
        for kind, share, details in REQUIREMENTS:
            if rng.random() >= share:
                continue
            rid = next_id(Requirement)
            begins = start + datetime.timedelta(days=rng.randint(7, 28))
            hours = rng.choice([40, 80, 120, 150, 200, 300]) if kind == rules.UNPAID_WORK else None
            days = rng.choice([10, 20, 30]) if kind == rules.ACTIVITY else 26 if kind == rules.PROGRAMME else None
            finishes = min(begins + datetime.timedelta(days=182), end) if kind in (rules.CURFEW, rules.EXCLUSION) and end else None
            if kind in (rules.UNPAID_WORK, rules.PROGRAMME):
                wanted = -(-hours // SESSION_HOURS) if hours else days
                sessions += [(begins + datetime.timedelta(days=7 * n), rid, kind) for n in range(wanted)
                             if begins + datetime.timedelta(days=7 * n) <= stop]
            required.append((rid, kind, details, hours, days, begins, finishes,
                             kind in (rules.CURFEW, rules.EXCLUSION) and rng.random() < 0.5))
        # Reporting appointments on the schedule the reference data sets for the risk level.
        day = start + datetime.timedelta(days=int(table["start"][rosh]))
        while day <= stop:
            sessions.append((day, None, None))
            later = (day - start).days >= table["start_weeks"] * 7
            day += datetime.timedelta(days=int(table["later" if later else "start"][rosh]))
        warned = 0
        progress = {}
        for day, rid, kind in sorted(sessions, key=lambda s: (s[0], s[1] or 0)):
            aid = next_id(Appointment)
            outcome, reason, hours, by, on = "", "", None, None, None
            if day < today and not ((today - day).days < UNRECORDED_DAYS and rng.random() < 0.5):
                r = rng.random()
                if r < UNACCEPTABLE_SHARE and warned < 2:
                    outcome, reason = rules.UNACCEPTABLE, "No contact and no reason given"
                elif r < UNACCEPTABLE_SHARE + ACCEPTABLE_SHARE:
                    outcome, reason = rules.ACCEPTABLE, "Ill; a doctor's note seen"
                else:
                    outcome = rules.KEPT
                by, on = owner, day
            appointment_kind = {rules.UNPAID_WORK: Appointment.Kind.UNPAID_WORK,
                                rules.PROGRAMME: Appointment.Kind.PROGRAMME}.get(kind, Appointment.Kind.SUPERVISION)
            if outcome == rules.KEPT and rid is not None:
                hours = SESSION_HOURS if kind == rules.UNPAID_WORK else None
                progress[rid] = progress.get(rid, 0) + (hours or 1)
            out[Appointment].append((aid, 1, *item, sid, rid, appointment_kind, day,
                                     datetime.time(18, 0) if kind == rules.PROGRAMME else datetime.time(10, 0), place,
                                     outcome, reason, hours, by, on))
            if outcome == rules.UNACCEPTABLE:
                warned += 1
                out[OrderWarning].append((next_id(OrderWarning), 1, *item, sid, aid,
                                          rules.WARNING if warned == 1 else rules.FINAL_WARNING,
                                          min(day + datetime.timedelta(days=1), today), owner,
                                          "Missed an appointment without an acceptable reason"))
        for rid, kind, details, hours, days, begins, finishes, monitored in required:
            done = progress.get(rid, 0)
            hours_done, days_done = (min(done, hours), 0) if hours else (0, min(done, days) if days else 0)
            finished = (hours and hours_done >= hours) or (days and days_done >= days)
            out[Requirement].append((rid, 1, *item, sid, kind, details, hours, days, begins, finishes, monitored,
                                     hours_done, days_done,
                                     Requirement.Status.COMPLETED if finished else Requirement.Status.ACTIVE))
    return out


def generate_supervision(seed=1, today: datetime.date | None = None, progress: bool = True, log=None) -> dict:
    """Write the supervision of every order to supervise that has none yet; {label: rows written}."""
    from mappa.core import reference
    from mappa.demo.generator import write_part

    log = log or (lambda message: print(message, file=sys.stderr))
    started = time.monotonic()
    today = today or timezone.localdate()
    supervised = set(Requirement.objects.values_list("sentence_id", flat=True).distinct()) | set(
        Appointment.objects.values_list("sentence_id", flat=True).distinct())
    orders = [o for o in _orders(today) if o[0] not in supervised]
    table = reference.value("supervision.reporting.interval", today)
    bases = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model in MODELS}
    found = rows(orders, table, bases, seed, today)
    write_part(MODELS, COLUMNS, found, {m: m._meta.verbose_name_plural for m in MODELS}, progress)
    log(f"Supervision of {len(orders):,} orders: " + ", ".join(f"{len(found[m]):,} {m._meta.verbose_name_plural}"
                                                              for m in MODELS) + f" in {time.monotonic() - started:.1f}s")
    return {m._meta.label: len(found[m]) for m in MODELS}


def give_bench_case_its_work(nominal_id: int, today: datetime.date) -> None:
    """The benchmark's large record has something in every part, so its case page shows every panel: a programme
    referral waiting for its start and an accommodation pathway, recorded by its manager, and a discussion of it in
    the manager's staff supervision."""
    from mappa.interventions.models import Programme, ProgrammeReferral
    from mappa.nominals.models import Nominal
    from mappa.resettlement.models import Pathway

    nominal = Nominal.objects.select_related("manager").get(pk=nominal_id)
    who = {"nominal": nominal, "agency_id": nominal.manager.agency_id, "created_by": nominal.manager}
    programme = Programme.objects.order_by("pk").first()
    if programme and not ProgrammeReferral.objects.filter(nominal=nominal).exists():
        ProgrammeReferral.objects.create(
            **who, programme=programme, referred_on=today - datetime.timedelta(days=120),
            reason="Offence-focused work the plan asks for", eligibility=ProgrammeReferral.Eligibility.ELIGIBLE,
            eligibility_reason="Assessed as suitable", assessed_on=today - datetime.timedelta(days=100),
            listed_on=today - datetime.timedelta(days=90))
    if not Pathway.objects.filter(nominal=nominal).exists():
        Pathway.objects.create(**who, kind=Pathway.Kind.ACCOMMODATION, assessed_on=today - datetime.timedelta(days=60),
                               need="Settled accommodation after the approved premises")
    _discuss_in_supervision(nominal, today)


def _discuss_in_supervision(nominal, today: datetime.date) -> None:
    """The manager's last staff supervision discussed the case, as the case page's panel shows."""
    from mappa.accounts.models import Role, User
    from mappa.workforce.models import DiscussedCase, StaffSupervision

    supervisor = (User.objects.filter(role=Role.SUPERVISOR, team_id=nominal.manager.team_id, is_active=True)
                  .order_by("pk").first())
    if supervisor is None or DiscussedCase.objects.filter(nominal=nominal).exists():
        return
    session = StaffSupervision.objects.create(
        supervisor=supervisor, supervisee=nominal.manager, held_on=today - datetime.timedelta(days=14),
        accountability=True, agreed="Caseload reviewed", next_due=today + datetime.timedelta(days=14),
        recorded_by=supervisor)
    DiscussedCase.objects.create(supervision=session, nominal=nominal, agreed="Review the plan after the programme starts")
