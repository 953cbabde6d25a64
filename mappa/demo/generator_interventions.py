"""Interventions of the synthetic register's sexual and violent offenders under supervision: programme referrals with
their eligibility decisions, waiting lists, sessions, outcomes and post-programme reviews, and one-to-one work, as the
interventions part would hold them, so that its pages and work list are measured at national scale (issue 23).

Who is referred, and how long they wait, follow the inspection's figures where it gives them (shared/domain,
inspection 2010):
- Of its 74 probation cases of sexual offenders, 27 needed a sex offender treatment programme (paragraph 6.1,
  sotp.required_in_sample): 27/74 of the sexual offenders on a community order or licence are referred. The sample
  held more cases without the programme than usual by design (64%, paragraph 1.10), so the share is if anything low.
- Of those 27, ten waited six to twelve months and three over a year (T-22, QM-80): the wait from the list to the start
  is drawn from those three bands, 14/27 under six months.
- Pre-programme work was incomplete in almost half (paragraph 6.2, QM-82): half have finished it by the start.
- The post-programme report (SARN) was not done in over half of the relevant cases (paragraphs 2.9, 5.11, QM-48):
  45% of the reviews due are recorded, the rest are overdue.
- The cases not on a programme had one-to-one offence-focused work instead (paragraphs 6.8-6.10, E-28; P-18).
The documents give no share for violent offenders, for exclusions or deferrals, or for non-completion: the shares
below say so where they are set. A community order with a programme requirement (written by the supervision pass) is
always referred under that order.

Read from the orders and licences already written (so it can be added to a register generated before it); each
person's draws come from a random stream of their own from the seed (so adding it again adds nothing, and no other
part's rows for a seed change); written with COPY.
"""
from __future__ import annotations

import datetime
import random
import sys
import time

from django.db.models import Max, Q
from django.utils import timezone

from mappa.core import reference
from mappa.demo.generator_parts import UTC
from mappa.demo.generator_supervision import ACCEPTABLE_SHARE, ENDED_WITHIN_DAYS, UNACCEPTABLE_SHARE
from mappa.interventions import rules
from mappa.interventions.models import OneToOneWork, Programme, ProgrammeReferral, ProgrammeSession
from mappa.nominals.models import Gender
from mappa.orders.models import Sentence
from mappa.supervision import rules as supervision_rules
from mappa.supervision.models import Requirement

ITEM = ["id", "version", "created_at", "updated_at", "nominal_id", "handling", "agency_id", "handling_set_by_id",
        "created_by_id"]
COLUMNS = {
    ProgrammeReferral: ITEM + ["programme_id", "sentence_id", "referred_on", "reason", "eligibility",
                               "eligibility_reason", "assessed_on", "listed_on", "expected_start_on", "started_on",
                               "pre_programme_work", "pre_programme_done_on", "outcome", "outcome_on", "outcome_reason",
                               "outcome_by_id", "review_due_on", "reviewed_on", "review_findings",
                               "review_raises_concern"],
    ProgrammeSession: ITEM + ["referral_id", "on", "attendance", "reason", "feedback"],
    OneToOneWork: ITEM + ["referral_id", "worker", "topic", "started_on", "sessions_planned", "sessions_done",
                          "outcome", "ended_on"],
}
MODELS = list(COLUMNS)
LABELS = {ProgrammeReferral: "programme referrals", ProgrammeSession: "programme sessions",
          OneToOneWork: "one-to-one work records"}

SEXUAL_REFERRED = 27 / 74  # inspection paragraph 6.1: 27 of the 74 probation cases needed the programme
VIOLENT_REFERRED = 0.25  # no figure in the sources: a quarter (domestic abuse and thinking skills programmes)
# QM-80 / T-22: of 27 waits, 14 under six months, ten six to twelve months, three over a year: (weight, days from, to).
WAIT_BANDS = [(14, 21, 181), (10, 182, 365), (3, 366, 540)]
NOT_ELIGIBLE_SHARE, DEFERRED_SHARE = 0.10, 0.05  # no figure in the sources (V-09 lists the reasons, not how many)
PRE_PROGRAMME_DONE_SHARE = 0.5  # paragraph 6.2: incomplete in almost half
DROP_OUT_SHARE = 0.08  # no figure in the sources: excluded from the group part way through
UNACCEPTABLE_LIMIT = 3  # absences without an acceptable reason before the person is taken off the programme
REVIEWED_SHARE = 0.45  # paragraphs 2.9, 5.11: the post-programme report not done in over half
CONCERN_SHARE = 0.1  # no figure in the sources: a review that finds the risk changed
ONE_TO_ONE_SHARE = 0.5  # no figure in the sources: half of those not referred have offence-focused work one-to-one
SESSION_HOURS = 2  # i-SOTP: 35 two-hour sessions (T-19); a programme the catalogue gives only hours for
DEFAULT_SESSIONS = 20  # a programme the catalogue gives neither sessions nor hours for: weekly for about five months
FEEDBACK_SHARE = 0.2
# Programme codes (interventions/migrations/0002_reference_data.py) and the share of referrals to each.
SEXUAL_PROGRAMMES = [("core-sotp", 0.75), ("a-sotp", 0.1), ("sotp-individual", 0.15)]
INTERNET_PROGRAMME = "i-sotp"
VIOLENT_PROGRAMMES = [("idap", 0.5), ("thinking-skills", 0.5)]
WOMEN_PROGRAMME = "s4w"
GENERAL_PROGRAMME = "thinking-skills"  # a programme requirement of an order for another kind of offence
REASONS = {"sexual": "Offence-focused work on sexual offending the plan asks for",
           "violent": "Offence-focused work on violence the plan asks for"}
NOT_ELIGIBLE_REASONS = ["Denies the offence: above the programme's threshold (paragraph 6.6)",
                        "Learning difficulties: the adapted programme is more suitable",
                        "Disruptive in groups: one-to-one work instead (paragraph 6.6)"]
DEFERRED_REASON = "Start deferred until the person's mental health is stable (E2.3-30)"
PRE_PROGRAMME = "Passive offence account and motivational sessions with the offender manager"
MISSED = {rules.ACCEPTABLE: "Ill; a doctor's note seen", rules.UNACCEPTABLE: "No contact and no reason given"}
FEEDBACK = ["Engaged well with the group", "Quiet; completed the worksheet", "Challenged his own account of the offence",
            "Tutors report progress on victim empathy"]
DROP_OUT = "Excluded from the group for disruptive behaviour (paragraph 6.6)"
TOO_MANY_ABSENCES = "Taken off the programme after three absences without an acceptable reason"
ORDER_ENDED = "The order or licence ended before the programme was finished (paragraph 6.1)"
REVIEW_FINDINGS = "Post-programme report: treatment targets carried into the sentence plan"
REVIEW_CONCERN = "Post-programme report: the risk of serious harm has risen; plan and risk review needed"
WORKERS = ["Offender manager", "Probation service officer", "Programme tutor"]
TOPICS = ["Offence-focused work: thoughts, feelings and actions (paragraph 6.9)",
          "Victim awareness and dynamic risk factors", "Relationships and support networks"]
ALTERNATIVE_SESSIONS = 15  # E2.3-18: not suitable for the programme, 15 one-to-one sessions instead


def _candidates(today: datetime.date, required: set) -> list[tuple]:
    """(nominal, agency, owner, sentence, begins, ends, sexual, violent, internet, gender) of each sexual or violent
    offender on a community or suspended sentence order, or a licence, begun and in force or ended within the year (the
    latest of each person's), and of each order with a programme requirement (that order)."""
    since = today - datetime.timedelta(days=ENDED_WITHIN_DAYS)
    orders = Q(kind__in=(Sentence.Kind.COMMUNITY, Sentence.Kind.SUSPENDED), sentenced_on__lte=today) & (
        Q(order_end__isnull=True) | Q(order_end__gte=since))
    licences = Q(released_on__isnull=False, released_on__lte=today, licence_end__gte=since)
    rows = (Sentence.objects.filter(orders | licences)
            .filter(Q(conviction__sexual=True) | Q(conviction__violent=True) | Q(id__in=_required()))
            .order_by("nominal_id", "-sentenced_on", "-id")
            .values_list("nominal_id", "agency_id", "created_by_id", "id", "kind", "sentenced_on", "released_on",
                         "order_end", "licence_end", "conviction__sexual", "conviction__violent",
                         "conviction__internet_facilitated", "nominal__gender"))
    chosen = {}
    for nid, agency, owner, sid, kind, sentenced, released, order_end, licence_end, *facts in rows:
        if nid in chosen and (chosen[nid][3] in required or sid not in required):
            continue  # the latest, unless an earlier one has a programme requirement
        licence = kind not in (Sentence.Kind.COMMUNITY, Sentence.Kind.SUSPENDED)
        chosen[nid] = (nid, agency, owner, sid, released if licence else sentenced,
                       licence_end if licence else order_end, *facts)
    return list(chosen.values())


def _required():
    """The orders with a programme requirement, as a subquery."""
    return Requirement.objects.filter(kind=supervision_rules.PROGRAMME).values("sentence_id")


def _sessions_of(programme) -> int:
    if programme.sessions:
        return programme.sessions
    return -(-programme.hours // SESSION_HOURS) if programme.hours else DEFAULT_SESSIONS


def _weighted(rng, choices):
    return rng.choices([c for c, _w in choices], [w for _c, w in choices])[0]


class _Rows:
    """The rows being built, each model's ids counted on from the largest there."""

    def __init__(self, bases: dict):
        self.last = dict(bases)
        self.out = {model: [] for model in MODELS}

    def add(self, model, row: tuple) -> int:
        self.last[model] += 1
        self.out[model].append((self.last[model], 1, *row))
        return self.last[model]


def _person_rng(seed, nid: int) -> random.Random:
    return random.Random(f"mappa-generator:{seed}:interventions:{nid}")


def _item(day: datetime.date, nid, agency, owner) -> tuple:
    at = datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    return (at, at, nid, "", agency, agency, owner)


def _referral(rng, found: _Rows, person, programme, required: bool, reviews: list, today) -> int | None:
    """One referral and its sessions; its id, or None when it would be made after today."""
    nid, agency, owner, sid, begins, ends, sexual, *_facts = person
    referred = begins + datetime.timedelta(days=rng.randint(0, 28))  # within five weeks of sentence
    if referred > today or not programme.in_force(referred):
        return None
    eligibility, reason = rules.PENDING, ""
    assessed = referred + datetime.timedelta(days=rng.randint(7, 28))
    if assessed > today:
        assessed = None
    else:
        r = rng.random()
        if r < NOT_ELIGIBLE_SHARE and not required:
            eligibility, reason = rules.NOT_ELIGIBLE, rng.choice(NOT_ELIGIBLE_REASONS)
        elif r < NOT_ELIGIBLE_SHARE + DEFERRED_SHARE and not required:
            eligibility, reason = rules.DEFERRED, DEFERRED_REASON
        else:
            eligibility, reason = rules.ELIGIBLE, "Assessed as suitable"
    listed = expected = started = pre_done = None
    pre_work = ""
    if eligibility == rules.ELIGIBLE:
        listed = assessed + datetime.timedelta(days=rng.randint(0, 14))
        if listed > today:
            listed = None
    outcome, outcome_on, outcome_reason = "", None, ""
    sessions = []
    if listed:
        band = _weighted(rng, [((low, high), weight) for weight, low, high in WAIT_BANDS])
        start = listed + datetime.timedelta(days=rng.randint(*band))
        pre_work = PRE_PROGRAMME
        expected = start
        if ends and ends < start and ends <= today:  # the order ended while on the list (F-091)
            outcome, outcome_on, outcome_reason = rules.NOT_COMPLETED, ends, ORDER_ENDED
        elif start <= today:
            started = start
        if rng.random() < PRE_PROGRAMME_DONE_SHARE:
            done = listed + datetime.timedelta(days=rng.randint(7, max(7, (start - listed).days - 1)))
            pre_done = done if done <= min(start, today) else None
    if started:
        outcome, outcome_on, outcome_reason, sessions = _sessions(rng, started, ends, _sessions_of(programme), today)
    review_due = reviewed = None
    findings, concern = "", False
    table = reference.in_force_among(reviews, outcome_on) if outcome else None
    if table:
        review_due = rules.review_due(outcome_on, table)
        if review_due <= today and rng.random() < REVIEWED_SHARE:
            reviewed = review_due - datetime.timedelta(days=rng.randint(0, 14))
            concern = rng.random() < CONCERN_SHARE
            findings = REVIEW_CONCERN if concern else REVIEW_FINDINGS
    rid = found.add(ProgrammeReferral, (
        *_item(referred, nid, agency, owner), programme.pk, sid, referred,
        REASONS["sexual" if sexual else "violent"] if not required else "Programme requirement of the order",
        eligibility, reason, assessed, listed, expected, started, pre_work, pre_done, outcome, outcome_on,
        outcome_reason, owner if outcome else None, review_due, reviewed, findings, concern))
    for day, attendance, why, feedback in sessions:
        found.add(ProgrammeSession, (*_item(day, nid, agency, owner), rid, day, attendance, why, feedback))
    if eligibility == rules.NOT_ELIGIBLE:  # one-to-one work instead (E2.3-18)
        _one_to_one(rng, found, person, assessed, rid, ALTERNATIVE_SESSIONS, today)
    return rid


def _sessions(rng, started, ends, wanted: int, today):
    """Weekly sessions from the start until the programme's sessions are attended, the person is taken off it, the
    order ends or today: (outcome, its day, its reason, [(day, attendance, reason, feedback)])."""
    sessions, attended, unacceptable = [], 0, 0
    drop_at = rng.randint(1, wanted) if rng.random() < DROP_OUT_SHARE else None
    day = started
    while True:
        if ends and day > ends:
            return (rules.NOT_COMPLETED, ends, ORDER_ENDED, sessions) if ends <= today else ("", None, "", sessions)
        if day > today:
            return "", None, "", sessions
        r = rng.random()
        if r < UNACCEPTABLE_SHARE:
            mark = rules.UNACCEPTABLE
        elif r < UNACCEPTABLE_SHARE + ACCEPTABLE_SHARE:
            mark = rules.ACCEPTABLE
        else:
            mark = rules.ATTENDED
        feedback = rng.choice(FEEDBACK) if mark == rules.ATTENDED and rng.random() < FEEDBACK_SHARE else ""
        sessions.append((day, mark, MISSED.get(mark, ""), feedback))
        attended += mark == rules.ATTENDED
        unacceptable += mark == rules.UNACCEPTABLE
        if unacceptable >= UNACCEPTABLE_LIMIT:
            return rules.NOT_COMPLETED, day, TOO_MANY_ABSENCES, sessions
        if drop_at is not None and len(sessions) >= drop_at:
            return rules.NOT_COMPLETED, day, DROP_OUT, sessions
        if attended >= wanted:
            return rules.COMPLETED, day, "", sessions
        day += datetime.timedelta(days=7)


def _one_to_one(rng, found: _Rows, person, after, referral_id, planned: int | None, today) -> None:
    nid, agency, owner, _sid, begins, ends, *_ = person
    started = (after or begins) + datetime.timedelta(days=rng.randint(7, 42))
    if started > today:
        return
    weeks = ((min(ends, today) if ends else today) - started).days // 14  # fortnightly
    planned = planned or rng.choice([10, 12, 15, 20])
    done = max(0, min(planned, weeks))
    finished = done >= planned or (ends is not None and ends <= today)
    ended_on = min(started + datetime.timedelta(days=14 * done), ends or today, today) if finished else None
    outcome = ("Work completed: the plan's objectives met" if done >= planned
               else "Ended with the order: work to carry on under the next plan") if finished else ""
    found.add(OneToOneWork, (*_item(started, nid, agency, owner), referral_id, rng.choice(WORKERS), rng.choice(TOPICS),
                             started, planned, done, outcome, ended_on))


def rows(people: list[tuple], programmes: dict, required: set, reviews: list, bases: dict, seed, today):
    """{model: [row tuples]} for the people, ids counted on from `bases`."""
    found = _Rows(bases)
    for person in people:
        nid, _agency, _owner, sid, _begins, _ends, sexual, violent, internet, gender = person
        rng = _person_rng(seed, nid)
        must = sid in required
        share = SEXUAL_REFERRED if sexual else VIOLENT_REFERRED if violent else 0.0
        if must or rng.random() < share:
            if gender == Gender.FEMALE:
                code = WOMEN_PROGRAMME
            elif sexual:
                code = INTERNET_PROGRAMME if internet else _weighted(rng, SEXUAL_PROGRAMMES)
            elif violent:
                code = _weighted(rng, VIOLENT_PROGRAMMES)
            else:
                code = GENERAL_PROGRAMME
            if code in programmes:
                _referral(rng, found, person, programmes[code], must, reviews, today)
        elif (sexual or violent) and rng.random() < ONE_TO_ONE_SHARE:
            _one_to_one(rng, found, person, None, None, None, today)
    return found.out


def generate_interventions(seed=1, today: datetime.date | None = None, progress: bool = True, log=None) -> dict:
    """Write the interventions of every sexual or violent offender under supervision who has none yet;
    {label: rows written}."""
    from mappa.demo.generator import write_part

    log = log or (lambda message: print(message, file=sys.stderr))
    started = time.monotonic()
    today = today or timezone.localdate()
    done = set(ProgrammeReferral.objects.values_list("nominal_id", flat=True).distinct()) | set(
        OneToOneWork.objects.values_list("nominal_id", flat=True).distinct())
    required = set(_required().values_list("sentence_id", flat=True))
    people = [p for p in _candidates(today, required) if p[0] not in done]
    programmes = {p.code: p for p in Programme.objects.all()}
    reviews = [(day, {"review_within_days": value["review_within_days"]})
               for day, value in reference.every_row("interventions.timings")]
    bases = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model in MODELS}
    found = rows(people, programmes, required, reviews, bases, seed, today)
    write_part(MODELS, COLUMNS, found, LABELS, progress)
    log(f"Interventions of {len(people):,} people: " + ", ".join(f"{len(found[m]):,} {LABELS[m]}" for m in MODELS)
        + f" in {time.monotonic() - started:.1f}s")
    return {m._meta.label: len(found[m]) for m in MODELS}
