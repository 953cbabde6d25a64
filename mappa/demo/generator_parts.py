"""The parts built on the register, for the synthetic register: MAPPA eligibility and levels,
convictions, sentences and custody, notification requirements and notifications, risk assessments,
licences with conditions, and the shared risk management plan.

`PartsContext.load` reads, once, what guidance sets (reference data: review intervals, notification
periods and days, the licence conditions catalogue), so the rows follow the parts' own rules.
`part_rows` then walks the planned nominals in blocks, one random stream from the seed, and yields
(model, rows) per table and block: the caller writes each with COPY (or bulk_create). Ids are
planned from the largest existing id of each table, so the same seed and bases give the same rows.
"""
from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from mappa.accounts.models import AgencyKind
from mappa.arrangements import rules as mappa_rules
from mappa.arrangements.models import AgendaCase, Eligibility, LevelDecision, Meeting
from mappa.licences import rules as licence_rules
from mappa.licences.models import Licence, LicenceCondition
from mappa.orders import rules as orders_rules
from mappa.orders.models import Conviction, CustodyPeriod, NotificationEvent, NotificationRequirement, Sentence
from mappa.plans.models import Plan, PlanItem, PlanItemRevision, PlanReview
from mappa.risk.models import Assessment, RiskType, Tool

UTC = datetime.UTC
BLOCK = 8192  # nominals per block of COPY statements

# MAPPA categories and levels in the proportions of the Essex MAPPA annual report 2008-09
# (shared/seeds/002, "The work done in Essex this year", lines 95-119): of 999 MAPPA-eligible offenders,
# 742 registered sexual offenders (category 1), 238 violent offenders (category 2) and 19 other dangerous
# offenders (category 3); managed through MAPPA meetings at level 2: 72, 26 and 19; at level 3: 7, 3 and 0.
# Everyone else is managed at level 1.
CATEGORY_COUNTS = {1: 742, 2: 238, 3: 19}
LEVEL_COUNTS = {1: {2: 72, 3: 7}, 2: {2: 26, 3: 3}, 3: {2: 19, 3: 0}}
ELIGIBLE_SHARE = 0.93  # of the register, with a current MAPPA eligibility (the rest: ended, or not yet)
ENDED_EPISODE_SHARE = 0.05  # also have an earlier, ended episode
ASSESSMENT_UNAPPROVED_SHARE = 0.12  # latest assessment completed but waiting for approval, or a draft
NOTIFICATION_OVERDUE_SHARE = 0.06  # the latest re-notification is overdue
EARLIEST = datetime.date(2010, 1, 1)  # nothing in the parts before this (guidance in force since 2009)

# The benchmark's long-history person: hundreds of rows in every part; and its short-history person, with
# records of the same kinds (so the two case pages take the same branches and differ only in history size).
LONG = {"convictions": 200, "notifications": 400, "assessments": 300, "decisions": 250, "plan_items": 300,
        "licences": 12, "conditions_per_licence": 12, "reviews": 20}
SHORT = {"convictions": 2, "notifications": 3, "assessments": 4, "decisions": 2, "plan_items": 5,
         "licences": 1, "conditions_per_licence": 2, "reviews": 1}

# (code, offence, sexual, contact, images, violent, child, internet, schedule, maximum penalty years)
SEXUAL_OFFENCES = [
    ("019/11", "Rape of a woman aged 16 or over", 1, 1, 0, 0, 0, 0, "schedule_3", 999),
    ("020/03", "Sexual assault on a female", 1, 1, 0, 0, 0, 0, "schedule_3", 10),
    ("022/03", "Sexual activity with a child", 1, 1, 0, 0, 1, 0, "schedule_3", 14),
    ("086/01", "Taking or making indecent photographs of children", 1, 0, 1, 0, 1, 1, "schedule_3", 10),
    ("086/03", "Possession of indecent photographs of a child", 1, 0, 1, 0, 1, 1, "schedule_3", 5),
    ("071/03", "Meeting a child following sexual grooming", 1, 0, 0, 0, 1, 1, "schedule_3", 10),
    ("088/01", "Exposure", 1, 0, 0, 0, 0, 0, "schedule_3", 2),
]
VIOLENT_OFFENCES = [
    ("005/01", "Wounding with intent to do grievous bodily harm", 0, 0, 0, 1, 0, 0, "schedule_5", 999),
    ("008/01", "Assault occasioning actual bodily harm", 0, 0, 0, 1, 0, 0, "schedule_5", 5),
    ("034/01", "Robbery", 0, 0, 0, 1, 0, 0, "schedule_5", 999),
    ("037/01", "Threats to kill", 0, 0, 0, 1, 0, 0, "schedule_5", 10),
    ("008/06", "Controlling or coercive behaviour", 0, 0, 0, 1, 0, 0, "", 5),
    ("195/94", "Putting people in fear of violence (harassment)", 0, 0, 0, 1, 0, 0, "", 10),
]
OTHER_OFFENCES = [
    ("028/01", "Burglary in a dwelling", 0, 0, 0, 0, 0, 0, "", 14),
    ("092/01", "Possession of a class A drug with intent to supply", 0, 0, 0, 0, 0, 0, "", 999),
    ("058/02", "Criminal damage", 0, 0, 0, 0, 0, 0, "", 10),
    ("049/06", "Theft from a shop", 0, 0, 0, 0, 0, 0, "", 7),
    ("010/04", "Possession of a bladed article in public", 0, 0, 0, 0, 0, 0, "", 4),
]
COURTS = ["Crown Court", "Magistrates' Court"]
RATIONALES = {
    1: ["Risks can be managed by the lead agency: engaging, stable address, licence conditions in place.",
        "Reviewed at screening: no new concerns; ordinary agency management with information shared.",
        "Level reduced after a year of compliance; contingency plan agreed should risk rise."],
    2: ["Needs active multi-agency management: new relationship with a mother of young children.",
        "Victim lives in the area; exclusion zone and police visits need co-ordinating across agencies.",
        "High RoSH to children; housing, children's services and police all hold part of the plan."],
    3: ["Needs senior oversight to authorise surveillance and specialist accommodation.",
        "Very high RoSH to a known adult; resources beyond the lead agencies' ordinary budgets.",
        "Public interest and media attention: senior involvement needed to manage the risk."],
}
INFORMATION = ["OASys RoSH, police intelligence, the victim liaison officer's report",
               "Referral form, previous convictions, prison security reports",
               "Probation assessment, children's services checks, housing update"]
ROSH_GROUPS = ["children", "public", "known_adult", "staff", "prisoners"]
LEVELS = ["low", "medium", "high", "very_high"]
ROSH_WEIGHTS = [0.18, 0.50, 0.27, 0.05]
PLAN_ITEMS = [  # (heading, what, why, purpose, element, every_days, agency kind)
    ("supervision", "Weekly supervision appointments", "Thinking skills and relationships", "both", "", 7, AgencyKind.PROBATION),
    ("supervision", "Unannounced probation home visits", "Confirms where he lives and who is there", "restrictive",
     "probation_home_visit", 28, AgencyKind.PROBATION),
    ("monitoring_control", "Police home visits (MOSOVO)", "Checks the address, devices and who lives there", "restrictive",
     "police_home_visit", 42, AgencyKind.POLICE),
    ("monitoring_control", "Check phones and devices", "Internet-facilitated offending", "restrictive", "", 28, AgencyKind.POLICE),
    ("monitoring_control", "Monitor the exclusion zone", "Victim's home and workplace", "restrictive", "", None, AgencyKind.POLICE),
    ("interventions_treatment", "Accredited sex offender programme", "Deviant sexual interest", "constructive", "", None,
     AgencyKind.PROBATION),
    ("interventions_treatment", "Alcohol service appointments", "Drinking raises the risk", "constructive", "", 14, AgencyKind.HEALTH),
    ("interventions_treatment", "Help into work with a supported employer", "Structure and income", "constructive", "", None,
     AgencyKind.PROBATION),
    ("victim_safety", "Victim liaison officer keeps the victim informed", "Victim's safety and views", "restrictive",
     "victim_liaison", 56, AgencyKind.PROBATION),
    ("victim_safety", "Disclosure to a new partner considered", "Children in a new partner's household", "restrictive",
     "disclosure", None, AgencyKind.POLICE),
    ("victim_safety", "Contingency: recall and arrest if he contacts the victim", "Contact with the victim", "restrictive",
     "contingency", None, AgencyKind.POLICE),
    ("supervision", "Housing officer reviews the tenancy", "Stable accommodation", "constructive", "", 90, AgencyKind.HOUSING),
]
PLAN_ITEM_FIELDS = ("heading", "what", "why", "owner", "owner_agency", "purpose", "element", "start", "due",
                    "every_days", "response_hours", "status", "last_done_on", "completed_on", "evidence", "source_key",
                    "handling")

ITEM = ["id", "version", "created_at", "updated_at", "nominal_id", "handling", "agency_id", "created_by_id"]
COLUMNS = {
    Meeting: ["id", "version", "created_at", "updated_at", "area_id", "kind", "held_on", "starts_at", "venue", "chair_id",
              "status", "created_by_id"],
    AgendaCase: ["id", "meeting_id", "nominal_id", "added_by_id", "added_at"],
    Eligibility: ITEM + ["category", "identified_on", "proposed_category", "proposal_reasons", "basis", "link_to_risk",
                         "lead_agency_id", "ended_on", "end_reason", "end_notes", "ended_by_id",
                         "current_decision_id", "level", "forum", "next_review"],
    LevelDecision: ITEM + ["eligibility_id", "level", "previous_level", "forum", "meeting_id", "decided_by_id",
                           "decided_on", "rationale", "information_considered", "next_review", "review_schedule",
                           "coordinator_notified_at"],
    Conviction: ITEM + ["kind", "offence_code", "offence", "offence_date", "convicted_on", "court", "sexual",
                        "contact_sexual", "indecent_images", "violent", "against_child", "internet_facilitated",
                        "schedule", "maximum_penalty_years"],
    Sentence: ITEM + ["conviction_id", "kind", "sentenced_on", "length_months", "extension_months", "remand_days",
                      "custody_from", "release_kind", "release_date", "released_on", "licence_start", "licence_end",
                      "sentence_expiry", "order_end", "disqualified_from_working_with_children", "notes"],
    CustodyPeriod: ITEM + ["kind", "sentence_id", "establishment", "started_on", "expected_release", "ended_on"],
    NotificationRequirement: ITEM + ["conviction_id", "civil_order_id", "relevant_date", "in_custody_on_relevant_date",
                                     "released_on", "discharge_months", "police_station", "indefinite", "period_months",
                                     "band", "halved", "ends_on", "basis", "ended_early_on"],
    NotificationEvent: ITEM + ["requirement_id", "kind", "event_date", "due_on", "received_on", "police_station",
                               "verified_by_visit", "details"],
    Assessment: ITEM + ["risk_type", "tool", "status", "assessed_on", "inputs", "result", "level", "table_id",
                        "rosh_levels", "who_at_risk", "nature_of_harm", "imminence", "risk_increased_by",
                        "risk_reduced_by", "notes", "police_level", "level_rationale", "violent_scale_reason",
                        "completed_at", "completed_by_id", "approved_at", "approved_by_id"],
    Licence: ITEM + ["kind", "start_date", "end_date", "issued_by", "revoked_on", "notes"],
    LicenceCondition: ITEM + ["licence_id", "code", "category", "title", "wording_from", "parameters", "text",
                              "added_on", "ended_on"],
    Plan: ["id", "nominal_id", "started_on", "created_by_id", "created_at"],
    PlanItem: ITEM + ["plan_id", "heading", "what", "why", "owner_id", "owner_agency_id", "purpose", "element", "start",
                      "due", "every_days", "response_hours", "status", "last_done_on", "completed_on", "evidence",
                      "source_key", "source_label", "updated_by_id"],
    PlanItemRevision: ["id", "item_id", "nominal_id", "number", "recorded_at", "recorded_by_id", "snapshot", "changes",
                       "handling", "agency_id"],
    PlanReview: ITEM + ["plan_id", "kind", "due_on", "completed_on", "reviewer_id", "considered", "victim_views",
                        "changes", "outcome", "copied_sections", "endorsed_by_id", "endorsed_on", "endorsement_note"],
}
_DECISION = COLUMNS[LevelDecision]
DECIDED_ON, LEVEL, FORUM, NEXT_REVIEW = (_DECISION.index(c) for c in ("decided_on", "level", "forum", "next_review"))
# In the order they are written (parents first).
MODELS = list(COLUMNS)


@dataclass
class PartsContext:
    """What guidance sets, read once from the reference data (so the rows follow the parts' rules)."""

    review: dict  # level -> {"earliest": ..., "latest": ...}
    periods: dict  # the s.82 table
    periods_source: str
    initial_days: int
    change_days: int
    periodic_months: int
    catalogue: list = field(default_factory=list)  # (code, category, title, effective_from, text)

    @classmethod
    def load(cls, today: datetime.date) -> PartsContext:
        from mappa.core import reference
        from mappa.licences.models import CatalogueCondition

        periods = reference.in_force("orders.notification.periods", today)
        catalogue = []
        for row in CatalogueCondition.objects.order_by("code", "effective_from"):
            if row.effective_from > EARLIEST:
                continue
            entry = row.entry()
            values = {}
            if any(p.kind != licence_rules.TEXT for p in entry.parameters):
                continue  # times, people and zones need more than a generated register knows
            for p in entry.parameters:
                values[p.name] = {"premises": "the approved premises"}.get(p.name, f"the {p.label.lower()}")
            try:
                text = licence_rules.render(entry, values, {}, {})
            except Exception:  # noqa: BLE001 - a wording the generator cannot fill is left out
                continue
            catalogue.append((row.code, row.category, row.title, row.effective_from, text, values))
        return cls(
            review={level: reference.value(f"mappa.review.level{level}", today) for level in (1, 2, 3)},
            periods=periods.value, periods_source=periods.source[:600],
            initial_days=reference.value("orders.notification.initial_days", today),
            change_days=reference.value("orders.notification.change_days", today),
            periodic_months=reference.value("orders.notification.periodic_months", today),
            catalogue=catalogue,
        )


def parts_bases() -> dict:
    from django.db.models import Max

    return {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model in MODELS}


@functools.lru_cache(maxsize=20000)
def _date(d: datetime.date) -> datetime.datetime:
    return datetime.datetime(d.year, d.month, d.day, 10, 0, tzinfo=UTC)


def _pick(rng, counts: dict):
    total = sum(counts.values())
    r = rng.random() * total
    for key, n in counts.items():
        r -= n
        if r < 0:
            return key
    return key


def _level_for(rng, category: int) -> int:
    per = CATEGORY_COUNTS[category]
    at = LEVEL_COUNTS[category]
    return _pick(rng, {1: per - at[2] - at[3], 2: at[2], 3: at[3]})


def _days(rng, low: int, high: int) -> datetime.timedelta:
    return _DAYS[low + int(rng.random() * (max(low, high) - low + 1))] if high < len(_DAYS) else \
        datetime.timedelta(days=rng.randint(low, max(low, high)))


_DAYS = [datetime.timedelta(days=d) for d in range(20000)]


class _Ids:
    def __init__(self, bases: dict):
        self.last = {model: bases.get(model, 0) for model in MODELS}

    def next(self, model) -> int:
        self.last[model] += 1
        return self.last[model]


class _Meetings:
    """MAPPA meetings, made when a level decision needs one: a level 2 meeting every fortnight and a
    level 3 meeting every four weeks in each area, counted back from the reference day."""

    EVERY = {2: 14, 3: 28}
    KIND = {2: Meeting.Kind.LEVEL2, 3: Meeting.Kind.LEVEL3}

    def __init__(self, plan, ids, rows):
        self.plan, self.ids, self.rows, self.made = plan, ids, rows, {}
        self.chairs = {}
        for u in plan.org.users:
            if u["role"] == "coordinator":
                self.chairs.setdefault(u["area"], u["id"])

    def on_or_before(self, area: int, level: int, day: datetime.date):
        """(held on, meeting id) of the area's last meeting at this level on or before the day."""
        chair = self.chairs.get(area)
        if chair is None:
            return None
        every = self.EVERY[level]
        back = (self.plan.today - day).days
        held = self.plan.today - datetime.timedelta(days=-(-back // every) * every)
        key = (area, level, held)
        if key not in self.made:
            mid = self.made[key] = self.ids.next(Meeting)
            row = self.plan.org.areas[area]
            created = _date(held - datetime.timedelta(days=21))
            self.rows[Meeting].append((mid, 1, created, created, row["id"], self.KIND[level], held, datetime.time(10, 0),
                                       f"MAPPA unit, {row['towns'][0][0]}", chair, Meeting.Status.HELD, chair))
        return held, self.made[key]


def part_rows(plan, ctx: PartsContext, bases: dict, on_block=None):
    """Yield (model, [row tuples]) for every part, block by block of nominals."""
    from mappa.demo.generator import _agency_of_user, _area_users, _rng

    rng = _rng(plan.seed, "parts")
    ids = _Ids(bases)
    org = plan.org
    agency_of = _agency_of_user(plan)
    area_users = _area_users(plan)
    agency_by = {(a["area"], a["kind"]): a["id"] for a in org.agencies}
    supervisors = {t["index"]: t["supervisor"] for t in org.teams}
    rows = {model: [] for model in MODELS}
    meetings = _Meetings(plan, ids, rows)
    agenda_seen = set()
    for start in range(0, plan.count, BLOCK):
        for i in range(start, min(plan.count, start + BLOCK)):
            _case(plan, ctx, rng, ids, rows, i, agency_of, area_users, agency_by, supervisors, meetings, agenda_seen)
        for model in MODELS:
            if rows[model]:
                yield model, rows[model]
                rows[model] = []
        if on_block:
            on_block(min(plan.count, start + BLOCK) - start)


def _case(plan, ctx, rng, ids, rows, i, agency_of, area_users, agency_by, supervisors, meetings, agenda_seen):
    """Everything the parts hold about one nominal."""
    today = plan.today
    nid = plan.ids[i]
    team = plan.org.teams[plan.team[i]]
    area = team["area"]
    owner = plan.owner[i]
    agency = agency_of[owner]
    supervisor = supervisors[team["index"]] or owner
    long = LONG if i == plan.bench_large else SHORT if i == plan.bench_small else None  # the benchmark's two
    created = datetime.datetime.fromtimestamp(int(plan.created[i]), UTC).date()
    start = EARLIEST if long else max(EARLIEST, created)
    police_users = area_users[area]["by_kind"].get(AgencyKind.POLICE) or [owner]
    police_user = police_users[rng.randrange(len(police_users))]
    police_agency = agency_by[(area, AgencyKind.POLICE)]
    town = plan.org.areas[area]["towns"][team["town"]][0]
    station = f"{town} police station"
    born = plan.dob[i]

    def stamp(day: datetime.date) -> datetime.datetime:
        return _date(min(day, today))

    def item(model, day, handling="", by=owner, on_behalf=None):
        at = stamp(day)
        return [ids.next(model), 1, at, at, nid, handling, on_behalf or agency_of.get(by, agency), by]

    # ---- MAPPA eligibility and levels
    eligible = long or rng.random() < ELIGIBLE_SHARE
    category = _pick(rng, CATEGORY_COUNTS) if eligible else (1 if rng.random() < 0.7 else 2)
    if long:
        category = 1
    # ---- Convictions and sentences: the index offence that makes the category, and earlier ones.
    offences = SEXUAL_OFFENCES if category == 1 else VIOLENT_OFFENCES if category == 2 else OTHER_OFFENCES
    n_before = long["convictions"] - 1 if long else (0 if rng.random() < 0.35 else rng.randint(1, 4))
    index_day = start - _days(rng, 200, 2500) if not long else start - datetime.timedelta(days=30)
    earliest_possible = born + datetime.timedelta(days=17 * 365)
    index_day = max(index_day, earliest_possible + datetime.timedelta(days=n_before * 10 + 30))
    convictions = []
    day = earliest_possible
    gap = max(10, (index_day - earliest_possible).days // (n_before + 1))
    for k in range(n_before):
        day = day + _days(rng, 1, gap)
        convictions.append((day, OTHER_OFFENCES[rng.randrange(len(OTHER_OFFENCES))] if not long or k % 3
                            else offences[rng.randrange(len(offences))], False))
    convictions.append((index_day, offences[rng.randrange(len(offences))], True))
    index = None
    for convicted_on, (code, offence, sexual, contact, images, violent, child, internet, schedule, maximum), is_index \
            in convictions:
        cid = ids.next(Conviction)
        at = stamp(max(convicted_on, start))
        rows[Conviction].append((cid, 1, at, at, nid, "", agency, owner, Conviction.Kind.CONVICTION, code, offence,
                                 convicted_on - _days(rng, 20, 200), convicted_on, f"{town} {COURTS[0 if maximum > 5 else 1]}",
                                 bool(sexual), bool(contact), bool(images), bool(violent), bool(child), bool(internet),
                                 schedule, maximum))
        sentence = _sentence(plan, rng, ids, rows, nid, agency, owner, cid, convicted_on, category, is_index,
                             team["kind"] == AgencyKind.PRISON and is_index and not long, town, at, long and is_index)
        if is_index:
            index = (cid, convicted_on, sentence, bool(sexual))

    # ---- Notification requirements (registered sexual offenders) and each notification
    if category == 1 and index[3]:
        _notification(plan, ctx, rng, ids, rows, nid, police_agency, police_user, index, station, born, long)

    # ---- Licences and conditions, while on licence
    sid, kind, sentenced_on, release_date, released_on, licence_start, licence_end = index[2]
    if long:
        _long_licences(plan, ctx, rng, ids, rows, nid, agency, owner, town, long)
    elif licence_start and released_on and licence_end and licence_end >= today:
        _licence(plan, ctx, rng, ids, rows, nid, agency, owner, town, kind, licence_start, licence_end)

    # ---- MAPPA eligibility and level decisions
    level = None
    if eligible or rng.random() < 0.3:
        identified = max(start, index_day + _days(rng, 0, 60))
        identified = min(identified, today - datetime.timedelta(days=14))
        if (rng.random() < ENDED_EPISODE_SHARE and not long) or not eligible:
            earlier = identified - _days(rng, 400, 1500)
            if earlier >= EARLIEST:
                ended = earlier + _days(rng, 200, max(200, (identified - earlier).days - 1))
                if not eligible:
                    earlier, ended = identified, min(today, identified + _days(rng, 100, 600))
                eid = ids.next(Eligibility)
                at = stamp(earlier)
                decision = _decision(ctx, rng, ids, nid, agency, owner, eid, 1, None, earlier, None)
                rows[Eligibility].append((eid, 1, at, at, nid, "", agency, owner, category, earlier, category,
                                          _reasons(category), "", _link(category), team["agency_id"], ended,
                                          Eligibility.EndReason.LICENCE_ENDED, "Supervision ended; no further concerns",
                                          owner, *_in_force([decision])))
                rows[LevelDecision].append(decision)
        if eligible:
            eid = ids.next(Eligibility)
            at = stamp(identified)
            episode = [eid, 1, at, at, nid, "", agency, owner, category, identified,
                       None if category == 3 else category, _reasons(category),
                       "", _link(category), team["agency_id"], None, "", "", None]
            level = 1 if long else _level_for(rng, category)
            n = long["decisions"] if long else rng.randint(1, 3)
            levels = [level] if n == 1 else [rng.choice([1, 2, 2, 3]) if long else max(1, level - rng.randint(0, 1))
                                             for _ in range(n - 1)] + [level]
            # Decided at increasing dates from identification; the last recently (some now overdue).
            last = today - _days(rng, 0, 150)
            if long:
                last = today - datetime.timedelta(days=20)
            span = max(1, (last - identified).days)
            previous = None
            decisions = []
            for k, lv in enumerate(levels):
                decided = identified + datetime.timedelta(days=span * k // max(1, n - 1)) if n > 1 else last
                meeting = None
                found = meetings.on_or_before(area, lv, decided) if lv >= 2 else None
                if found and found[0] >= identified:
                    decided, meeting = found
                    if (meeting, nid) not in agenda_seen:
                        agenda_seen.add((meeting, nid))
                        rows[AgendaCase].append((ids.next(AgendaCase), meeting, nid, owner, stamp(decided)))
                decisions.append(_decision(ctx, rng, ids, nid, agency, owner, eid, lv, previous, decided, meeting))
                previous = lv
            rows[Eligibility].append((*episode, *_in_force(decisions)))
            rows[LevelDecision].extend(decisions)

    # ---- Risk assessments of each type
    _assessments(plan, rng, ids, rows, nid, agency, owner, supervisor, start, category, level, long, police_user,
                 police_agency)

    # ---- The shared risk management plan
    if long or (level and (level >= 2 or rng.random() < 0.6)):
        _plan(plan, rng, ids, rows, nid, agency, owner, supervisor, start, area_users[area], agency_by, area, long,
              agency_of)


def _reasons(category: int) -> list:
    # As arrangements.services stores them: each with the restricted items it rests on (none here).
    if category == 1:
        return [{"text": "Subject to the notification requirements", "source": "Sentences and orders", "url": "",
                 "restrictions": []}]
    if category == 2:
        return [{"text": "Violent offence with 12 months' custody or more", "source": "Sentences and orders", "url": "",
                 "restrictions": []}]
    return []


def _link(category: int) -> str:
    return ("Threats to a former partner continue; the harassment and damage are linked to a risk of serious harm."
            if category == 3 else "")


def _in_force(decisions: list) -> tuple:
    """The episode's columns for its decision in force (current_decision_id, level, forum, next_review): a
    decision moved back to an earlier meeting's date is not the one in force."""
    current = None
    for d in decisions:
        if mappa_rules.is_later_decision((d[DECIDED_ON], d[0]), current and (current[DECIDED_ON], current[0])):
            current = d
    return (current[0], current[LEVEL], current[FORUM], current[NEXT_REVIEW]) if current else (None, None, "", None)


def _decision(ctx, rng, ids, nid, agency, owner, eid, level, previous, decided, meeting):
    schedule = ctx.review[level]
    window = mappa_rules.review_window(decided, schedule)
    forum = (LevelDecision.Forum.MEETING if meeting else
             LevelDecision.Forum.LEAD_AGENCY if level == 1 else LevelDecision.Forum.CHAIR)
    at = _date(decided)
    notified = at if level == 1 else None
    return (ids.next(LevelDecision), 1, at, at, nid, "", agency, owner, eid, level, previous, forum, meeting, owner,
            decided, RATIONALES[level][rng.randrange(3)], INFORMATION[rng.randrange(3)], window.latest, schedule,
            notified)


def _sentence(plan, rng, ids, rows, nid, agency, owner, cid, convicted_on, category, is_index, in_prison, town, at,
              long=False):
    """One sentence for a conviction; returns (id, kind, sentenced_on, release date, released on, licence start,
    licence end)."""
    today = plan.today
    sid = ids.next(Sentence)
    sentenced = convicted_on + _days(rng, 0, 42)
    sentenced = min(sentenced, today)
    custodial = is_index and (category in (1, 2) and rng.random() < 0.8 or in_prison or long)
    length = extension = custody_from = release = released = l_start = l_end = expiry = order_end = None
    remand = 0
    release_kind = ""
    if custodial:
        kind = Sentence.Kind.EXTENDED if rng.random() < 0.12 else Sentence.Kind.IMMEDIATE_CUSTODY
        length = 12 if long else rng.choice([12, 18, 24, 30, 36, 48, 60, 72, 96, 120])
        extension = rng.choice([24, 36, 48, 60]) if kind == Sentence.Kind.EXTENDED else None
        remand = rng.randint(0, 120)
        custody_from = sentenced - datetime.timedelta(days=remand)
        if in_prison:  # still inside: a term long enough that release is ahead
            since = (today.year - sentenced.year) * 12 + today.month - sentenced.month
            length = max(length, 2 * (since + rng.randint(2, 14)))
        half = orders_rules.add_months(sentenced, length // 2) - datetime.timedelta(days=remand)
        release = half
        release_kind = Sentence.ReleaseKind.AUTOMATIC
        released = release if release <= today else None
        l_start = release
        l_end = orders_rules.add_months(sentenced, length + (extension or 0))
        expiry = l_end
        rows[CustodyPeriod].append((ids.next(CustodyPeriod), 1, at, at, nid, "", agency, owner,
                                    CustodyPeriod.Kind.SENTENCE, sid, f"HMP {town}", custody_from, release, released))
    elif is_index and rng.random() < 0.6:
        kind = Sentence.Kind.COMMUNITY
        length = rng.choice([12, 18, 24, 36])
        order_end = orders_rules.add_months(sentenced, length)
    else:
        kind = rng.choice([Sentence.Kind.FINE, Sentence.Kind.COMMUNITY, Sentence.Kind.SUSPENDED])
        if kind != Sentence.Kind.FINE:
            length = rng.choice([6, 12, 18, 24])
            order_end = orders_rules.add_months(sentenced, length)
    rows[Sentence].append((sid, 1, at, at, nid, "", agency, owner, cid, kind, sentenced, length, extension, remand,
                           custody_from, release_kind, release, released, l_start, l_end, expiry, order_end,
                           is_index and category == 1 and rng.random() < 0.3, ""))
    return sid, kind, sentenced, release, released, l_start, l_end


def _notification(plan, ctx, rng, ids, rows, nid, police_agency, police_user, index, station, born, long):
    today = plan.today
    cid, convicted_on, sentence, _sexual = index
    sid, kind, sentenced_on, release, released, *_ = sentence
    custodial = kind in Sentence.CUSTODIAL
    in_custody = custodial  # remanded or sentenced the same day: notification runs from release
    months = None
    if custodial:
        months = 10_000 if kind in (Sentence.Kind.LIFE, Sentence.Kind.IPP) else float(_months_of(rows, sid))
    disposal = "custody" if custodial or kind == Sentence.Kind.SUSPENDED else "other"
    age = orders_rules.age_on(born, convicted_on)
    period = orders_rules.notification_period(disposal=disposal, custodial_months=months, age_at_conviction=age,
                                              table=ctx.periods, source=ctx.periods_source)
    ends = orders_rules.notification_end(convicted_on, period)
    rid = ids.next(NotificationRequirement)
    at = _date(convicted_on)
    rows[NotificationRequirement].append((rid, 1, at, at, nid, "", police_agency, police_user, cid, None, convicted_on,
                                          in_custody, released if in_custody else None, None, station,
                                          period.indefinite, period.months, period.band, period.halved, ends,
                                          ctx.periods_source, None))
    initial_due = orders_rules.initial_notification_due(relevant_date=convicted_on, days=ctx.initial_days,
                                                        released_on=released if in_custody else None,
                                                        in_custody_on_relevant_date=in_custody)
    event_date = released if in_custody and released else convicted_on
    if initial_due is None:  # still in custody: the first notification waits for release
        rows[NotificationEvent].append((ids.next(NotificationEvent), 1, at, at, nid, "", police_agency, police_user, rid,
                                        NotificationEvent.Kind.INITIAL, convicted_on, None, None, station, False, ""))
        return
    last_end = ends or today + datetime.timedelta(days=3650)
    received = initial_due - _days(rng, 0, ctx.initial_days - 1)
    rows[NotificationEvent].append(_event(ids, nid, police_agency, police_user, rid, NotificationEvent.Kind.INITIAL,
                                          event_date, initial_due, received, station, rng.random() < 0.5))
    count = 1
    limit = long["notifications"] if long else 60
    last = received
    # A long history: a change of address at a steady pace up to today; otherwise the annual re-notification.
    pace = max(ctx.change_days + 1, (today - received).days // limit) if long else 0
    while count < limit:
        due = orders_rules.periodic_notification_due(last, ctx.periodic_months)
        if long:
            due = orders_rules.change_notification_due(last + datetime.timedelta(days=pace), ctx.change_days)
        if due > last_end:
            break
        kind_ = NotificationEvent.Kind.ADDRESS if long else NotificationEvent.Kind.PERIODIC
        event = last + datetime.timedelta(days=pace) if long else last
        if due < today - datetime.timedelta(days=0) and not (due > today - datetime.timedelta(days=120)
                                                             and rng.random() < NOTIFICATION_OVERDUE_SHARE):
            got = due - _days(rng, 0, 2 if long else 20)
            got = max(got, event)
            rows[NotificationEvent].append(_event(ids, nid, police_agency, police_user, rid, kind_, event, due, got,
                                                  station, rng.random() < 0.3))
            last = got
            count += 1
            continue
        # The latest: overdue (not received by its due date), or due soon.
        rows[NotificationEvent].append(_event(ids, nid, police_agency, police_user, rid, kind_, event, due, None,
                                              station, False))
        break
    if rng.random() < 0.1 and not long:  # a change of address, notified in time
        moved = max(event_date, today - _days(rng, 10, 300))
        due = orders_rules.change_notification_due(moved, ctx.change_days)
        rows[NotificationEvent].append(_event(ids, nid, police_agency, police_user, rid, NotificationEvent.Kind.ADDRESS,
                                              moved, due, min(due, today), station, True))


def _months_of(rows, sid):
    for row in reversed(rows[Sentence]):
        if row[0] == sid:
            return row[11] or 0
    return 0


def _event(ids, nid, agency, by, rid, kind, event_date, due, received, station, visited):
    at = _date(min(received or event_date, event_date if received is None else received))
    return (ids.next(NotificationEvent), 1, at, at, nid, "", agency, by, rid, kind, event_date, due, received, station,
            visited and received is not None, "")


def _licence(plan, ctx, rng, ids, rows, nid, agency, owner, town, kind, start, end, revoked=None):
    lid = ids.next(Licence)
    at = _date(min(start, plan.today))
    lkind = Licence.Kind.EXTENDED if kind == Sentence.Kind.EXTENDED else Licence.Kind.STANDARD
    rows[Licence].append((lid, 1, at, at, nid, "", agency, owner, lkind, start, end,
                          f"HMP {town}, for the Secretary of State", revoked, ""))
    standard = [c for c in ctx.catalogue if c[1] == licence_rules.STANDARD]
    additional = [c for c in ctx.catalogue if c[1] == licence_rules.ADDITIONAL]
    chosen = standard + rng.sample(additional, min(len(additional), rng.randint(1, 4)))
    for code, category, title, wording_from, text, values in chosen:
        rows[LicenceCondition].append((ids.next(LicenceCondition), 1, at, at, nid, "", agency, owner, lid, code,
                                       category, title, wording_from, values, text, start, None))
    return lid


def _long_licences(plan, ctx, rng, ids, rows, nid, agency, owner, town, sizes):
    """The benchmark's people: licences, each revoked on recall but the last, which is current; each with
    conditions added and ended."""
    today = plan.today
    start = today - datetime.timedelta(days=sizes["licences"] * 240)
    for k in range(sizes["licences"]):
        current = k == sizes["licences"] - 1
        end = today + datetime.timedelta(days=400) if current else start + datetime.timedelta(days=600)
        revoked = None if current else start + datetime.timedelta(days=200)
        lid = _licence(plan, ctx, rng, ids, rows, nid, agency, owner, town, Sentence.Kind.IMMEDIATE_CUSTODY, start, end,
                       revoked)
        additional = [c for c in ctx.catalogue if c[1] == licence_rules.ADDITIONAL]
        at = _date(start)
        for code, category, title, wording_from, text, values in additional[:sizes["conditions_per_licence"]]:
            rows[LicenceCondition].append((ids.next(LicenceCondition), 1, at, at, nid, "", agency, owner, lid, code,
                                           category, title, wording_from, values, text, start,
                                           start + datetime.timedelta(days=100)))
        start += datetime.timedelta(days=240)


def _assessments(plan, rng, ids, rows, nid, agency, owner, supervisor, start, category, level, long, police_user,
                 police_agency):
    today = plan.today
    kinds = [(RiskType.ROSH, Tool.OASYS), (RiskType.LIKELIHOOD, Tool.OASYS), (RiskType.RECONVICTION, Tool.OGRS3)]
    if category == 1:
        kinds.append((RiskType.RECONVICTION, Tool.RM2000))
    rosh_base = 2 if level == 3 else 1 if level == 2 else 0
    per_kind = long["assessments"] // len(kinds) if long else None
    for risk_type, tool in kinds:
        if not long and rng.random() < 0.08:
            continue  # not yet assessed with this tool
        n = per_kind or (1 if rng.random() < 0.55 else rng.randint(2, 4))
        last = today - _days(rng, 3, 200)
        span = max(30, (last - start).days)
        for k in range(n):
            assessed = last - datetime.timedelta(days=span * (n - 1 - k) // max(1, n)) if n > 1 else last
            latest = k == n - 1
            status = Assessment.Status.APPROVED
            if latest and not long and rng.random() < ASSESSMENT_UNAPPROVED_SHARE:
                status = Assessment.Status.COMPLETED if rng.random() < 0.75 else Assessment.Status.DRAFT
            by, by_agency = (police_user, police_agency) if tool == Tool.RM2000 else (owner, agency)
            at = _date(assessed)
            inputs, result, level_, rosh = {}, {}, "", {}
            narrative = ("", "", "", "", "")
            if risk_type == RiskType.ROSH:
                for group in ROSH_GROUPS[:4]:
                    community = LEVELS[min(3, _weighted_index(rng, ROSH_WEIGHTS) + (rosh_base if group != "staff" else 0))]
                    if long:  # the benchmark's two people alike: medium, so neither page shows a referral prompt
                        community = "medium"
                    rosh[group] = {"community": community, "custody": "low"}
                level_ = max((g["community"] for g in rosh.values()), key=LEVELS.index)
                narrative = ("Children, and any new partner's children", "Sexual or violent harm, lasting",
                             "Not imminent while he keeps to the plan", "A new relationship; drinking",
                             "Disclosure, visits, the programme")
            elif risk_type == RiskType.LIKELIHOOD:
                level_ = LEVELS[_weighted_index(rng, [0.3, 0.45, 0.2, 0.05])]
                inputs = {"level": {"value": level_, "source": "OASys"}}
            elif tool == Tool.OGRS3:
                two = rng.randint(8, 95)
                one = max(1, two * 2 // 3)
                level_ = "low" if two < 50 else "medium" if two < 75 else "high" if two < 90 else "very_high"
                result = {"probabilities": {"one_year": one, "two_year": two}, "band": level_,
                          "explanation": [f"{two}% within two years is {level_.replace('_', ' ')}."]}
            else:  # Risk Matrix 2000, scored by the trained assessor
                s, v = LEVELS[_weighted_index(rng, [0.3, 0.4, 0.2, 0.1])], LEVELS[_weighted_index(rng, [0.4, 0.4, 0.15, 0.05])]
                level_ = s
                inputs = {"S.category": {"value": s, "source": "assessor"}, "V.category": {"value": v, "source": "assessor"}}
                result = {"probabilities": {"categories": {"S": s, "V": v}}}
            completed_at = approved_at = completed_by = approved_by = None
            if status != Assessment.Status.DRAFT:
                completed_at, completed_by = at, by
            if status == Assessment.Status.APPROVED:
                approved_at, approved_by = at + datetime.timedelta(days=2), supervisor
            rows[Assessment].append((ids.next(Assessment), 1, at, at, nid, "", by_agency, by, risk_type, tool, status,
                                     assessed, inputs, result, level_, None, rosh, *narrative, "", "", "", "",
                                     completed_at, completed_by, approved_at, approved_by))


def _weighted_index(rng, weights) -> int:
    r = rng.random() * sum(weights)
    for k, w in enumerate(weights):
        r -= w
        if r < 0:
            return k
    return len(weights) - 1


def _plan(plan, rng, ids, rows, nid, agency, owner, supervisor, start, users, agency_by, area, long, agency_of):
    today = plan.today
    pid = ids.next(Plan)
    started = max(start, today - _days(rng, 30, 900))
    if long:
        started = start
    rows[Plan].append((pid, nid, started, owner, _date(started)))
    n = long["plan_items"] if long else rng.randint(4, 9)
    by_kind = users["by_kind"]
    for k in range(n):
        heading, what, why, purpose, element, every, kind = PLAN_ITEMS[(k if long else rng.randrange(len(PLAN_ITEMS)))
                                                                       % len(PLAN_ITEMS)]
        people = by_kind.get(kind)
        item_owner = owner if agency_of.get(owner) == agency_by.get((area, kind)) or not people else \
            people[rng.randrange(len(people))]
        owner_agency = agency_of.get(item_owner)
        item_start = started + _days(rng, 0, 30)
        item_start = min(item_start, today)
        status = "in_progress" if every else rng.choice(["planned", "in_progress", "done"])
        if long and k < n - 3:
            status = rng.choice(["done", "cancelled"])
        last_done = None
        if every:
            # Mostly kept up; some overdue (last done more than its interval ago).
            back = rng.randint(0, every * 2 if rng.random() < 0.15 else every - 1)
            last_done = max(item_start, today - datetime.timedelta(days=back))
        due = None if every else item_start + _days(rng, 30, 180)
        completed = min(today, due or today) if status == "done" else None
        evidence = "Recorded in the activity log" if status == "done" else ""
        response = 4 if element == "contingency" else None
        at = _date(item_start)
        iid = ids.next(PlanItem)
        rows[PlanItem].append((iid, 1, at, at, nid, "", owner_agency or agency, owner, pid, heading, what, why,
                               item_owner, owner_agency, purpose, element, item_start, due, every, response, status,
                               last_done, completed, evidence, "", "", item_owner))
        values = dict(zip(PLAN_ITEM_FIELDS, (heading, what, why, item_owner, owner_agency, purpose, element,
                                             item_start.isoformat(), due.isoformat() if due else None, every, response,
                                             status, last_done.isoformat() if last_done else None,
                                             completed.isoformat() if completed else None, evidence, "", "")))
        rows[PlanItemRevision].append((ids.next(PlanItemRevision), iid, nid, 1, at, owner,
                                       values | {"owner_name": "", "owner_agency_name": "", "source_label": ""},
                                       {}, "", owner_agency or agency))
    if rng.random() < 0.5 or long:
        reviews = long["reviews"] if long else 1
        for r in range(reviews):
            done = today - _days(rng, 10, 120) - datetime.timedelta(days=120 * (reviews - 1 - r))
            if done < started:
                continue
            at = _date(done)
            rows[PlanReview].append((ids.next(PlanReview), 1, at, at, nid, "", agency, owner, pid,
                                     PlanReview.Kind.SCHEDULED, done, done, owner,
                                     "Licence compliance, police visits, the RoSH review",
                                     "The victim liaison officer reports no contact; the victim's views are unchanged",
                                     "Visits continue; programme sessions added", PlanReview.Outcome.AMENDED, [],
                                     supervisor, done + datetime.timedelta(days=3), "Plan is sound"))


def check_columns() -> None:
    """Every NOT NULL column without a default is named (a new column fails loudly here, not in COPY)."""
    for model, columns in COLUMNS.items():
        names = {f.attname for f in model._meta.concrete_fields}
        unknown = set(columns) - names
        if unknown:
            raise RuntimeError(f"{model.__name__} has no fields {sorted(unknown)}")
