"""Every change to risk assessments goes through here: check the policy, validate, save, audit."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role, User
from mappa.audit.models import Action
from mappa.audit.services import diff, record
from mappa.core import facts as core_facts
from mappa.core import reference
from mappa.core.concurrency import StaleEdit, save_if_current
from mappa.risk import inputs as risk_inputs
from mappa.risk import rules
from mappa.risk.calculators import InputError, instrument, ogrs3, osp
from mappa.risk.calculators.common import Result
from mappa.risk.models import (
    GROUPS,
    SETTINGS,
    TOOLS_FOR,
    Assessment,
    InstrumentTable,
    Level,
    PeerReview,
    ReviewRequest,
    RiskType,
    Tool,
    TrainingRecord,
)

NARRATIVE = ["who_at_risk", "nature_of_harm", "imminence", "risk_increased_by", "risk_reduced_by"]
TEXT_FIELDS = NARRATIVE + ["notes", "police_level", "level_rationale", "violent_scale_reason"]


# --- calculators over reference data -------------------------------------------------------------

def current_table(on: datetime.date | None = None) -> InstrumentTable | None:
    on = on or timezone.localdate()
    return InstrumentTable.objects.filter(instrument=Tool.RM2000, effective_from__lte=on).order_by("-effective_from", "-id").first()


def input_key(risk_type: str, tool: str) -> str:
    return "oasys_likelihood" if risk_type == RiskType.LIKELIHOOD else tool


def calculate(tool: str, values: dict, *, on: datetime.date, risk_type: str = RiskType.RECONVICTION,
              table: dict | None = None, today: datetime.date | None = None) -> Result | None:
    """Score plain values (as stored: dates as ISO strings) with the parameters in force on the day.
    Raises InputError with plain words for each input that cannot be scored."""
    today = today or timezone.localdate()
    key = input_key(risk_type, tool)
    clean, errors = risk_inputs.plain_values(key, values, table)
    if errors:
        raise InputError(errors)
    d = risk_inputs.to_date
    if risk_type == RiskType.ROSH:
        return None
    if key == "oasys_likelihood":
        if not clean.get("level"):
            raise InputError({"level": "Choose the likelihood of reoffending: low, medium or high."})
        return Result("oasys_likelihood", clean["level"], (), {}, None, ("The assessor's judgement in OASys.",), "OASys")
    required = [f for f in risk_inputs.fields_for(key, table) if f.name not in ("date_of_most_recent_sexual_sanction", "date_of_most_recent_sanction")]
    if tool in (Tool.OGRS3, Tool.OSP):
        missing = {f.name: (f"Answer: {f.label}" if f.kind == "choice" else f"Give the {f.label[0].lower() + f.label[1:]}.")
                   for f in required if clean.get(f.name) in (None, "")}
        if missing:
            raise InputError(missing)
    if tool == Tool.OGRS3:
        i = ogrs3.Inputs(clean["gender"], d(clean["date_of_birth"]), d(clean["date_of_current_conviction"]),
                         clean["offence_code"], clean["total_sanctions"], clean["age_at_first_sanction"],
                         d(clean["date_at_start_of_follow_up"]), on)
        return ogrs3.score(i, reference.value("risk.ogrs3", on), today=today)
    if tool == Tool.OSP:
        i = osp.Inputs(clean["gender"], d(clean["date_of_birth"]), clean["contact_adult_sanctions"],
                       clean["contact_child_sanctions"], clean["non_contact_sanctions"], clean["indecent_image_sanctions"],
                       clean["total_sanctions"], d(clean.get("date_of_most_recent_sexual_sanction")),
                       d(clean.get("date_of_most_recent_sanction")), d(clean["date_at_start_of_follow_up"]), on,
                       clean["stranger_victim"], clean["in_custody"] == "yes")
        params = reference.value("risk.osp", on)
        dc, iic = osp.score_dc(i, params, today=today), osp.score_iic(i, params, today=today)
        return Result("osp", dc.band, dc.items + iic.items,
                      {"osp_dc": dc.probabilities.get("probability"), "osp_dc_band": dc.band,
                       "osp_iic": iic.probabilities.get("probability"), "osp_iic_band": iic.band},
                      dc.score, tuple(f"OSP/DC: {e}" for e in dc.explanation) + tuple(f"OSP/IIC: {e}" for e in iic.explanation),
                      dc.version)
    if tool == Tool.RM2000:
        if table is not None:
            values = {**clean}
            for k, v in list(values.items()):
                if ".aggravating." in k:
                    values[k] = 1 if v == "yes" else 0
            return instrument.score(table, values)
        entries = {}
        for scale in ("S", "V", "C"):
            cat, items = clean.get(f"{scale}.category"), clean.get(f"{scale}.items")
            if cat or items:
                entries[scale] = {"category": cat, "items": risk_inputs.parse_item_lines(items)}
        return instrument.manual_result(entries)
    raise InputError({"tool": "Choose a tool."})


# --- what goes in, and where it came from -------------------------------------------------------

def derived_inputs(nominal, risk_type: str, tool: str, on: datetime.date, table: dict | None = None) -> dict:
    """What the system fills in for an assessment, with where each came from. The assessment is stored for
    everyone who may see the record, so it is filled in only from what they all may see: an assessor who
    knows more from a restricted item enters it, with a reason, as their own."""
    if risk_type != RiskType.RECONVICTION:
        return {}
    facts = core_facts.facts_for(core_facts.EVERYONE, nominal)
    return risk_inputs.derived(tool, facts=facts, date_of_birth=nominal.date_of_birth, gender=nominal.gender, on=on,
                               table=table)


def merge_inputs(system: dict, values: dict, reasons: dict, actor, previous: dict | None = None) -> tuple[dict, dict]:
    """Each input with its source. A value that differs from what the system holds is a correction and
    needs a reason; inputs the system does not hold are the assessor's."""
    merged, errors = {}, {}
    previous = previous or {}
    for name, value in values.items():
        held = system.get(name)
        reason = (reasons.get(name) or "").strip()
        prior = previous.get(name) or {}
        if held is not None and value not in (None, "") and str(value) != str(held["value"]):
            if not reason and str(prior.get("value")) == str(value) and prior.get("reason"):
                reason = prior["reason"]
            if not reason:
                errors[name] = f"You changed a value the system holds ({held['value']}): say why."
                continue
            merged[name] = {"value": value, "source": f"Corrected by {actor.display_name}", "corrected_from": held["value"],
                            "held_source": held["source"], "reason": reason}
        elif held is not None:
            merged[name] = dict(held)  # as the system holds it
        elif prior and str(prior.get("value")) == str(value):
            merged[name] = dict(prior)  # unchanged since whoever entered it
        else:
            merged[name] = {"value": value, "source": f"Entered by {actor.display_name}" if value not in (None, "") else ""}
    return merged, errors


def _values(merged: dict) -> dict:
    return {k: v.get("value") for k, v in merged.items()}


def rosh_groups(on: datetime.date) -> dict | None:
    """The groups a risk of serious harm is rated for in each setting, in force on the day (None: no rule)."""
    try:
        return reference.value("risk.rosh.groups_by_setting", on)
    except reference.MissingReferenceData:
        return None


def _clean_rosh(levels: dict, groups_by_setting: dict | None) -> tuple[dict, dict]:
    clean, errors = {}, {}
    valid = set(Level.values)
    labels, where = dict(GROUPS), dict(SETTINGS)
    for group, _ in GROUPS:
        for setting, _ in SETTINGS:
            lv = ((levels or {}).get(group) or {}).get(setting) or ""
            if lv and lv not in valid:
                errors[f"rosh_{group}_{setting}"] = "Choose low, medium, high or very high."
            elif lv:
                clean.setdefault(group, {})[setting] = lv
    for group, setting in rules.out_of_setting(clean, groups_by_setting):
        errors[f"rosh_{group}_{setting}"] = (f"Risk to {labels[group].lower()} is not rated {where[setting].lower()}: "
                                             "leave it blank.")
    return clean, errors


def setting_of(nominal) -> str:
    """Where the person is now, from the custody facts everyone who may see the record may see (the headline
    is stored on the assessment, which they all read)."""
    known = core_facts.facts_for(core_facts.EVERYONE, nominal, only=("in_custody",))
    return rules.setting_now(known.in_custody.value)


def _apply(assessment: Assessment, *, actor, values: dict, reasons: dict, narrative: dict, rosh_levels: dict | None,
           previous_inputs: dict | None = None):
    on = assessment.assessed_on
    table = assessment.table.definition if assessment.table_id else None
    key = input_key(assessment.risk_type, assessment.tool)
    errors = {}
    if assessment.risk_type != RiskType.ROSH:
        clean, type_errors = risk_inputs.plain_values(key, values, table)
        errors.update(type_errors)
        system = derived_inputs(assessment.nominal, assessment.risk_type, assessment.tool, on, table)
        merged, reason_errors = merge_inputs(system, clean, reasons, actor, previous_inputs)
        errors.update({f"reason_{k}": v for k, v in reason_errors.items()})
        if not errors:
            try:
                result = calculate(assessment.tool, _values(merged), on=on, risk_type=assessment.risk_type, table=table)
            except InputError as e:
                errors.update(e.errors)
            else:
                assessment.inputs = merged
                assessment.result = result.as_dict()
                assessment.level = result.band
    else:
        groups = rosh_groups(on)
        levels, level_errors = _clean_rosh(rosh_levels, groups)
        errors.update(level_errors)
        assessment.rosh_levels = levels
        # The headline for the setting the person is in when it is recorded; pages and facts work it out
        # again for where the person is when they are read.
        assessment.level = rules.rosh_headline(levels, setting_of(assessment.nominal), groups)
        assessment.result = {"levels": levels}
    for name in TEXT_FIELDS:
        if name in narrative:
            setattr(assessment, name, (narrative.get(name) or "").strip())
    if assessment.police_level and assessment.police_level not in Level.values:
        errors["police_level"] = "Choose low, medium, high or very high."
    if errors:
        raise ValidationError({k.replace(".", "_"): v for k, v in errors.items()})


SNAPSHOT = ["status", "assessed_on", "inputs", "result", "level", "rosh_levels", *TEXT_FIELDS]


def _snap(a: Assessment) -> dict:
    return {f: getattr(a, f) for f in SNAPSHOT}


def _check_tool(risk_type: str, tool: str) -> None:
    if risk_type not in RiskType.values:
        raise ValidationError({"risk_type": "Choose which risk this assessment measures."})
    if tool not in [t.value for t in TOOLS_FOR[RiskType(risk_type)]]:
        names = ", ".join(t.label for t in TOOLS_FOR[RiskType(risk_type)])
        raise ValidationError({"tool": f"For {RiskType(risk_type).label.lower()}, use {names}."})


@transaction.atomic
def create_assessment(*, actor, nominal, risk_type: str, tool: str, assessed_on: datetime.date, values: dict | None = None,
                      reasons: dict | None = None, narrative: dict | None = None, rosh_levels: dict | None = None,
                      handling: str = "") -> Assessment:
    nominal = policy.get_nominal(actor, nominal.pk, policy.WRITE)
    _check_tool(risk_type, tool)
    today = timezone.localdate()
    if assessed_on is None or assessed_on > today:
        raise ValidationError({"assessed_on": "The date of the assessment cannot be after today."})
    assessment = Assessment(nominal=nominal, risk_type=risk_type, tool=tool, assessed_on=assessed_on,
                            agency_id=actor.agency_id, created_by=actor, handling=handling)
    if tool == Tool.RM2000:
        problems = rules.rm2000_applicability(nominal.gender, nominal.age_on(assessed_on))
        if problems:
            raise ValidationError(problems)
        assessment.table = current_table(assessed_on)
    _apply(assessment, actor=actor, values=values or {}, reasons=reasons or {}, narrative=narrative or {},
           rosh_levels=rosh_levels)
    assessment.full_clean()
    assessment.save()
    record(actor, Action.CREATE, assessment, nominal=nominal, changes=diff({}, _snap(assessment)))
    return assessment


def _editable(actor, assessment, version) -> Assessment:
    current = policy.get_item(actor, Assessment, assessment.pk, policy.WRITE)
    if current.version != version:
        raise StaleEdit(current)
    return current


@transaction.atomic
def update_assessment(*, actor, assessment: Assessment, version: int, values: dict | None = None,
                      reasons: dict | None = None, narrative: dict | None = None, rosh_levels: dict | None = None) -> Assessment:
    assessment = _editable(actor, assessment, version)
    if assessment.status == Assessment.Status.APPROVED:
        raise ValidationError({"status": "An approved assessment cannot be changed: start a new one."})
    before = _snap(assessment)
    _apply(assessment, actor=actor, values=values or {}, reasons=reasons or {}, narrative=narrative or {},
           rosh_levels=rosh_levels, previous_inputs=assessment.inputs)
    assessment.status = Assessment.Status.DRAFT
    assessment.completed_at = assessment.completed_by = None
    changes = diff(before, _snap(assessment))
    if changes:
        save_if_current(assessment, version, SNAPSHOT + ["completed_at", "completed_by"])
        record(actor, Action.UPDATE, assessment, nominal=assessment.nominal, changes=changes)
    return assessment


def trainings(user) -> list[rules.Training]:
    return [rules.Training(t.tool, t.trained_on, t.expires_on) for t in TrainingRecord.objects.filter(user=user)]


def completion_problems(assessment: Assessment, actor, today: datetime.date) -> dict:
    problems = {}
    if assessment.status != Assessment.Status.DRAFT:
        problems["status"] = "Only a draft can be completed."
    if not rules.trained(trainings(actor), assessment.tool, today):
        problems["tool"] = f"You must be recorded as trained in {assessment.get_tool_display()} to complete it."
    if assessment.risk_type == RiskType.ROSH:
        if not assessment.rosh_levels:
            problems["rosh_levels"] = "Give the risk of serious harm for at least one group at risk."
        labels = {"who_at_risk": "who is at risk", "nature_of_harm": "the nature of the harm", "imminence": "how imminent it is",
                  "risk_increased_by": "what would increase the risk", "risk_reduced_by": "what would reduce the risk"}
        for name, words in labels.items():
            if not getattr(assessment, name).strip():
                problems[name] = f"Say {words}."
    elif not assessment.level:
        problems["level"] = "The assessment has no result yet."
    if assessment.tool == Tool.RM2000 and "V" not in (assessment.result.get("probabilities") or {}).get("categories", {}) \
            and not assessment.violent_scale_reason.strip():
        problems["violent_scale_reason"] = "Use the violent scale (RM2000/V) as well, or say why it does not apply."
    if rules.rationale_required(assessment.police_level, assessment.level) and not assessment.level_rationale.strip():
        problems["level_rationale"] = (
            f"The police manage at {rules.LEVEL_LABELS[assessment.police_level].lower()} but the tool says "
            f"{rules.LEVEL_LABELS.get(assessment.level, assessment.level).lower()}: give the rationale."
        )
    return problems


@transaction.atomic
def complete_assessment(*, actor, assessment: Assessment, version: int) -> Assessment:
    assessment = _editable(actor, assessment, version)
    today = timezone.localdate()
    problems = completion_problems(assessment, actor, today)
    if problems:
        raise ValidationError(problems)
    before = _snap(assessment)
    assessment.status = Assessment.Status.COMPLETED
    assessment.completed_at, assessment.completed_by = timezone.now(), actor
    save_if_current(assessment, version, ["status", "completed_at", "completed_by"])
    record(actor, Action.UPDATE, assessment, nominal=assessment.nominal, changes=diff(before, _snap(assessment)),
           details={"step": "completed"})
    _close_reviews(actor, assessment, today)
    return assessment


@transaction.atomic
def approve_assessment(*, actor, assessment: Assessment, version: int) -> Assessment:
    assessment = _editable(actor, assessment, version)
    today = timezone.localdate()
    problems = rules.approval_problems(
        approver_id=actor.pk, approver_is_supervisor=actor.role == Role.SUPERVISOR, author_id=assessment.completed_by_id,
        approver_trained=rules.trained(trainings(actor), assessment.tool, today), status=assessment.status)
    if problems:
        raise ValidationError({"approval": problems})
    before = _snap(assessment)
    assessment.status = Assessment.Status.APPROVED
    assessment.approved_at, assessment.approved_by = timezone.now(), actor
    save_if_current(assessment, version, ["status", "approved_at", "approved_by"])
    record(actor, Action.UPDATE, assessment, nominal=assessment.nominal, changes=diff(before, _snap(assessment)),
           details={"step": "approved"})
    return assessment


@transaction.atomic
def add_peer_review(*, actor, assessment: Assessment, agrees: bool, comments: str) -> PeerReview:
    assessment = policy.get_item(actor, Assessment, assessment.pk, policy.WRITE)
    errors = {}
    if assessment.status == Assessment.Status.DRAFT:
        errors["status"] = "Peer review comes once the assessment is completed."
    if actor.pk in (assessment.created_by_id, assessment.completed_by_id):
        errors["reviewer"] = "A colleague other than the author must review it."
    if not rules.trained(trainings(actor), assessment.tool, timezone.localdate()):
        errors["reviewer"] = f"The reviewer must be recorded as trained in {assessment.get_tool_display()}."
    if not (comments or "").strip():
        errors["comments"] = "Give your comments."
    if agrees is None:
        errors["agrees"] = "Say whether you agree with the assessment."
    if errors:
        raise ValidationError(errors)
    review = PeerReview.objects.create(assessment=assessment, reviewer=actor, agrees=agrees, comments=comments.strip())
    record(actor, Action.CREATE, review, nominal=assessment.nominal, changes={"agrees": [None, agrees],
                                                                             "comments": [None, review.comments]})
    return review


# --- training records and instrument tables ------------------------------------------------------

def may_record_training(actor, user) -> bool:
    """A training record is the evidence of competence that lets a person complete and approve assessments
    (inspection 2010 ¶5.5), so someone else records it: an administrator, or a supervisor of the person's team.
    Nobody records their own."""
    if not actor.is_authenticated or actor.pk == user.pk:
        return False
    return actor.role == Role.ADMIN or (actor.role == Role.SUPERVISOR and actor.team_id and actor.team_id == user.team_id)


def trainees_for(actor):
    """The people whose training `actor` may record (may_record_training), for the training page's list."""
    people = User.objects.filter(is_active=True).exclude(pk=actor.pk).order_by("last_name", "first_name")
    if actor.role == Role.ADMIN:
        return people
    if actor.role == Role.SUPERVISOR and actor.team_id:
        return people.filter(team_id=actor.team_id)
    return people.none()


@transaction.atomic
def record_training(*, actor, user, tool: str, trained_on: datetime.date, expires_on: datetime.date | None = None) -> TrainingRecord:
    if not may_record_training(actor, user):
        raise PermissionDenied("Training is recorded by an administrator or the person's supervisor, never by the "
                               "person themselves.")
    errors = {}
    if tool not in Tool.values:
        errors["tool"] = "Choose the tool."
    if trained_on is None or trained_on > timezone.localdate():
        errors["trained_on"] = "The training date cannot be after today."
    if expires_on and trained_on and expires_on <= trained_on:
        errors["expires_on"] = "The training must expire after it was done."
    if errors:
        raise ValidationError(errors)
    row = TrainingRecord.objects.create(user=user, tool=tool, trained_on=trained_on, expires_on=expires_on, recorded_by=actor)
    record(actor, Action.CREATE, row, changes={"user": [None, user.username], "tool": [None, tool],
                                              "trained_on": [None, str(trained_on)]})
    return row


@transaction.atomic
def load_instrument_table(*, actor, definition, effective_from: datetime.date) -> InstrumentTable:
    if not actor.is_authenticated or actor.role != Role.ADMIN:
        raise PermissionDenied("Only an administrator can load a scoring table.")
    problems = instrument.validate_table(definition)
    if effective_from is None:
        problems.append("Give the date the table takes effect.")
    if problems:
        raise ValidationError({"definition": problems})
    table = InstrumentTable.objects.create(instrument=Tool.RM2000, version=str(definition["version"])[:200],
                                           source=str(definition["source"])[:500], definition=definition,
                                           effective_from=effective_from, loaded_by=actor)
    record(actor, Action.CREATE, table, changes={"version": [None, table.version], "source": [None, table.source],
                                                "effective_from": [None, str(effective_from)]})
    return table


# --- reviews asked for by significant events ----------------------------------------------------

def on_significant_event(event, actor) -> None:
    """A significant event anywhere in the system asks for a review of the person's assessments."""
    # Asked for when the event is recorded, which for a past event (a release entered afterwards,
    # history brought in) can be long after it happened: the timescale runs from then.
    asked = max(event.occurred_on, timezone.localdate())
    try:
        due = asked + datetime.timedelta(days=reference.value("risk.review.days_after_event", asked))
    except reference.MissingReferenceData:
        due = asked  # no timescale in force: the review is due at once rather than never
    request = ReviewRequest.objects.create(
        nominal=event.nominal, event=event, reason=f"{event.get_kind_display()}: {event.summary}"[:300],
        requested_on=event.occurred_on, due=due,
        handling=event.handling, agency_id=event.agency_id, created_by=actor)
    record(actor, Action.CREATE, request, nominal=event.nominal, details={"event": event.kind})


def _close_reviews(actor, assessment: Assessment, today: datetime.date) -> None:
    open_ = ReviewRequest.objects.filter(nominal=assessment.nominal, done_on__isnull=True, requested_on__lte=assessment.assessed_on)
    for request in open_:
        request.done_on, request.done_by = today, assessment
        request.outcome = f"Reviewed: {assessment} completed"[:300]
        save_if_current(request, request.version, ["done_on", "done_by", "outcome"])  # a new version, as any change
        record(actor, Action.UPDATE, request, nominal=assessment.nominal,
               changes={"done_on": [None, str(today)], "done_by": [None, assessment.pk]})


@transaction.atomic
def close_review(*, actor, request: ReviewRequest, outcome: str, version: int) -> ReviewRequest:
    """Record that a review happened without a new assessment (for example, nothing changed), and why."""
    request = policy.get_item(actor, ReviewRequest, request.pk, policy.WRITE)
    if request.version != version:
        raise StaleEdit(request)
    if request.done_on:
        raise ValidationError({"outcome": "This review is already recorded."})
    if not (outcome or "").strip():
        raise ValidationError({"outcome": "Say what the review found."})
    request.done_on, request.outcome = timezone.localdate(), outcome.strip()[:300]
    save_if_current(request, version, ["done_on", "outcome"])
    record(actor, Action.UPDATE, request, nominal=request.nominal,
           changes={"done_on": [None, str(request.done_on)], "outcome": [None, request.outcome]})
    return request
