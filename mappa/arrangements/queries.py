"""Reads for pages, panels and work lists, always through the access policy, in a fixed number of queries."""
import datetime
from dataclasses import dataclass

from django.db.models import Q

from mappa.access import policy
from mappa.arrangements import rules
from mappa.arrangements.models import Action, AgendaCase, Eligibility, LevelDecision, Meeting, Minute, Referral, SuggestionSeen
from mappa.core import facts as core_facts
from mappa.core import reference
from mappa.core.markings import highest
from mappa.core.reference import MissingReferenceData

SENSITIVE = "OFFICIAL-SENSITIVE"


@dataclass
class CaseSummary:
    eligibility: Eligibility | None
    decision: LevelDecision | None
    open_referral: Referral | None
    overdue_actions: list
    open_actions: list
    suggestion: rules.Suggestion | None
    suggestion_seen: SuggestionSeen | None
    today: datetime.date
    proposal: rules.CategoryProposal | None = None

    @property
    def category_differs(self) -> bool:
        """The records held now make a different category (e.g. registration recorded or ended) than the one confirmed."""
        return (self.eligibility is not None and self.proposal is not None and self.proposal.category is not None
                and self.proposal.category != self.eligibility.category)

    @property
    def category2_ended(self) -> rules.Ending | None:
        """A current Category 2 episode whose qualifying sentence, licence or order has ended, by the records
        the reader may see: the page asks for the eligibility to be ended, with the date and reason."""
        if self.eligibility is None or self.eligibility.category != 2 or self.proposal is None:
            return None
        return self.proposal.ending if self.proposal.category is None else None

    @property
    def review_overdue(self) -> bool:
        return bool(self.decision) and rules.is_overdue(self.decision.next_review, self.today)

    @property
    def not_screened(self) -> bool:
        return self.eligibility is not None and self.decision is None


def case_summary(user, nominal, today: datetime.date, with_suggestion: bool = True) -> CaseSummary:
    eligibility = next((e for e in current_episodes(nominal) if policy.may_see_item(user, e)), None)
    decision = None
    referral = None
    if eligibility is not None:
        decision = _latest_visible_decision(user, nominal, eligibility)
        referral = policy.items_for(user, Referral, nominal=nominal).filter(eligibility=eligibility, status=Referral.Status.OPEN).first()
    actions = list(policy.items_for(user, Action, nominal=nominal).filter(status=Action.Status.OPEN).select_related("owner_agency")[:50])
    suggestion = seen = proposal = None
    if with_suggestion:
        facts = core_facts.facts_for(user, nominal)
        try:
            proposal = rules.proposed_category(facts, on=today, law=category2_law(today))
        except MissingReferenceData:
            proposal = None
        if eligibility is not None:
            try:
                levels = reference.value("mappa.referral.suggest_for_rosh", today)
            except MissingReferenceData:
                levels = []
            suggestion = rules.referral_suggestion(facts, current_level=decision.level if decision else None, suggest_for_rosh=levels)
        if suggestion:
            seen = policy.items_for(user, SuggestionSeen, nominal=nominal).filter(key=suggestion.key).select_related("created_by").first()
    return CaseSummary(eligibility, decision, referral, [a for a in actions if rules.is_overdue(a.due_on, today)], actions,
                       suggestion, seen, today, proposal)


def category2_law(on: datetime.date) -> rules.Category2Law:
    """What makes Category 2 on `on`, from the reference data in force that day."""
    return rules.Category2Law(
        minimum_custody_months=reference.value("mappa.category2.minimum_custody_months", on),
        specified=reference.value("mappa.category2.specified_offences", on),
        disqualification_counts=reference.value("mappa.category2.disqualification_counts", on))


def reasons_shown(user, eligibility) -> list:
    """The stored reasons for the system's proposal that `user` may read: those resting on a restricted item
    they may not see are left out, without a word (the proposed category itself is not restricted). A
    reason with a source but no record of its restrictions is shown to nobody: it awaits a re-check
    (see migration 0007)."""
    shown = []
    for reason in eligibility.proposal_reasons or []:
        restrictions = reason.get("restrictions")
        if restrictions is None and (reason.get("source") or reason.get("url")):
            continue
        if core_facts.sees_all(user, restrictions or ()):
            shown.append({"text": reason.get("text", ""), "source": reason.get("source", ""), "url": reason.get("url", "")})
    return shown


def with_reasons_shown(user, eligibilities) -> list:
    """The episodes, each with `reasons_shown` for `user`."""
    rows = list(eligibilities)
    for row in rows:
        row.reasons_shown = reasons_shown(user, row)
    return rows


def current_episodes(nominal) -> list:
    """The person's current MAPPA episodes, latest first, each with its decision in force, whoever may see
    them: read once per page (the facts and the MAPPA panel share them); callers narrow them by the policy."""
    return core_facts.remember(("arrangements.current", nominal.pk), lambda: list(
        Eligibility.objects.filter(nominal=nominal, ended_on__isnull=True)
        .select_related("current_decision__decided_by", "current_decision__meeting").order_by("-identified_on", "-id")))


def _latest_visible_decision(user, nominal, eligibility) -> LevelDecision | None:
    """The episode's latest decision the user may see: the decision in force (read with the episode) unless
    it is restricted from them, then the latest before it that is not."""
    current = eligibility.current_decision
    if current is not None and policy.may_see_item(user, current):
        return current
    return (policy.items_for(user, LevelDecision, nominal=nominal).filter(eligibility=eligibility)
            .select_related("decided_by", "meeting").order_by("-decided_on", "-id").first())


def mappa_cases(user, today: datetime.date):
    """Current MAPPA cases the user may see, each with its latest level decision (two queries)."""
    rows = list(mappa_cases_qs(user).select_related("nominal", "lead_agency").order_by("nominal__last_name", "nominal__first_name"))
    return _attach_decisions(user, rows, today)


COORDINATOR_LIST_LIMIT = 50  # names shown in each of the co-ordinator view's lists ("and N more" after)


def mappa_cases_qs(user):
    """Current MAPPA cases the user may see, as a queryset, so a whole area can be counted, filtered and
    paged in the database. Each row carries its decision in force (current_decision_id, level, forum,
    next_review)."""
    return policy.items_for(user, Eligibility).filter(ended_on__isnull=True)


def _attach_decisions(user, rows: list, today: datetime.date) -> list:
    decisions = policy.items_for(user, LevelDecision).in_bulk([r.current_decision_id for r in rows if r.current_decision_id])
    for row in rows:
        row.decision = decisions.get(row.current_decision_id)
        row.review_overdue = bool(row.decision) and rules.is_overdue(row.decision.next_review, today)
    return rows


def with_decisions(user, rows, today: datetime.date) -> list:
    """Attach each row's decision in force that the user may see (one query for the lot, whatever the
    history) and whether its review is overdue."""
    return _attach_decisions(user, list(rows), today)


def coordinator_summary(user, today: datetime.date, category: int | None = None, level: int | None = None) -> dict:
    """The co-ordinator view's counts and lists in a fixed number of queries whatever the area's size.

    One narrow read covers the whole area: each current case with its decision in force (kept on the
    episode, so no decision history is read), in name order. The counts, the order of each list and
    `listed` (the ids of the cases in `category` at `level`, 0 for not yet screened, in name order, for
    paging) are worked out from it; only the names shown are loaded in full."""
    rows = list(mappa_cases_qs(user).order_by("nominal__last_name", "nominal__first_name", "id").values_list(
        "pk", "category", "identified_on", "nominal__last_name", "nominal__first_name", "level", "forum", "next_review"))
    grid = {(c, lv): 0 for c in (1, 2, 3) for lv in (None, 1, 2, 3)}
    single = {LevelDecision.Forum.LEAD_AGENCY, LevelDecision.Forum.OFFENDER_MANAGER}
    unscreened, single_agency, overdue, listed = [], [], [], []
    for pk, row_category, identified_on, last, first, row_level, forum, due in rows:
        grid[(row_category, row_level)] += 1
        if category in (None, row_category) and level in (None, row_level or 0):
            listed.append(pk)
        if row_level is None:
            unscreened.append(((-identified_on.toordinal(), -pk), pk))
        else:
            if row_level == 1 and forum in single:
                single_agency.append(((last, first, pk), pk))
            if due and due < today:
                overdue.append(((due, pk), pk))
    out = {"grid": grid, "total": len(rows), "listed": listed}
    chosen = {}
    for name, found in (("unscreened", unscreened), ("single_agency", single_agency), ("overdue_reviews", overdue)):
        found.sort()
        chosen[name] = [pk for _key, pk in found[:COORDINATOR_LIST_LIMIT]]
        out[f"{name}_more"] = len(found) - len(chosen[name])
    loaded = cases_by_id(user, {pk for pks in chosen.values() for pk in pks}, today, "nominal", "lead_agency")
    for name, pks in chosen.items():
        out[name] = [loaded[pk] for pk in pks]
    return out


def cases_by_id(user, ids, today: datetime.date, *related) -> dict:
    """Episodes by id that the user may see, read in full with their decisions in force (two queries)."""
    episodes = policy.items_for(user, Eligibility).filter(pk__in=ids).select_related(*related)
    return {e.pk: e for e in with_decisions(user, episodes, today)}


def overdue_actions(user, today: datetime.date):
    return (policy.items_for(user, Action).filter(status=Action.Status.OPEN, due_on__lt=today)
            .select_related("nominal", "owner_agency", "meeting").order_by("due_on"))


def meetings_for(user):
    """Meetings of the user's MAPPA area (their agenda is narrowed to the cases the user may see)."""
    if not getattr(user, "is_authenticated", False) or not user.team_id:
        return Meeting.objects.none()
    return Meeting.objects.filter(Q(area_id=user.team.area_id) | Q(chair=user)).select_related("chair", "area")


def agenda_for(user, meeting):
    return policy.items_for(user, AgendaCase).filter(meeting=meeting).select_related("nominal").order_by("id")


def reviews_due(user, horizon: datetime.date, managed_only: bool, limit: int = 200):
    """Current MAPPA cases the user may see whose decision in force is due for review by `horizon` (one query):
    only those they manage if `managed_only`, otherwise (a co-ordinator) those of their area."""
    if managed_only:
        rows = policy.items_for(user, Eligibility).filter(nominal__manager=user)
    elif user.team_id:  # a co-ordinator's: the area's, read by the area's teams (policy.items_in_area)
        rows = policy.items_in_area(user, Eligibility, user.team.area_id)
    else:
        rows = policy.items_for(user, Eligibility)
    rows = rows.filter(ended_on__isnull=True, next_review__lte=horizon)
    return list(rows.select_related("nominal").order_by("next_review")[:limit])


def meeting_context(user, meeting, today: datetime.date) -> dict:
    """A meeting's agenda as `user` may see it: each case with its decisions, minutes and actions at the meeting,
    and how many minutes and actions of those cases are withheld from the reader (the page says so)."""
    agenda = list(agenda_for(user, meeting))
    visible = [a.nominal_id for a in agenda]
    minutes = list(policy.items_for(user, Minute).filter(meeting=meeting, nominal_id__in=visible)
                   .select_related("nominal", "created_by"))
    actions = list(policy.items_for(user, Action).filter(meeting=meeting, nominal_id__in=visible)
                   .select_related("nominal", "owner_agency", "meeting"))
    withheld = (policy.items_for_rules(user, Minute).filter(meeting=meeting, nominal_id__in=visible)
                .exclude(pk__in=[m.pk for m in minutes]).count()
                + policy.items_for_rules(user, Action).filter(meeting=meeting, nominal_id__in=visible)
                .exclude(pk__in=[a.pk for a in actions]).count())
    decisions = list(policy.items_for(user, LevelDecision).filter(meeting=meeting, nominal_id__in=visible)
                     .select_related("decided_by"))
    for entry in agenda:
        entry.decisions = [d for d in decisions if d.nominal_id == entry.nominal_id]
        entry.minutes = [m for m in minutes if m.nominal_id == entry.nominal_id]
        entry.actions = [a for a in actions if a.nominal_id == entry.nominal_id]
        entry.disclosure_recorded = any(m.disclosure_considered and m.disclosure_decision for m in entry.minutes)
        for a in entry.actions:
            a.overdue = a.status == Action.Status.OPEN and rules.is_overdue(a.due_on, today)
    return {
        "meeting": meeting, "agenda": agenda, "attendees": list(meeting.attendees.select_related("agency")),
        "withheld": withheld, "today": today,
        # Minutes are offered only when they can be recorded (from the day of the meeting, unless cancelled).
        "minutes_open": rules.minutes_open(status=meeting.status, held_on=meeting.held_on, today=today),
        "marking": highest([SENSITIVE, *(m.marking for m in minutes)]) if agenda else "OFFICIAL",
    }
