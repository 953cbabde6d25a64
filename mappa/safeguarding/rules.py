"""Disclosure and safeguarding rules: plain functions over plain values, no database.

Sources:
- HMI Probation and HMI Constabulary, "Restriction and Rehabilitation" (June 2010): ¶7.4 (disclosure a standing
  item of every level 2 and 3 meeting; at level 1 "more variable"), ¶2.4L (Criminal Justice and Immigration Act 2008
  s.140: the responsible authority must "consider and monitor the use of disclosure in all cases involving child
  sexual offenders"), ¶2.5 (the MAPPA guidance of April 2009: when disclosure matters, including offenders who form
  new relationships with partners who have children).
- Criminal Justice Act 2003 s.327A (inserted by CJIA 2008 s.140): (1) the duty to consider disclosure about a child
  sex offender to a particular member of the public; (2) a presumption that it should be made where the offender
  poses a risk of serious harm to particular children and disclosure is necessary to protect them; (4) conditions
  that keep the person told from passing it on.
- The common law: a public body may disclose where there is a pressing need to protect others (R v Chief Constable
  of North Wales Police, ex p Thorpe [1999] QB 396).
- Home Office circular 007/2010, the child sex offender disclosure scheme: its stages; the timescales are reference
  data (safeguarding.csods.timescales).
- Good practice 2009-2012 (E2.2-03: the new partner told of the offence; E2.2-09: households with children;
  REQ-REL-02: a new relationship prompts a disclosure decision).
"""
import datetime
from dataclasses import dataclass

DISCLOSE, NOT_DISCLOSE = "disclose", "not_disclose"
S327A, COMMON_LAW, CONSENT = "s327a", "common_law", "consent"


@dataclass(frozen=True)
class Reason:
    """Why disclosure must be considered now, with where the rule comes from."""

    text: str
    source: str


def is_child_sex_offender(sanctions) -> bool:
    """A sexual offence against a child (under 18) among the person's convictions: the people s.327A is about
    (its Schedule 34A lists the offences; the register holds the sexual and against-a-child flags of each)."""
    return any(getattr(s, "kind", "conviction") == "conviction" and s.sexual and s.against_child for s in sanctions)


def consideration_reasons(*, level: int | None, child_sex_offender: bool, new_partner: bool = False,
                          child_in_household: bool = False, meeting_level: int | None = None) -> list[Reason]:
    """When disclosure to third parties must be considered, and why. Empty: no rule requires it now (it may still
    be considered)."""
    found = []
    if meeting_level in (2, 3):
        found.append(Reason("A standing item at every level 2 and 3 meeting", "Inspection 2010 ¶7.4"))
    if child_sex_offender:
        found.append(Reason("A child sex offender: disclosure must be considered in every case, at every level",
                            "Criminal Justice Act 2003 s.327A(1) (CJIA 2008 s.140); inspection 2010 ¶2.4L"))
    if new_partner:
        found.append(Reason("A new partner", "MAPPA guidance 2009, inspection 2010 ¶2.5; good practice E2.2-03"))
    if child_in_household:
        found.append(Reason("A child in the household", "Inspection 2010 ¶2.5 and ¶2.4L; good practice E2.2-09"))
    if level == 1 and not child_sex_offender and (new_partner or child_in_household):
        found.append(Reason("At level 1 the offender manager decides, and records it", "Inspection 2010 ¶7.4"))
    return found


def presumption_applies(*, child_sex_offender: bool, risk_to_children: bool, necessary: bool) -> bool:
    """s.327A(2): disclosure is presumed where a child sex offender poses a risk of serious harm to particular
    children and disclosing is necessary to protect them. It arises whether or not anyone asked (s.327A(3))."""
    return child_sex_offender and risk_to_children and necessary


def decision_errors(*, decision: str, considered_on: datetime.date | None, rationale: str, power: str,
                    pressing_need: bool, child_sex_offender: bool, risk_to_children: bool, necessary: bool,
                    recipient_kind: str, recipient: str, what_disclosed: str, keep_confidential: str,
                    disclosed_on: datetime.date | None, review_on: datetime.date | None,
                    today: datetime.date) -> dict:
    """What is wrong with a disclosure decision, by field. A decision to disclose names its power, whom it tells and
    what; a disclosure under s.327A is for a child sex offender and says how the person told must keep it
    (s.327A(4)); one at common law rests on a pressing need; not disclosing where the law presumes disclosure says
    why."""
    errors = {}
    if considered_on is None:
        errors["considered_on"] = "Enter the date disclosure was considered"
    elif considered_on > today:
        errors["considered_on"] = "The date considered must be today or in the past"
    if decision not in (DISCLOSE, NOT_DISCLOSE):
        errors["decision"] = "Choose whether to disclose"
    if not rationale.strip():
        errors["rationale"] = "Enter the reasons for the decision"
    if decision == DISCLOSE:
        if power not in (S327A, COMMON_LAW, CONSENT):
            errors["power"] = "Choose the power the disclosure is made under"
        elif power == S327A and not child_sex_offender:
            errors["power"] = "Section 327A is for child sex offenders only: use the common law test"
        elif power == COMMON_LAW and not pressing_need:
            errors["pressing_need"] = "Disclosure at common law needs a pressing need to protect others"
        if power == S327A and not keep_confidential.strip():
            errors["keep_confidential"] = "Say how the person told was asked to keep it (s.327A(4))"
        if not recipient_kind:
            errors["recipient_kind"] = "Choose who is told"
        if not recipient.strip():
            errors["recipient"] = "Enter the name of the person or organisation told"
        if not what_disclosed.strip():
            errors["what_disclosed"] = "Enter what is disclosed"
    elif decision == NOT_DISCLOSE:
        if power:
            errors["power"] = "A decision not to disclose uses no power: leave it empty"
        if disclosed_on is not None:
            errors["disclosed_on"] = "A decision not to disclose has no date of disclosure"
        if presumption_applies(child_sex_offender=child_sex_offender, risk_to_children=risk_to_children,
                               necessary=necessary):
            errors["decision"] = ("The law presumes disclosure when a child sex offender poses a risk of serious harm to "
                                  "particular children and disclosure is necessary to protect them (s.327A(2))")
    if disclosed_on is not None and "disclosed_on" not in errors:
        if disclosed_on > today:
            errors["disclosed_on"] = "The date disclosed must be today or in the past: leave it empty until it is done"
        elif considered_on and disclosed_on < considered_on:
            errors["disclosed_on"] = "The date disclosed must be on or after the date considered"
    if review_on is not None and considered_on and review_on <= considered_on:
        errors["review_on"] = "The review date must be after the date considered"
    return errors


@dataclass(frozen=True)
class Prompt:
    """A new partner or a child in the household with no disclosure decision that answers them."""

    kind: str  # "partner" or "child"
    item_id: int
    text: str


def open_prompts(*, partners, children, answered_relationships, answered_occupants,
                 today: datetime.date, minutes=(), answered_minutes=frozenset()) -> list[Prompt]:
    """Prompts to consider disclosure: each current partner relationship (id, name, started, ended) and each child in
    the household (id, name) that no disclosure decision answers (¶2.5; E2.2-03; E2.2-09); and each level 2 or 3
    meeting's minutes (id, label) whose disclosure decision (¶7.4) has no decision record of its own yet."""
    found = [Prompt("meeting", pk, f"{label}: record the disclosure decision the minutes give")
             for pk, label in minutes if pk not in answered_minutes]
    for pk, name, started, ended in partners:
        current = (started is None or started <= today) and (ended is None or ended > today)
        if current and pk not in answered_relationships:
            found.append(Prompt("partner", pk, f"New partner, {name}: consider disclosure"))
    for pk, name in children:
        if pk not in answered_occupants:
            found.append(Prompt("child", pk, f"Child in the household, {name}: consider disclosure"))
    return found


def review_state(review_on: datetime.date | None, today: datetime.date, lookahead_days: int) -> str:
    """"overdue", "due" (within the look-ahead) or "" for a disclosure decision's review date."""
    if review_on is None:
        return ""
    if review_on < today:
        return "overdue"
    return "due" if review_on <= today + datetime.timedelta(days=lookahead_days) else ""


# The stages of a request under the child sex offender disclosure scheme (Home Office circular 007/2010), in order,
# each with the date field that records it done and the timescale key it must be done within, counted in days from
# the day the application was received.
STAGES = (
    ("initial_checks_on", "Initial checks", "initial_checks_days"),
    ("met_on", "Face-to-face meeting", "risk_assessment_days"),
    ("assessed_on", "Full risk assessment", "risk_assessment_days"),
    ("decided_on", "Decision", "decision_days"),
    ("closed_on", "Applicant told", "complete_days"),
)


@dataclass(frozen=True)
class StageDue:
    stage: str
    due: datetime.date

    def state(self, today: datetime.date) -> str:
        return "overdue" if self.due < today else "due"


def request_deadlines(received_on: datetime.date, timescales: dict) -> dict[str, datetime.date]:
    """The day each stage is due, from the day received: initial checks within initial_checks_days; the meeting
    and full risk assessment within risk_assessment_days; the decision decision_days after that; the whole request
    within complete_days."""
    day = datetime.timedelta(days=1)
    checks = received_on + timescales["initial_checks_days"] * day
    assessed = received_on + timescales["risk_assessment_days"] * day
    decided = assessed + timescales["decision_days"] * day
    complete = received_on + timescales["complete_days"] * day
    return {"initial_checks_on": checks, "met_on": assessed, "assessed_on": assessed,
            "decided_on": min(decided, complete), "closed_on": complete}


def next_stage(*, received_on: datetime.date, done: dict, outcome: str, timescales: dict) -> StageDue | None:
    """The first stage of a request not yet done, and when it is due; None once it is closed. A request withdrawn
    or passed to safeguarding procedures needs only to be closed."""
    deadlines = request_deadlines(received_on, timescales)
    for field, label, _key in STAGES:
        if done.get(field):
            continue
        if outcome in ("withdrawn", "safeguarding") and field != "closed_on":
            continue
        return StageDue(label, deadlines[field])
    return None


def request_errors(*, received_on: datetime.date | None, dates: dict, outcome: str, applicant_name: str,
                   concern: str, today: datetime.date) -> dict:
    """What is wrong with a request: the stages in order, none before the request or in the future, a decision with
    its outcome and the outcome with its date."""
    errors = {}
    if received_on is None:
        errors["received_on"] = "Enter the date the application was received"
    elif received_on > today:
        errors["received_on"] = "The date received must be today or in the past"
    if not applicant_name.strip():
        errors["applicant_name"] = "Enter the applicant's name"
    if not concern.strip():
        errors["concern"] = "Enter what the applicant is worried about"
    labels = {field: label for field, label, _key in STAGES}
    for field, day in dates.items():
        if day is None:
            continue
        if day > today:
            errors[field] = f"{labels[field]}: the date must be today or in the past"
        elif received_on and day < received_on:
            errors[field] = f"{labels[field]}: the date must be on or after the date received"
    if dates.get("decided_on") and not outcome:
        errors["outcome"] = "Choose the outcome of the decision"
    if outcome in ("disclosed", "not_disclosed") and not dates.get("decided_on"):
        errors["decided_on"] = "Enter the date of the decision"
    if dates.get("closed_on") and not outcome:
        errors["outcome"] = "Choose the outcome before closing the request"
    return errors


def referral_errors(*, kind: str, about: str, referred_on: datetime.date | None, reason: str, outcome: str,
                    outcome_on: datetime.date | None, today: datetime.date) -> dict:
    errors = {}
    if kind not in ("children", "adults", "marac"):
        errors["kind"] = "Choose where the referral went"
    if not about.strip():
        errors["about"] = "Enter who the referral is about"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the referral"
    if referred_on is None:
        errors["referred_on"] = "Enter the date of the referral"
    elif referred_on > today:
        errors["referred_on"] = "The date of the referral must be today or in the past"
    if outcome and outcome_on is None:
        errors["outcome_on"] = "Enter the date of the outcome"
    if outcome_on is not None:
        if outcome_on > today:
            errors["outcome_on"] = "The date of the outcome must be today or in the past"
        elif referred_on and outcome_on < referred_on:
            errors["outcome_on"] = "The date of the outcome must be on or after the referral"
        elif not outcome:
            errors["outcome"] = "Choose the outcome"
    if outcome == "marac_plan" and kind != "marac":
        errors["outcome"] = "Only a MARAC referral is heard at MARAC"
    return errors


def marker_errors(*, kind: str, text: str, active_from: datetime.date | None, ended_on: datetime.date | None,
                  other_is_self: bool, today: datetime.date) -> dict:
    errors = {}
    if kind not in ("staff_safety", "keep_apart"):
        errors["kind"] = "Choose the kind of marker"
    if not text.strip():
        errors["text"] = "Enter what staff must know or do"
    if active_from is None:
        errors["active_from"] = "Enter the date the marker applies from"
    if ended_on is not None and active_from and ended_on < active_from:
        errors["ended_on"] = "The end date must be on or after the start"
    if ended_on is not None and ended_on > today:
        errors["ended_on"] = "The end date must be today or in the past"
    if other_is_self:
        errors["other_nominal"] = "A person cannot be kept apart from themselves"
    return errors
