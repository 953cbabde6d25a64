"""Every change to MAPPA records goes through these functions: policy check, validation, save, audit,
all in one transaction. Bad input raises ValidationError({field: message}) and changes nothing.

Who may change what: a person's MAPPA record (eligibility, referrals, actions outside a meeting) is
changed by those who may change the person's record (policy.WRITE). MAPPA decisions (level decisions and
reviews, the referral prompt they answer, screening) may also be recorded by the MAPPA co-ordinators of
the record's area, for any case there (policy.may_record_mappa). A meeting is run (agenda, attendance,
minutes, its actions) by its chair, if they may chair (policy.may_chair), and by the area's co-ordinators.
Every rule is checked here, so the pages and the API refuse the same things.
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import RESPONSIBLE_AUTHORITIES, Role, User
from mappa.arrangements import queries, rules
from mappa.arrangements.models import (
    Action,
    AgendaCase,
    Attendee,
    Eligibility,
    LevelDecision,
    Meeting,
    MeetingPack,
    Minute,
    Referral,
    SuggestionSeen,
)
from mappa.audit.models import Action as AuditAction
from mappa.audit.services import diff, record, snapshot
from mappa.core import facts as core_facts
from mappa.core import reference
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.core.dates import day as govuk_day
from mappa.core.notifications import notify
from mappa.core.recording import refuse_unknown
from mappa.core.reference import MissingReferenceData
from mappa.jobs import status as job_status
from mappa.nominals import events


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _today() -> datetime.date:
    return timezone.localdate()


def is_area_coordinator(user, nominal) -> bool:
    return policy.is_area_coordinator(user, nominal.team.area_id)


def may_manage(user, nominal) -> bool:
    """May change this person's MAPPA record: confirm or end eligibility, refer, set actions outside a meeting."""
    return policy.can(user, policy.WRITE, nominal)


def may_record(user, nominal) -> bool:
    """May record MAPPA decisions for this person: level decisions, the referral prompt, screening."""
    return policy.may_record_mappa(user, nominal)


def _nominal_to_manage(actor, nominal):
    nominal = policy.get_nominal(actor, nominal.pk, policy.READ)
    if not may_manage(actor, nominal):
        raise PermissionDenied("You can see this record but not change it. Its MAPPA decisions are recorded by "
                               "those who may change it and by the area's MAPPA co-ordinators.")
    return nominal


def _nominal_to_record(actor, nominal):
    nominal = policy.get_nominal(actor, nominal.pk, policy.READ)
    if not may_record(actor, nominal):
        raise PermissionDenied("You can see this record but not record MAPPA decisions for it.")
    return nominal


def current_eligibility(nominal) -> Eligibility | None:
    return Eligibility.objects.filter(nominal=nominal, ended_on__isnull=True).order_by("-identified_on", "-id").first()


def latest_decision(eligibility) -> LevelDecision | None:
    """The decision in force for the episode (kept on it by decide_level)."""
    if eligibility is None or eligibility.current_decision_id is None:
        return None
    return LevelDecision.objects.get(pk=eligibility.current_decision_id)


IN_FORCE = ["current_decision", "level", "forum", "next_review"]


def _keep_current_decision(eligibility: Eligibility, decision: LevelDecision, current: LevelDecision | None) -> None:
    """Make `decision` the episode's decision in force if it is later than `current`, the one kept. The
    caller holds the episode's row lock, so two decisions recorded at once cannot both read the same one.
    The episode's level changes with it: a new version, and an audit row saying so."""
    if not rules.is_later_decision((decision.decided_on, decision.pk), current and (current.decided_on, current.pk)):
        return
    episode = Eligibility.objects.get(pk=eligibility.pk)
    before = snapshot(episode, IN_FORCE)
    episode.current_decision, episode.level, episode.forum, episode.next_review = (
        decision, decision.level, decision.forum, decision.next_review)
    save_if_current(episode, episode.version, IN_FORCE)
    record(decision.created_by, AuditAction.UPDATE, episode, nominal=decision.nominal,
           changes=diff(before, snapshot(episode, IN_FORCE)), details={"because": "level decision recorded"})


def proposal_for(reader, nominal, on: datetime.date | None = None) -> rules.CategoryProposal:
    """What the records `reader` may see propose: the person confirming a category sees, and is held to,
    the proposal from what they may see."""
    on = on or _today()
    return rules.proposed_category(core_facts.facts_for(reader, nominal), on=on, law=queries.category2_law(on))


def schedule_for(level: int, on: datetime.date) -> dict:
    return reference.value(f"mappa.review.level{level}", on)


def latest_reviews(decided_on: datetime.date) -> dict[int, datetime.date]:
    """For a decision on `decided_on`, the latest next review the guidance in force allows at each level (what a
    blank next review becomes). Empty when no guidance is in force that day: the form then says so on saving."""
    try:
        return {level: rules.review_window(decided_on, schedule_for(level, decided_on)).latest for level in (1, 2, 3)}
    except ValidationError:
        return {}


def _reasons_json(proposal) -> list:
    """The reasons as stored on the episode, which everyone who may see the record reads: each keeps the
    handling and recording agency of the restricted items it rests on, and is shown only to those who may
    see them all (queries.reasons_shown)."""
    return [{"text": r.text, "source": r.source.label if r.source else "", "url": r.source.url if r.source else "",
             "restrictions": [list(pair) for pair in r.source.restrictions] if r.source else []}
            for r in proposal.reasons]


def coordinators_of(nominal):
    return _coordinators(nominal)


def _coordinators(nominal):
    return User.objects.filter(role=Role.COORDINATOR, is_active=True, team__area_id=nominal.team.area_id)


def _notify_coordinators(nominal, kind: str, message: str, about, exclude=None) -> int:
    """Tell the area's co-ordinators (those who may see `about`, the item it concerns)."""
    recipients = [u for u in _coordinators(nominal) if exclude is None or u.pk != exclude.pk]
    return len(notify(recipients, kind=kind, message=message, nominal=nominal, about=about))


# ---------------------------------------------------------------- identification

@transaction.atomic
def identify(*, actor, nominal, category, identified_on, basis: str = "", link_to_risk: str = "", lead_agency=None) -> Eligibility:
    """Confirm the person is a MAPPA case in a category. The system's proposal and its reasons are kept
    beside what the person confirmed."""
    nominal = _nominal_to_manage(actor, nominal)
    if current_eligibility(nominal) is not None:
        raise ValidationError({"category": "This person is already a MAPPA case; end that eligibility first"})
    today = _today()
    proposal = proposal_for(actor, nominal, identified_on if identified_on and identified_on <= today else today)
    errors = rules.confirmation_errors(proposal, category=category, basis=basis or "", link_to_risk=link_to_risk or "")
    if identified_on is None:
        errors["identified_on"] = "Enter the date the person was identified as eligible"
    elif identified_on > today:
        errors["identified_on"] = "The date identified must be today or in the past"
    lead_agency = lead_agency or actor.agency
    if lead_agency is None:
        errors["lead_agency"] = "Choose the lead agency"
    _raise(errors)
    item = Eligibility.objects.create(
        nominal=nominal, category=category, identified_on=identified_on, proposed_category=proposal.category,
        proposal_reasons=_reasons_json(proposal), basis=basis, link_to_risk=link_to_risk, lead_agency=lead_agency,
        agency_id=actor.agency_id, created_by=actor,
    )
    record(actor, AuditAction.CREATE, item, nominal=nominal,
           changes=diff({}, snapshot(item, ["category", "identified_on", "proposed_category", "basis", "link_to_risk", "lead_agency"])))
    _notify_coordinators(nominal, "mappa_identified",
                         f"{nominal.full_name} identified as MAPPA eligible ({item.get_category_display()}): screening needed.",
                         item, exclude=actor)
    return item


@transaction.atomic
def end_eligibility(*, actor, eligibility: Eligibility, ended_on, reason: str, notes: str = "", version: int) -> Eligibility:
    nominal = _nominal_to_manage(actor, eligibility.nominal)
    item = Eligibility.objects.select_for_update().get(pk=eligibility.pk, nominal=nominal)
    errors = {}
    if item.ended_on is not None:
        errors["ended_on"] = "This eligibility has already ended"
    if reason not in Eligibility.EndReason.values:
        errors["end_reason"] = "Choose why eligibility has ended"
    elif reason == Eligibility.EndReason.OTHER and not notes.strip():
        errors["end_notes"] = "Say why eligibility has ended"
    if ended_on is None:
        errors["ended_on"] = "Enter the date eligibility ended"
    elif ended_on > _today() or ended_on < item.identified_on:
        errors["ended_on"] = "The end date must be between the date identified and today"
    _raise(errors)
    fields = ["ended_on", "end_reason", "end_notes", "ended_by"]
    before = snapshot(item, fields)
    item.ended_on, item.end_reason, item.end_notes, item.ended_by = ended_on, reason, notes, actor
    save_if_current(item, version, fields)
    record(actor, AuditAction.UPDATE, item, nominal=nominal, changes=diff(before, snapshot(item, fields)))
    _return_open_referrals(actor, item, ended_on)
    return item


def _return_open_referrals(actor, eligibility: Eligibility, ended_on) -> None:
    """A referral waiting for screening goes back when the eligibility ends: each one saved as a change of its
    own (a new version, so a screening opened before is refused as stale) with its audit row."""
    fields = ["status", "outcome_reasons", "screened_on"]
    for referral in Referral.objects.select_for_update().filter(eligibility=eligibility, status=Referral.Status.OPEN):
        before = snapshot(referral, fields)
        referral.status, referral.outcome_reasons, referral.screened_on = (
            Referral.Status.RETURNED, "Eligibility ended before screening", ended_on)
        save_if_current(referral, referral.version, fields)
        record(actor, AuditAction.UPDATE, referral, nominal=eligibility.nominal, changes=diff(before, snapshot(referral, fields)),
               details={"because": "eligibility ended"})


# ---------------------------------------------------------------- level decisions

@transaction.atomic
def decide_level(*, actor, nominal, level, forum: str, decided_on, rationale: str, information_considered: str,
                 next_review=None, meeting=None, decided_by=None, referral_prompt_seen: bool = False) -> LevelDecision:
    """Record a level decision (or a review at the same level). Never automatic: a person decides, says
    why and on what, and when it is next reviewed (no later than the guidance in force allows). While a
    prompt to consider a referral stands unanswered, the person must confirm they have seen it
    (`referral_prompt_seen`), which is recorded with the decision."""
    nominal = _nominal_to_record(actor, nominal)
    eligibility = current_eligibility(nominal)
    if eligibility is not None:
        # Locked until the decision commits: the decision in force is read and replaced under this lock (read
        # after it, in its own statement, so a decision committed while waiting for the lock is seen).
        eligibility = Eligibility.objects.select_for_update().filter(pk=eligibility.pk, ended_on__isnull=True).first()
    if eligibility is None:
        raise ValidationError({"level": "Identify the person as MAPPA eligible (confirm the category) before deciding a level"})
    today = _today()
    try:
        level = int(level) if level not in (None, "") else None
    except (TypeError, ValueError):
        level = None
    errors = rules.level_decision_errors(level=level, rationale=rationale or "", information_considered=information_considered or "",
                                         decided_on=decided_on, today=today)
    if forum not in LevelDecision.Forum.values:
        errors["forum"] = "Say in which forum the level was decided"
    elif not errors.keys() & {"level", "decided_on"}:
        errors |= _forum_errors(actor, nominal, eligibility, level=level, forum=forum, decided_on=decided_on,
                                decided_by=decided_by)
    if forum in (LevelDecision.Forum.SCREENING, LevelDecision.Forum.MEETING):
        if meeting is None:
            errors["meeting"] = "Choose the meeting that decided the level"
        elif not AgendaCase.objects.filter(meeting=meeting, nominal=nominal).exists():
            errors["meeting"] = "This case is not on that meeting's agenda"
        elif (forum == LevelDecision.Forum.SCREENING) != (meeting.kind == Meeting.Kind.SCREENING):
            errors["meeting"] = "The meeting chosen is not of the kind named as the forum"
    elif meeting is not None:
        errors["meeting"] = "A decision taken out of a meeting names no meeting"
    previous = latest_decision(eligibility)
    prompt = unanswered_prompt(actor, nominal, previous, today)
    if prompt is not None and not referral_prompt_seen:
        errors["referral_prompt_seen"] = "Confirm that you have seen the prompt to consider a referral before recording the level"
    schedule = None
    if not errors:
        schedule = schedule_for(level, decided_on)
        window = rules.review_window(decided_on, schedule)
        next_review = next_review or window.latest
        errors |= rules.next_review_errors(next_review, decided_on=decided_on, window=window)
    _raise(errors)
    if prompt is not None:
        _record_prompt_seen(actor, nominal, prompt.key, f"Seen when recording a level decision: {rationale[:200]}")
    item = LevelDecision(
        nominal=nominal, eligibility=eligibility, level=level, previous_level=previous.level if previous else None,
        forum=forum, meeting=meeting, decided_by=decided_by or actor, decided_on=decided_on, rationale=rationale,
        information_considered=information_considered, next_review=next_review, review_schedule=schedule,
        agency_id=actor.agency_id, created_by=actor,
    )
    if level == 1:
        # ¶4.4: the MAPPA co-ordinator should be notified of all level 1 cases.
        alone = " by one agency alone" if item.single_agency else ""
        sent = _notify_coordinators(nominal, "mappa_level1",
                                    f"{nominal.full_name}: level 1 decided{alone} on {govuk_day(decided_on)}.", item)
        if sent or is_area_coordinator(actor, nominal):
            item.coordinator_notified_at = timezone.now()
    item.save()
    _keep_current_decision(eligibility, item, previous)
    record(actor, AuditAction.CREATE, item, nominal=nominal, changes=diff({}, snapshot(
        item, ["level", "previous_level", "forum", "meeting", "decided_by", "decided_on", "rationale",
               "information_considered", "next_review", "coordinator_notified_at"])))
    if item.is_change:
        was = f"level {item.previous_level}" if item.previous_level else "no level"
        events.record_significant_event(actor=actor, nominal=nominal, kind=events.Kind.LEVEL_CHANGE,
                                        summary=f"MAPPA {was} to level {level}: {rationale}", occurred_on=decided_on, source=item)
    return item


def forums_in_force(on: datetime.date) -> dict:
    """Which forums may set each level on `on` ({"1": [forum, ...], ...}), from the guidance in force."""
    return reference.value("mappa.level.forums", on)


def _forum_errors(actor, nominal, eligibility, *, level: int, forum: str, decided_on: datetime.date, decided_by) -> dict:
    try:
        errors = rules.forum_errors(level=level, forum=forum, allowed=forums_in_force(decided_on))
    except MissingReferenceData as exc:
        return {"decided_on": exc.messages[0]}
    if not errors and forum == LevelDecision.Forum.CHAIR and not policy.may_chair(decided_by or actor, nominal.team.area_id):
        errors["forum"] = ("Only someone who may chair a level 2 or 3 MAPP meeting in this MAPPA area can decide a level "
                           "out of meeting")
    if not errors and forum == LevelDecision.Forum.LEAD_AGENCY and (decided_by or actor).agency_id != eligibility.lead_agency_id:
        # ¶4.4, ¶4.26: level 1 alone is the lead agency's decision; a co-ordinator may record it for them.
        errors["forum"] = (f"A decision by the lead agency alone is made by someone of {eligibility.lead_agency.name}, "
                           "the lead agency for this case")
    if not errors and forum == LevelDecision.Forum.LEAD_AGENCY and not _screened(nominal, eligibility, decided_on):
        errors["forum"] = ("This area's policy is that a lead agency's level 1 decision comes after a multi-agency "
                           f"screening of the case: none is recorded since {eligibility.identified_on:%-d %B %Y}. Put the "
                           "case on a screening meeting's agenda, or record the level at that meeting")
    return errors


def _screened(nominal, eligibility, on: datetime.date) -> bool:
    """Whether a lead agency's level 1 decision on `on` follows a screening of the case where the policy in force
    asks for one (mappa.level1.screening_first): the case on the agenda of a screening meeting held since it
    became eligible, or a referral of this eligibility screened, by `on`."""
    try:
        required = reference.value("mappa.level1.screening_first", on)["required"]
    except MissingReferenceData:
        required = False
    if not required:
        return True
    on_agenda = AgendaCase.objects.filter(nominal=nominal, meeting__kind=Meeting.Kind.SCREENING,
                                          meeting__held_on__range=(eligibility.identified_on, on)).exists()
    return on_agenda or Referral.objects.filter(eligibility=eligibility, screened_on__lte=on).exists()


def referral_prompt(reader, nominal, decision: LevelDecision | None, on: datetime.date) -> rules.Suggestion | None:
    """The prompt to consider a referral that the records `reader` may see make for a MAPPA case at the level
    of `decision`, the one in force (a prompt only: it never sets the level). The MAPPA page shows the same."""
    try:
        levels = reference.value("mappa.referral.suggest_for_rosh", on)
    except MissingReferenceData:
        return None
    return rules.referral_suggestion(core_facts.facts_for(reader, nominal), current_level=decision.level if decision else None,
                                     suggest_for_rosh=levels)


def unanswered_prompt(reader, nominal, decision: LevelDecision | None, on: datetime.date) -> rules.Suggestion | None:
    prompt = referral_prompt(reader, nominal, decision, on)
    if prompt is None or SuggestionSeen.objects.filter(nominal=nominal, key=prompt.key).exists():
        return None
    return prompt


def _record_prompt_seen(actor, nominal, key: str, response: str) -> SuggestionSeen:
    item = SuggestionSeen.objects.create(nominal=nominal, key=key[:60], response=response, agency_id=actor.agency_id, created_by=actor)
    record(actor, AuditAction.CREATE, item, nominal=nominal, changes=diff({}, {"key": key, "response": response}))
    return item


@transaction.atomic
def acknowledge_suggestion(*, actor, nominal, key: str, response: str) -> SuggestionSeen:
    nominal = _nominal_to_record(actor, nominal)
    if not (response or "").strip():
        raise ValidationError({"response": "Say what you decided about the prompt (for example referred, or why not)"})
    eligibility = current_eligibility(nominal)
    prompt = eligibility and referral_prompt(actor, nominal, latest_decision(eligibility), _today())
    if not key or not prompt:
        raise ValidationError({"key": "There is no prompt to acknowledge"})
    if key != prompt.key:
        raise ValidationError({"key": "The records have changed since this prompt was shown: look at the case again"})
    return _record_prompt_seen(actor, nominal, key, response)


# ---------------------------------------------------------------- referrals

REFERRAL_FIELDS = {
    "reason": "Give the reason for the referral",
    "risk_summary": "Summarise the risk of serious harm",
    "cannot_manage_alone": "Say what the lead agency cannot manage alone",
    "asks_of_agencies": "Say what other agencies are asked to do",
}


@transaction.atomic
def refer(*, actor, nominal, requested_level, referred_on, **form) -> Referral:
    nominal = _nominal_to_manage(actor, nominal)
    eligibility = current_eligibility(nominal)
    if eligibility is None:
        raise ValidationError({"requested_level": "Identify the person as MAPPA eligible before referring"})
    errors = {f: msg for f, msg in REFERRAL_FIELDS.items() if not (form.get(f) or "").strip()}
    if requested_level not in (2, 3):
        errors["requested_level"] = "Choose level 2 or level 3"
    if referred_on is None or referred_on > _today():
        errors["referred_on"] = "Enter the date of the referral, today or in the past"
    if Referral.objects.filter(eligibility=eligibility, status=Referral.Status.OPEN).exists():
        errors["requested_level"] = "This case already has a referral waiting for screening"
    _raise(errors)
    item = Referral.objects.create(nominal=nominal, eligibility=eligibility, requested_level=requested_level,
                                   referred_on=referred_on, agency_id=actor.agency_id, created_by=actor,
                                   **{f: form[f] for f in REFERRAL_FIELDS})
    record(actor, AuditAction.CREATE, item, nominal=nominal,
           changes=diff({}, snapshot(item, ["requested_level", "referred_on", *REFERRAL_FIELDS])))
    _notify_coordinators(nominal, "mappa_referral", f"{nominal.full_name} referred for level {requested_level} management.",
                         item, exclude=actor)
    return item


@transaction.atomic
def screen_referral(*, actor, referral: Referral, outcome: str, accepted_level=None, reasons: str = "", screened_on=None, version: int) -> Referral:
    nominal = _nominal_to_record(actor, referral.nominal)
    item = Referral.objects.get(pk=referral.pk, nominal=nominal)
    errors = {}
    if item.status != Referral.Status.OPEN:
        errors["outcome"] = "This referral has already been screened"
    if outcome not in (Referral.Status.ACCEPTED, Referral.Status.RETURNED):
        errors["outcome"] = "Choose accepted or returned for level 1"
    if outcome == Referral.Status.ACCEPTED and accepted_level not in (2, 3):
        errors["accepted_level"] = "Choose the level it is accepted at"
    if outcome == Referral.Status.RETURNED and not reasons.strip():
        errors["outcome_reasons"] = "Give the reasons for returning the case to level 1"
    screened_on = screened_on or _today()
    if screened_on > _today() or screened_on < item.referred_on:
        errors["screened_on"] = "The screening date must be between the referral and today"
    _raise(errors)
    fields = ["status", "accepted_level", "outcome_reasons", "screened_on", "screened_by"]
    before = snapshot(item, fields)
    item.status, item.accepted_level = outcome, accepted_level if outcome == Referral.Status.ACCEPTED else None
    item.outcome_reasons, item.screened_on, item.screened_by = reasons, screened_on, actor
    save_if_current(item, version, fields)
    record(actor, AuditAction.UPDATE, item, nominal=nominal, changes=diff(before, snapshot(item, fields)))
    return item


# ---------------------------------------------------------------- meetings

def may_run_meeting(user, meeting: Meeting) -> bool:
    """The chair (while they may chair one: a read-only user named as chair runs nothing), and the area's
    MAPPA co-ordinators, run a meeting."""
    if meeting.chair_id == getattr(user, "pk", None) and policy.may_chair(user, meeting.area_id):
        return True
    return policy.is_area_coordinator(user, meeting.area_id)


def chairs_for(area_id):
    """The people a meeting of the area may name as its chair (policy.may_chair), for the forms' lists."""
    return (User.objects.filter(is_active=True, role__in=policy.WRITING_ROLES, team__area_id=area_id)
            .select_related("team").order_by("last_name", "first_name"))


def _chair_errors(chair, area_id) -> dict:
    if chair is None:
        return {"chair": "Choose who chairs the meeting"}
    if not policy.may_chair(chair, area_id):
        return {"chair": "The chair must be an active practitioner, supervisor or MAPPA co-ordinator in this MAPPA area"}
    return {}


def _meeting_to_run(actor, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_related("area").get(pk=meeting.pk)
    if not may_run_meeting(actor, meeting):
        raise PermissionDenied("Only the chair or a MAPPA co-ordinator of the area can change this meeting.")
    return meeting


@transaction.atomic
def arrange_meeting(*, actor, kind: str, held_on, venue: str, chair, starts_at=None) -> Meeting:
    if getattr(actor, "role", None) != Role.COORDINATOR or not actor.team_id:
        raise PermissionDenied("Only MAPPA co-ordinators arrange meetings.")
    errors = rules.new_meeting_errors(held_on=held_on, today=_today())
    if kind not in Meeting.Kind.values:
        errors["kind"] = "Choose the kind of meeting"
    if not (venue or "").strip():
        errors["venue"] = "Enter the venue"
    errors |= _chair_errors(chair, actor.team.area_id)
    _raise(errors)
    meeting = Meeting.objects.create(area_id=actor.team.area_id, kind=kind, held_on=held_on, starts_at=starts_at,
                                     venue=venue, chair=chair, created_by=actor)
    record(actor, AuditAction.CREATE, meeting, changes=diff({}, snapshot(meeting, ["kind", "held_on", "venue", "chair"])))
    if chair != actor:
        notify([chair], kind="mappa_chair", message=f"You are to chair: {meeting}.")
    return meeting


@transaction.atomic
def change_meeting(*, actor, meeting: Meeting, held_on, venue: str, chair, status: str, version: int,
                   starts_at=None) -> Meeting:
    """Move, re-time, re-chair or cancel a planned meeting, or mark it held once it has started. A meeting
    cannot be moved into the past."""
    meeting = _meeting_to_run(actor, meeting)
    errors = {}
    if meeting.status != Meeting.Status.PLANNED:
        errors["held_on"] = "Only a planned meeting can be changed"
    if held_on != meeting.held_on:
        errors |= rules.new_meeting_errors(held_on=held_on, today=_today())
    if not (venue or "").strip():
        errors["venue"] = "Enter the venue"
    errors |= _chair_errors(chair, meeting.area_id)
    if held_on is not None:
        errors |= rules.meeting_status_errors(status=status, current=meeting.status, held_on=held_on,
                                              starts_at=starts_at, now=timezone.localtime())
    _raise(errors)
    fields = ["held_on", "starts_at", "venue", "chair", "status"]
    before = snapshot(meeting, fields)
    meeting.held_on, meeting.starts_at, meeting.venue, meeting.chair, meeting.status = (
        held_on, starts_at, venue, chair, status)
    save_if_current(meeting, version, fields)
    record(actor, AuditAction.UPDATE, meeting, changes=diff(before, snapshot(meeting, fields)))
    return meeting


def _move_on_to_held(meeting: Meeting) -> dict:
    """A planned meeting whose attendance or minutes are recorded has been held: the change, for the audit row."""
    if meeting.status != Meeting.Status.PLANNED or meeting.held_on > _today():
        return {}
    meeting.status = Meeting.Status.HELD
    save_if_current(meeting, meeting.version, ["status"])
    return {"status": [Meeting.Status.PLANNED, Meeting.Status.HELD]}


@transaction.atomic
def add_attendee(*, actor, meeting: Meeting, agency, name: str, role: str = "", user=None, senior: bool = False) -> Attendee:
    meeting = _meeting_to_run(actor, meeting)
    errors = {}
    if agency is None:
        errors["agency"] = "Choose the agency"
    if not (name or "").strip():
        errors["name"] = "Enter the name of the person invited"
    if meeting.status == Meeting.Status.PLANNED and meeting.held_on < _today():
        errors["name"] = "This meeting's date has passed: record attendance instead of inviting"
    _raise(errors)
    attendee = Attendee.objects.create(meeting=meeting, agency=agency, name=name, role=role, user=user, senior=senior)
    record(actor, AuditAction.CREATE, meeting, label=f"Invited {name} ({agency}) to {meeting}", details={"attendee": attendee.pk})
    return attendee


@transaction.atomic
def record_attendance(*, actor, meeting: Meeting, attendance: dict) -> Meeting:
    """`attendance` maps attendee id to {"attended", "apologies", "confidentiality_declared"}."""
    meeting = _meeting_to_run(actor, meeting)
    errors = {}
    for attendee in meeting.attendees.all():
        row = attendance.get(attendee.pk)
        if row is None:
            continue
        if row.get("attended") and row.get("apologies"):
            errors["attendance"] = f"{attendee.name} cannot both attend and send apologies"
        if row.get("attended") and not row.get("confidentiality_declared"):
            errors["attendance"] = f"{attendee.name} attended: record their declaration of confidentiality"
    _raise(errors)
    changes = {}
    for attendee in meeting.attendees.all():
        row = attendance.get(attendee.pk)
        if row is None:
            continue
        for field in ("attended", "apologies", "confidentiality_declared"):
            setattr(attendee, field, bool(row.get(field)))
        attendee.save()
        changes[attendee.name] = [None, {k: bool(row.get(k)) for k in ("attended", "apologies", "confidentiality_declared")}]
    changes |= _move_on_to_held(meeting)
    record(actor, AuditAction.UPDATE, meeting, label=f"Attendance at {meeting}", changes=changes)
    return meeting


def senior_attendance_missing(meeting: Meeting) -> bool:
    attendees = [rules.Attendee(a.agency.kind, a.senior, a.attended) for a in meeting.attendees.select_related("agency")]
    return meeting.status == Meeting.Status.HELD and rules.senior_attendance_missing(
        meeting.level, attendees, {str(k) for k in RESPONSIBLE_AUTHORITIES})


@transaction.atomic
def add_to_agenda(*, actor, meeting: Meeting, nominal) -> AgendaCase:
    meeting = _meeting_to_run(actor, meeting)
    nominal = policy.get_nominal(actor, nominal.pk, policy.READ)
    errors = {}
    if meeting.status == Meeting.Status.CANCELLED:
        errors["nominal"] = "This meeting was cancelled"
    elif nominal.team.area_id != meeting.area_id:
        errors["nominal"] = "This person's record is held in another MAPPA area"
    elif current_eligibility(nominal) is None:
        errors["nominal"] = "Only MAPPA cases (with a confirmed category) can go on the agenda"
    elif AgendaCase.objects.filter(meeting=meeting, nominal=nominal).exists():
        errors["nominal"] = f"{nominal.full_name} is already on the agenda"
    _raise(errors)
    entry = AgendaCase.objects.create(meeting=meeting, nominal=nominal, added_by=actor)
    record(actor, AuditAction.UPDATE, meeting, nominal=nominal, label=f"{nominal.full_name} added to the agenda of {meeting}")
    return entry


MINUTE_FIELDS = ["summary", "new_information", "risk_review", "victim_issues", "disclosure_considered",
                 "disclosure_decision", "actions_review", "decisions", "next_meeting_on"]


@transaction.atomic
def record_minute(*, actor, meeting: Meeting, nominal, handling: str = "", **data) -> Minute:
    """The minutes for one case. At a level 2 or 3 meeting the first minute of each case must record the
    decision on disclosure to third parties; a further minute may hold a part restricted to some agencies."""
    meeting = _meeting_to_run(actor, meeting)
    nominal = policy.get_nominal(actor, nominal.pk, policy.READ)
    if not AgendaCase.objects.filter(meeting=meeting, nominal=nominal).exists():
        raise ValidationError({"nominal": "This case is not on the meeting's agenda"})
    refuse_unknown(data, MINUTE_FIELDS)
    first = not Minute.objects.filter(meeting=meeting, nominal=nominal, disclosure_considered=True).exists()
    errors = rules.minute_errors(meeting_level=meeting.level if first else 1, summary=data.get("summary") or "",
                                 disclosure_considered=bool(data.get("disclosure_considered")),
                                 disclosure_decision=data.get("disclosure_decision") or "")
    if first and handling and meeting.level in (2, 3):
        errors["handling"] = "Record the minutes every agency may see first; restricted parts follow as a further minute"
    if not rules.minutes_open(status=meeting.status, held_on=meeting.held_on, today=_today()):
        errors["summary"] = ("This meeting was cancelled" if meeting.status == Meeting.Status.CANCELLED
                             else "Minutes can only be recorded on or after the day of the meeting")
    _raise(errors)
    item = Minute.objects.create(meeting=meeting, nominal=nominal, handling=handling or "", agency_id=actor.agency_id,
                                 created_by=actor, **data)
    record(actor, AuditAction.CREATE, item, nominal=nominal, changes=diff({}, snapshot(item, list(data))))
    held = _move_on_to_held(meeting)
    if held:
        record(actor, AuditAction.UPDATE, meeting, label=f"Minutes recorded: {meeting} was held", changes=held)
    return item


@transaction.atomic
def add_action(*, actor, nominal, description: str, owner_name: str, owner_agency, purpose: str, due_on,
               owner_user=None, meeting: Meeting | None = None, handling: str = "") -> Action:
    if meeting is not None:
        meeting = _meeting_to_run(actor, meeting)
        nominal = policy.get_nominal(actor, nominal.pk, policy.READ)
        if not AgendaCase.objects.filter(meeting=meeting, nominal=nominal).exists():
            raise ValidationError({"nominal": "This case is not on the meeting's agenda"})
    else:
        nominal = _nominal_to_manage(actor, nominal)
    if owner_user is not None and not owner_name:
        owner_name = owner_user.display_name
    if owner_user is not None and owner_agency is None:
        owner_agency = owner_user.agency
    errors = rules.action_errors(description=description or "", owner_name=owner_name or "",
                                 owner_agency=owner_agency is not None, purpose=purpose or "", due_on=due_on)
    if due_on is not None and due_on < (meeting.held_on if meeting else _today()):
        errors["due_on"] = "The due date cannot be before the action was set"
    if handling and owner_user is not None and not policy.may_see(owner_user, handling, actor.agency_id):
        errors["owner_user"] = "This action is restricted to agencies its owner is not in: choose an owner who may see it"
    _raise(errors)
    item = Action.objects.create(nominal=nominal, meeting=meeting, description=description, owner_user=owner_user,
                                 owner_name=owner_name, owner_agency=owner_agency, purpose=purpose, due_on=due_on,
                                 handling=handling or "", agency_id=actor.agency_id, created_by=actor)
    record(actor, AuditAction.CREATE, item, nominal=nominal,
           changes=diff({}, snapshot(item, ["description", "owner_name", "owner_agency", "purpose", "due_on"])))
    if owner_user is not None and owner_user != actor:
        notify([owner_user], kind="mappa_action", nominal=nominal, about=item,
               message=f"MAPPA action for {nominal.full_name}: {description[:200]} (due {govuk_day(due_on)}).")
    return item


def may_update_action(user, action: Action, *, manages: bool | None = None) -> bool:
    """`manages`: may_manage(user, action.nominal) when the caller already knows it (lists of actions)."""
    if action.owner_user_id == user.pk or (may_manage(user, action.nominal) if manages is None else manages):
        return True
    return action.meeting_id is not None and may_run_meeting(user, action.meeting)


@transaction.atomic
def update_action(*, actor, action: Action, status: str, evidence: str = "", completed_on=None, version: int) -> Action:
    item = policy.get_item(actor, Action, action.pk, policy.READ)
    if not may_update_action(actor, item):
        raise PermissionDenied("Only the action's owner, the chair or someone managing the case can update this action.")
    errors = {}
    if status not in Action.Status.values:
        errors["status"] = "Choose the action's status"
    if status == Action.Status.DONE:
        if not (evidence or "").strip():
            errors["evidence"] = "Give the evidence that the action was completed"
        completed_on = completed_on or _today()
        if completed_on > _today():
            errors["completed_on"] = "The completion date must be today or in the past"
    else:
        completed_on = None
    if status == Action.Status.CANCELLED and not (evidence or "").strip():
        errors["evidence"] = "Say why the action was cancelled"
    _raise(errors)
    fields = ["status", "evidence", "completed_on"]
    before = snapshot(item, fields)
    item.status, item.evidence, item.completed_on = status, evidence, completed_on
    save_if_current(item, version, fields)
    record(actor, AuditAction.UPDATE, item, nominal=item.nominal, changes=diff(before, snapshot(item, fields)))
    return item


__all__ = ["StaleEdit"]


# ---------------------------------------------------------------- the chair's meeting pack, built in the background

PACK_KEEP_HOURS = "arrangements.pack_keep_hours"


def pack_usable(pack: MeetingPack, user, now) -> bool:
    """A built pack is handed to its reader only while it is recent and their access is what it was when built."""
    if pack.status != MeetingPack.Status.DONE or pack.built_at is None or pack.scope != policy.reader_scope(user):
        return False
    return now - pack.built_at <= datetime.timedelta(hours=reference.value(PACK_KEEP_HOURS, now.date()))


@transaction.atomic
def request_pack(*, actor, meeting: Meeting) -> MeetingPack:
    """Queue a build of the chair's pack for `actor` alone (the chair or the area's co-ordinators). Refused while
    one is under way; a new build replaces the reader's last pack."""
    from mappa.arrangements.tasks import build_meeting_pack

    if not may_run_meeting(actor, meeting):
        raise PermissionDenied("The meeting pack is for the chair and the MAPPA co-ordinators.")
    now = timezone.now()
    pack, _ = MeetingPack.objects.select_for_update().get_or_create(owner=actor, meeting=meeting,
                                                                    defaults={"requested_at": now})
    if pack.status in (MeetingPack.Status.QUEUED, MeetingPack.Status.RUNNING) and job_status.will_finish(pack.job_id):
        raise ValidationError("The pack is already being built: its progress is shown on the page")
    result = build_meeting_pack.enqueue(pack.pk)  # in this transaction: rolled back, nothing is queued
    MeetingPack.objects.filter(pk=pack.pk).update(
        status=MeetingPack.Status.QUEUED, step="Waiting for a worker", percent=0, job_id=result.id, requested_at=now,
        built_at=None, pdf=None, cases=[])
    pack.refresh_from_db()
    record(actor, AuditAction.CREATE, meeting, label=f"Chair's meeting pack asked for: {meeting}")
    return pack


def record_pack_progress(pack_id: int, step: str, percent: int) -> None:
    """What the build is doing, for the page (written at once, outside any transaction of the build)."""
    MeetingPack.objects.filter(pk=pack_id).update(status=MeetingPack.Status.RUNNING, step=step, percent=percent)


def fail_pack(pack_id: int, step: str) -> None:
    MeetingPack.objects.filter(pk=pack_id).update(status=MeetingPack.Status.FAILED, step=step, percent=0)


def clear_old_packs(now) -> int:
    """Packs past their keeping time lose their PDF (each build clears everyone's), so case data does not
    linger in stored documents nobody will be handed."""
    before = now - datetime.timedelta(hours=reference.value(PACK_KEEP_HOURS, now.date()))
    return MeetingPack.objects.filter(built_at__lt=before, pdf__isnull=False).update(pdf=None)


@transaction.atomic
def store_pack(pack: MeetingPack, *, pdf: bytes, cases: list[int], read_at) -> None:
    clear_old_packs(read_at)
    MeetingPack.objects.filter(pk=pack.pk).update(status=MeetingPack.Status.DONE, step="Built", percent=100, pdf=pdf,
                                                  cases=cases, built_at=read_at, scope=policy.reader_scope(pack.owner))
    record(pack.owner, AuditAction.CREATE, pack.meeting, label=f"Chair's meeting pack built: {pack.meeting}",
           details={"cases": cases})


def hand_over_pack(*, actor, pack: MeetingPack) -> bytes:
    """The pack's PDF for its reader, recorded as an export of the meeting and of each person in it (as the
    synchronous PDF was). Refused when it is not theirs, no longer usable, or they may no longer run the meeting."""
    if pack.owner_id != actor.pk or not may_run_meeting(actor, pack.meeting):
        raise PermissionDenied("The meeting pack is for the chair and the MAPPA co-ordinators.")
    if not pack_usable(pack, actor, timezone.now()) or pack.pdf is None:
        raise ValidationError("This pack is out of date: build it again")
    title = f"Chair's meeting pack: {pack.meeting}"
    record(actor, AuditAction.EXPORT, pack.meeting, label=title, details={"cases": pack.cases})
    for nominal in policy.nominals_for(actor).filter(pk__in=pack.cases):
        record(actor, AuditAction.EXPORT, pack.meeting, nominal=nominal, label=title)
    return bytes(pack.pdf)
