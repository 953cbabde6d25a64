"""Reading the register for the quality measures: every read goes through the access policy's scoped querysets
(`nominals_in_area`, `items_in_area`), so a reader's figures, trend and failing cases count only the records and
items they may see. The measures themselves are pure functions in rules.py.

`rows_for(user, area)` is the whole read: a fixed number of queries, whatever the area's size.
"""
import datetime
from dataclasses import dataclass, fields

from django.db.models import Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Team, User
from mappa.arrangements.models import AgendaCase, Eligibility, LevelDecision, Meeting, Minute, Referral
from mappa.core import reference
from mappa.intelligence.models import IntelligenceAction, IntelligenceItem
from mappa.interventions.models import Programme, ProgrammeReferral
from mappa.licences.models import Licence
from mappa.orders.models import Conviction, NotificationRequirement, Sentence
from mappa.orders.queries import in_custody_on
from mappa.plans.models import Plan, PlanItem, PlanReview, PlanReviewTrigger, Status
from mappa.quality import rules
from mappa.resettlement.models import PremisesPlacement
from mappa.risk.models import Assessment, TrainingRecord
from mappa.safeguarding.models import DisclosureDecision
from mappa.victims import rules as victim_rules
from mappa.victims.models import ContactEntry
from mappa.visits.models import Visit
from mappa.workforce.models import CourseRecord

TREND_MONTHS = "quality.trend.months"


def key_of(measure: str) -> str:
    return f"quality.measure.{measure}"


@dataclass(frozen=True)
class Info:
    """A measure as its reference data in force describes it."""
    key: str
    qm: str
    title: str
    threshold: int
    source: str
    since: datetime.date
    settings: rules.Settings
    counts: str
    doc: str


def info(measure: str, on: datetime.date) -> Info:
    """The measure's reference data in force on `on`. A parameter another part's reference data already holds (the
    probation visit intervals, the days a triggered review is due in) is named in "read_from" and read from there,
    as in force the same day, rather than copied."""
    row = reference.in_force(key_of(measure), on)
    value = dict(row.value)
    for name, key in value.get("read_from", {}).items():
        value[name] = reference.value(key, on)
    found = rules.MEASURES[measure]
    return Info(measure, value["qm"], value["title"], int(value["threshold"]), row.source, row.effective_from,
                rules.Settings(int(value["threshold"]), value), found.counts, " ".join((found.evaluate.__doc__ or "").split()))


def measures(on: datetime.date) -> list[Info]:
    """Every measure with reference data in force on `on`, in the catalogue's order."""
    found = []
    for key in rules.MEASURES:
        try:
            found.append(info(key, on))
        except reference.MissingReferenceData:
            continue
    return sorted(found, key=lambda i: int(i.qm.split("-")[1]))


def _in_area(user, model, area, **days):
    """Items of `model` on the area's records the reader may see; each of `days` (name: a time column) is read as
    the local day it fell on, worked out by the database rather than row by row here."""
    items = policy.items_in_area(user, model, area.pk).order_by()
    return items.annotate(**{name: TruncDate(column) for name, column in days.items()}) if days else items


def _in_force_on(history: list, day: datetime.date):
    """The value of a dated rule's history (reference.every_row) in force on `day`; None before its first."""
    found = None
    for since, value in history:
        if since <= day:
            found = value
    return found


def _victims(user, area) -> tuple[rules.Victim, ...]:
    """The victims whose details the reader may see (policy.victims_in_area), each judged against the statutory
    contact scheme in force the day the offender was sentenced for the offence against them, as the victims part's
    work list judges it: from the conviction and its latest sentence the reader may see (four queries with the
    scheme's history and its timescales)."""
    victims = policy.victims_in_area(user, area.pk).order_by()
    found = list(victims.annotate(recorded=TruncDate("created_at")).values_list(
        "pk", "nominal_id", "recorded", "kind", "conviction_id", "scheme_offered_on", "scheme_response",
        "scheme_responded_on", "ended_on"))
    offences = victims.values("conviction_id")
    convictions = {pk: (sexual, violent) for pk, sexual, violent in _in_area(user, Conviction, area).filter(
        pk__in=offences).values_list("pk", "sexual", "violent")}
    latest = {}
    for conviction, kind, on, months in _in_area(user, Sentence, area).filter(conviction_id__in=offences).order_by(
            "sentenced_on", "pk").values_list("conviction_id", "kind", "sentenced_on", "length_months"):
        latest[conviction] = (kind, on, months)
    schemes, timescales = reference.every_row("victims.contact_scheme"), reference.every_row("victims.contact.timescales")
    rows = []
    for pk, nominal, recorded, kind, conviction, offered, response, responded, ended in found:
        statutory, due = False, None
        offence, sentence = convictions.get(conviction), latest.get(conviction)
        if offence is not None and sentence is not None and sentence[1] is not None:
            scheme, times = _in_force_on(schemes, sentence[1]), _in_force_on(timescales, sentence[1])
            if scheme is not None and times is not None:
                statutory = victim_rules.contact_scheme_eligibility(
                    victim_kind=kind, sexual=offence[0], violent=offence[1], sentence_kind=sentence[0],
                    length_months=sentence[2], scheme=scheme).eligible
                due = sentence[1] + datetime.timedelta(days=int(times["offer_within_days"]))
        rows.append(rules.Victim(pk, nominal, recorded, statutory, due, offered, response, responded, ended))
    return tuple(rows)


def _programme_referrals(user, area) -> tuple[rules.ProgrammeReferral, ...]:
    """Programme referrals the reader may see, each with the end of the order or licence it is under, read from the
    sentence only when the reader may see that too (two queries)."""
    found = list(_in_area(user, ProgrammeReferral, area, recorded="created_at").values_list(
        "pk", "nominal_id", "recorded", "programme__kind", "referred_on", "eligibility", "listed_on", "started_on",
        "pre_programme_work", "pre_programme_done_on", "outcome", "outcome_on", "sentence_id"))
    ends = {pk: licence_end or order_end or expiry for pk, licence_end, order_end, expiry in _in_area(
        user, Sentence, area).filter(pk__in={row[-1] for row in found if row[-1]}).values_list(
        "pk", "licence_end", "order_end", "sentence_expiry")}
    return tuple(rules.ProgrammeReferral(pk, nominal, recorded, kind == Programme.Kind.SEXUAL, referred, eligibility, listed,
                                         started, bool(work.strip()), done, outcome, outcome_on, ends.get(sentence))
                 for pk, nominal, recorded, kind, referred, eligibility, listed, started, work, done, outcome, outcome_on,
                 sentence in found)


def _starts(user, area) -> tuple[rules.Start, ...]:
    """The starts of community and suspended sentence orders (their date of sentence) and of licences (two
    queries)."""
    orders = _in_area(user, Sentence, area, recorded="created_at").filter(
        kind__in=(Sentence.Kind.COMMUNITY, Sentence.Kind.SUSPENDED)).values_list("pk", "nominal_id", "sentenced_on", "recorded")
    licences = _in_area(user, Licence, area, recorded="created_at").values_list("pk", "nominal_id", "start_date", "recorded")
    return (tuple(rules.Start(pk, nominal, rules.ORDER, on, recorded) for pk, nominal, on, recorded in orders)
            + tuple(rules.Start(pk, nominal, rules.LICENCE, on, recorded) for pk, nominal, on, recorded in licences))


def _staff(user, area) -> dict:
    """The members of staff the reader may see as a team, with their training and supervision sessions, through the
    workforce part's reads (policy.team_members_for, staff_training_for, staff_supervisions_for): a supervisor's own
    team, when it is in the area; nobody for anyone else, so a co-ordinator counts no member of staff and no name
    reaches a reader who may not see the team (four queries)."""
    members = policy.team_members_for(user).filter(team__area=area).order_by()
    ids = members.values("pk")
    return {
        "staff": tuple(rules.StaffMember(pk, team, kind or "", role) for pk, team, kind, role in members.values_list(
            "pk", "team_id", "agency__kind", "role")),
        "staff_training": tuple(
            rules.StaffTraining(*row) for row in policy.staff_training_for(user, TrainingRecord).filter(user__in=ids)
            .order_by().values_list("user_id", "tool", "trained_on", "expires_on"))
        + tuple(rules.StaffTraining(*row) for row in policy.staff_training_for(user, CourseRecord).filter(user__in=ids)
                .order_by().values_list("user_id", "course", "completed_on", "expires_on")),
        "staff_sessions": tuple(rules.StaffSession(*row) for row in policy.staff_supervisions_for(user).filter(
            supervisee__in=ids).order_by().annotate(recorded=TruncDate("created_at")).values_list(
            "pk", "supervisee_id", "held_on", "recorded")),
    }


def rows_for(user, area) -> rules.Rows:
    """The rows the measures count, for the records of `area` that `user` may see (at most thirty-two queries whatever the
    area's size: one for each kind of row, for the victims their convictions, sentences and the contact scheme's
    dated history and timescales, for programme referrals the end of the order or licence they are under, and the
    members of staff of a supervisor's team with their training and supervision; those last five only when there are
    any to read)."""
    today = timezone.localdate()
    people = (policy.nominals_in_area(user, area.pk).order_by().annotate(recorded=TruncDate("created_at"))
              .annotate(custody=in_custody_on(user, today, ref="pk")))
    ended = (Status.DONE, Status.CANCELLED)
    reviews = {pk: (nominal, done, endorsed) for pk, nominal, done, endorsed in _in_area(user, PlanReview, area).values_list(
        "pk", "nominal_id", "completed_on", "endorsed_on")}
    return rules.Rows(
        people=tuple(rules.Person(*row) for row in people.values_list(
            "pk", "team_id", "manager_id", "recorded", "ethnicity", "custody")),
        episodes=tuple(rules.Episode(*row) for row in _in_area(user, Eligibility, area).values_list(
            "pk", "nominal_id", "category", "identified_on", "ended_on")),
        decisions=tuple(rules.Decision(*row) for row in _in_area(
            user, LevelDecision, area, notified="coordinator_notified_at").values_list(
            "pk", "nominal_id", "eligibility_id", "level", "decided_on", "next_review", "notified", "forum")),
        registrations=tuple(
            rules.Registration(pk, nominal, recorded, released if custody else relevant, custody)
            for pk, nominal, recorded, relevant, custody, released
            in _in_area(user, NotificationRequirement, area, recorded="created_at").values_list(
                "pk", "nominal_id", "recorded", "relevant_date", "in_custody_on_relevant_date", "released_on")),
        assessments=tuple(rules.Assessment(*row) for row in _in_area(
            user, Assessment, area, completed="completed_at", approved="approved_at").filter(tool=rules.RM2000).annotate(
            # The first peer review, read through the assessments the reader may see (as the assessment's page shows it).
            peer=Min(TruncDate("peer_reviews__reviewed_at"))).values_list(
            "pk", "nominal_id", "status", "assessed_on", "completed", "approved", "level", "police_level",
            "level_rationale", "peer")),
        plans=tuple(rules.Plan(*row) for row in _in_area(user, Plan, area).values_list("pk", "nominal_id", "started_on")),
        plan_items=tuple(
            rules.PlanItem(pk, nominal, recorded, bool(owner or owner_agency), bool(due or every),
                           (completed or changed) if status in ended else None)
            for pk, nominal, recorded, owner, owner_agency, due, every, status, completed, changed
            in _in_area(user, PlanItem, area, recorded="created_at", changed="updated_at").values_list(
                "pk", "nominal_id", "recorded", "owner_id", "owner_agency_id", "due", "every_days", "status",
                "completed_on", "changed")),
        minutes=tuple(rules.Minute(*row) for row in _in_area(user, Minute, area).values_list(
            "pk", "nominal_id", "meeting_id", "meeting__kind", "meeting__held_on", "disclosure_considered")),
        visits=tuple(rules.Visit(*row) for row in _in_area(
            user, Visit, area, recorded="created_at", checked="checked_at").values_list(
            "pk", "nominal_id", "visit_agency", "due_on", "outcome", "occurred_on", "planned_for", "recorded", "checked",
            "pnc_checked")),
        intelligence=tuple(rules.Intelligence(*row) for row in _in_area(
            user, IntelligenceItem, area, submitted="submitted_at", evaluated="evaluated_at").values_list(
            "pk", "nominal_id", "submitted", "due_on", "evaluated")),
        victims=_victims(user, area),
        liaison=tuple(rules.LiaisonContact(*row) for row in policy.victim_contacts_in_area(user, area.pk).filter(
            method=ContactEntry.Method.MANAGER, reached=True).order_by().values_list(
            "pk", "victim_id", "victim__nominal_id", "occurred_on")),
        reviews=tuple(rules.PlanReview(pk, *review) for pk, review in reviews.items()),
        # A trigger counts as reviewed only by a review the reader may see, as the plan they see shows it.
        triggers=tuple(
            rules.ReviewTrigger(pk, nominal, occurred, recorded, review if review in reviews else None,
                                reviews[review][1] if review in reviews else None)
            for pk, nominal, occurred, recorded, review in _in_area(
                user, PlanReviewTrigger, area, recorded="created_at").values_list(
                "pk", "nominal_id", "occurred_on", "recorded", "review_id")),
        rosh=tuple(rules.Rosh(*row) for row in _in_area(user, Assessment, area, completed="completed_at").filter(
            risk_type="rosh").exclude(status="draft").values_list(
            "pk", "nominal_id", "assessed_on", "completed", "level", "rosh_levels")),
        disclosures=tuple(rules.Disclosure(*row) for row in _in_area(user, DisclosureDecision, area).values_list(
            "pk", "nominal_id", "considered_on")),
        agenda=tuple(rules.Agenda(*row) for row in _in_area(user, AgendaCase, area).filter(
            meeting__status=Meeting.Status.HELD).values_list(
            "pk", "nominal_id", "meeting_id", "meeting__kind", "meeting__held_on")),
        referrals=tuple(rules.Referral(*row) for row in _in_area(user, Referral, area).values_list(
            "pk", "nominal_id", "eligibility_id", "screened_on")),
        # An item's actions are its content: only those of items the reader may read (as the item's page shows them).
        intelligence_actions=tuple(rules.IntelligenceAction(*row) for row in _in_area(
            user, IntelligenceAction, area, recorded="created_at").filter(policy.intelligence_readable(user, "item__"))
            .values_list("pk", "nominal_id", "item_id", "recorded", "due_on", "completed_on")),
        programme_referrals=_programme_referrals(user, area),
        placements=tuple(rules.Placement(*row) for row in _in_area(user, PremisesPlacement, area).values_list(
            "pk", "nominal_id", "arrived_on", "departed_on", "departure", "destination")),
        starts=_starts(user, area),
        **_staff(user, area),
    )


@dataclass(frozen=True)
class Scope:
    """Whose cases a figure is for: the area (as the reader may see it), one team, or one manager's."""
    team: Team | None = None
    manager: User | None = None

    def holds_staff(self, member: rules.StaffMember) -> bool:
        if self.team is not None and member.team_id != self.team.pk:
            return False
        return self.manager is None or member.pk == self.manager.pk

    def holds(self, person: rules.Person) -> bool:
        if self.team is not None and person.team_id != self.team.pk:
            return False
        return self.manager is None or person.manager_id == self.manager.pk

    @property
    def label(self) -> str:
        if self.manager is not None:
            return f"cases managed by {self.manager.get_full_name() or self.manager.username}"
        if self.team is not None:
            return f"cases held by {self.team.name}"
        return ""


def narrowed(rows: rules.Rows, scope: Scope) -> rules.Rows:
    """The rows of the people in `scope` only."""
    if scope.team is None and scope.manager is None:
        return rows
    people = tuple(p for p in rows.people if scope.holds(p))
    ids = {p.pk for p in people}
    keep = lambda found: tuple(r for r in found if r.nominal_id in ids)  # noqa: E731
    staff = tuple(m for m in rows.staff if scope.holds_staff(m))
    members = {m.pk for m in staff}
    return rules.Rows(people, **{f.name: keep(getattr(rows, f.name)) for f in fields(rules.Rows) if f.name not in STAFF_ROWS},
                      staff=staff, staff_training=tuple(t for t in rows.staff_training if t.user_id in members),
                      staff_sessions=tuple(s for s in rows.staff_sessions if s.supervisee_id in members))


STAFF_ROWS = ("people", "staff", "staff_training", "staff_sessions")


def choices(user, area, rows: rules.Rows) -> tuple[list[Team], list[User]]:
    """The teams and managers a reader may narrow the figures to: those of the cases and staff they may see."""
    teams = {p.team_id for p in rows.people} | {m.team_id for m in rows.staff}
    managers = {p.manager_id for p in rows.people if p.manager_id}
    return (list(Team.objects.filter(pk__in=teams, area=area).order_by("name")),
            list(User.objects.filter(pk__in=managers).order_by("last_name", "first_name")))


def trend(found: Info, rows: rules.Rows, today: datetime.date) -> list[tuple]:
    """The measure at the end of each past month (as many as reference data says) and today, each by the
    settings in force that day; months before the measure's reference data began are left out."""
    months = int(reference.value(TREND_MONTHS, today))
    days = []
    for day in rules.month_ends(today, months):
        try:
            days.append((day, info(found.key, day).settings))
        except reference.MissingReferenceData:
            continue
    return rules.trend(rules.MEASURES[found.key], rows, days)


def writable(user, ids: list[int]) -> set[int]:
    """Of the records `ids`, those `user` may change (one query)."""
    return set(policy.nominals_for(user, policy.WRITE).filter(pk__in=ids).values_list("pk", flat=True))


def staff(user, ids: list[int]) -> dict:
    """The members of staff `ids` the reader may see as a team, by id, read again through the policy."""
    return {m.pk: m for m in policy.team_members_for(user).filter(pk__in=ids).select_related("team")}


def cases(user, ids: list[int]) -> dict:
    """The records `ids` the reader may see, by id, read again through the policy."""
    return {n.pk: n for n in policy.nominals_for(user).filter(pk__in=ids).select_related("team", "manager")}
