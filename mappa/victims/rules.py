"""The rules of the victims part, as pure functions of plain values.

The statutory victim contact scheme is Chapter 2 of Part 3 of the Domestic Violence, Crime and Victims Act 2004
(ss.35-45): where a person is convicted of a sexual or violent offence and a relevant sentence is passed (s.35(2);
s.45(1): imprisonment for 12 months or more, detention during Her Majesty's pleasure, and similar terms), the local
probation board must take all reasonable steps to find out whether a victim wishes to make representations about
the licence conditions and to receive information about them (s.35(3)-(7)). Ss.36-44 extend it to hospital orders
with restrictions. Which sentences count and the 12-month threshold are reference data
("victims.contact_scheme", loaded by migrations/0002_reference_data.py), so a sentence is judged by the law of the
day it was passed.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from mappa.nominals.rules import age_on

PAST, POTENTIAL = "past", "potential"
NOT_OFFERED, AWAITING, OPTED_IN, OPTED_OUT = "", "awaiting", "opted_in", "opted_out"
ANSWERS = (OPTED_IN, OPTED_OUT)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""


def contact_scheme_eligibility(*, victim_kind: str, sexual: bool, violent: bool, sentence_kind: str | None,
                               length_months: Decimal | float | None, scheme: dict, source: str = "") -> Eligibility:
    """Whether the victim of an offence comes within the statutory contact scheme, with the reasons.

    `scheme` is the reference value in force on the day of sentence: "minimum_months" (a term of at least this
    many months), "term_kinds" (sentences that count when that long), "any_length_kinds" (life, IPP: no term to
    measure, always counted) and "hospital_kinds" (a hospital order with restrictions, s.36)."""
    if victim_kind != PAST:
        return Eligibility(False, ("The scheme is for the victims of an offence, not potential victims",), source)
    if not (sexual or violent):
        return Eligibility(False, ("The offence is not recorded as a sexual or violent offence",), source)
    offence = "sexual" if sexual else "violent"
    if not sentence_kind:
        return Eligibility(False, ("No sentence is recorded for the offence yet",), source)
    minimum = scheme["minimum_months"]
    if sentence_kind in scheme.get("any_length_kinds", ()):
        return Eligibility(True, (f"A {offence} offence, and a sentence with no fixed term (for example life)",), source)
    if sentence_kind in scheme.get("hospital_kinds", ()):
        return Eligibility(True, (f"A {offence} offence, and a hospital order with a restriction order",), source)
    if sentence_kind not in scheme.get("term_kinds", ()):
        return Eligibility(False, ("The sentence is not one of imprisonment or detention",), source)
    if length_months is None or Decimal(str(length_months)) < Decimal(minimum):
        return Eligibility(False, (f"The sentence is shorter than {minimum} months",), source)
    return Eligibility(True, (f"A {offence} offence, and a sentence of {minimum} months or more",), source)


def details_errors(*, kind: str, name: str, description: str, is_child: bool,
                   date_of_birth: datetime.date | None, today: datetime.date) -> dict:
    """A past victim is known by name; a potential victim by a name or a description (seed E-22: "children of new
    partners, grandchildren, neighbours' children", inspection 2010 ¶2.5, ¶7.31)."""
    errors = {}
    if kind == PAST and not name.strip():
        errors["name"] = "Enter the victim's name"
    if kind == POTENTIAL and not (name.strip() or description.strip()):
        errors["description"] = "Enter a name or describe who may be at risk, for example the children of his new partner"
    if date_of_birth is not None:
        if date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        elif not is_child and age_on(date_of_birth, today) < 18:
            errors["is_child"] = "The date of birth makes them a child: tick that they are a child"
        elif is_child and age_on(date_of_birth, today) >= 18:
            errors["is_child"] = "The date of birth makes them an adult: untick that they are a child"
    return errors


def scheme_errors(*, kind: str, offered_on: datetime.date | None, response: str,
                  responded_on: datetime.date | None, today: datetime.date) -> dict:
    """The offer of contact and the victim's answer: an answer follows an offer, has a date not before it, and no
    date is in the future. Only victims of an offence are offered statutory contact (s.35)."""
    errors = {}
    if kind != PAST and (offered_on or response):
        errors["scheme_offered_on"] = "Statutory contact is offered only to the victims of an offence"
        return errors
    if offered_on and offered_on > today:
        errors["scheme_offered_on"] = "The date contact was offered must be today or in the past"
    if response and not offered_on:
        errors["scheme_offered_on"] = "Enter the date contact was offered before recording the victim's answer"
    if response in ANSWERS and not responded_on:
        errors["scheme_responded_on"] = "Enter the date the victim answered"
    if responded_on and response not in ANSWERS:
        errors["scheme_response"] = "Choose whether the victim opted in or out, or leave the answer date empty"
    if responded_on and responded_on > today:
        errors["scheme_responded_on"] = "The date of the answer must be today or in the past"
    if responded_on and offered_on and responded_on < offered_on:
        errors["scheme_responded_on"] = "The victim cannot answer before contact was offered"
    return errors


def contact_errors(*, occurred_on: datetime.date | None, summary: str, today: datetime.date) -> dict:
    errors = {}
    if occurred_on is None:
        errors["occurred_on"] = "Enter the date of the contact"
    elif occurred_on > today:
        errors["occurred_on"] = "The date of the contact must be today or in the past"
    if not summary.strip():
        errors["summary"] = "Enter what happened"
    return errors


def request_errors(*, requested_on: datetime.date | None, details: str, outcome: str,
                   decided_on: datetime.date | None, reason: str, today: datetime.date) -> dict:
    """A request for a licence condition (s.35(5)(a): representations about the licence conditions) and its outcome;
    a decision has a date, not before the request, and a refusal a reason the victim can be given."""
    errors = {}
    if requested_on is None:
        errors["requested_on"] = "Enter the date the victim asked"
    elif requested_on > today:
        errors["requested_on"] = "The date asked must be today or in the past"
    if not details.strip():
        errors["details"] = "Enter what the victim asked for"
    if outcome != "pending":
        if decided_on is None:
            errors["decided_on"] = "Enter the date of the decision"
        elif decided_on > today:
            errors["decided_on"] = "The date of the decision must be today or in the past"
        elif requested_on and decided_on < requested_on:
            errors["decided_on"] = "The decision cannot come before the request"
    elif decided_on is not None:
        errors["outcome"] = "Choose the decision, or leave its date empty"
    if outcome == "refused" and not reason.strip():
        errors["outcome_reason"] = "Enter why the condition was not included, so the victim can be told"
    return errors


def summary_for_others(count: int, holder: str) -> str:
    """What a reader who may not see victims' details is told: how many, and whom to ask. Never a detail of one."""
    if count == 0:
        return "No victims are recorded."
    noun = "victim" if count == 1 else "victims"
    return f"{count} {noun}: details held by the victim liaison officer, ask {holder}."


# ---- when contact is due ------------------------------------------------------------------------------------------
OFFER, RELEASE_INPUT = "victim_contact_offer", "victim_liaison_input"


@dataclass(frozen=True)
class ContactDue:
    kind: str  # OFFER or RELEASE_INPUT
    what: str  # said to a reader who may see the victim; it names no one
    due: datetime.date


def contact_due(*, eligible: bool, sentenced_on: datetime.date | None, offered_on: datetime.date | None,
                response: str, ended_on: datetime.date | None, release_date: datetime.date | None,
                in_custody: bool, last_input_on: datetime.date | None, timescales: dict) -> list[ContactDue]:
    """The statutory contact work due for one victim, from `timescales` ("victims.contact.timescales"):
    - the offer of contact, `offer_within_days` after sentence (s.35(3): the board "must take all reasonable steps
      to ascertain whether the victim wishes", inspection 2010 ¶7.9: contact "in line with national standards");
    - for a victim who opted in, the victim liaison officer's input to the manager before release planning,
      `input_before_release_days` before the expected release date (¶7.9-7.10; P-19.3: prompts at release). Input
      is a contact-log entry with the offender manager made within `input_valid_days` of the release date.
    Nothing is due for a victim outside the scheme or whose contact has ended."""
    if not eligible or ended_on is not None:
        return []
    found = []
    if offered_on is None and sentenced_on is not None:
        found.append(ContactDue(OFFER, "Offer statutory victim contact",
                                sentenced_on + datetime.timedelta(days=timescales["offer_within_days"])))
    if response == OPTED_IN and in_custody and release_date is not None:
        # The prompt is the absence of the input that release planning needs (liaison_input_errors): input that
        # counts on the release date counts on every day before it.
        if not liaison_input_recent(last_input_on, on=release_date, valid_days=timescales["input_valid_days"]):
            found.append(ContactDue(RELEASE_INPUT, "Victim liaison officer's input before release planning",
                                    release_date - datetime.timedelta(days=timescales["input_before_release_days"])))
    return found


def shows_on_work_list(due: datetime.date, today: datetime.date, lookahead_days: int) -> bool:
    return due <= today + datetime.timedelta(days=lookahead_days)


AWAITED_FOR_OTHERS = "Victim liaison officer's input awaited before release planning"


# ---- the victim liaison officer's input before a change that touches the victims -----------------------------------
# Release planning, a change of where the person lives and the ending of a zone need the liaison officer's input
# first, for a record with a victim in statutory contact (inspection 2010 ¶7.9-7.10: information from VLOs "rarely
# informed the risk management plan", OM-VLO communication insufficient in half; P-19.3: prompts at plan creation,
# review, release and move-on; good practice E2.2-17: a non-contact condition "following VLO consultation", IS-86
# (E3.2-02): a zone variation worked out with the VLO; AL-20: release approaching, "licence conditions with victim
# input"). The documents give no period for "recent": the window is `input_valid_days` of
# "victims.contact.timescales" (a project default, see migrations/0003_contact_timescales.py), the same that
# answers the work list's "input before release planning". A change that cannot wait goes ahead with a reason.
URGENT_REASON = "urgent_reason"
URGENT_LABEL = "If this cannot wait for the victim liaison team's input, why it is urgent"
URGENT_HINT = ("Only needed when the change needs the victim liaison team's input and it has not been given. The "
               "reason is recorded and the victim liaison officer is told of the change.")


def liaison_input_recent(last_input_on: datetime.date | None, *, on: datetime.date, valid_days: int) -> bool:
    """Input (a contact-log entry with the offender manager that reached them) made within `valid_days` before `on`."""
    return last_input_on is not None and on - datetime.timedelta(days=valid_days) <= last_input_on


def liaison_input_errors(*, in_scheme: bool, last_input_on: datetime.date | None, today: datetime.date,
                         valid_days: int, urgent_reason: str, sees_victims: bool, ask: str) -> dict:
    """Refuse a change that needs the liaison officer's input when a victim of the record is in statutory contact
    (opted in, contact not ended), no input is recent enough and no reason is given why it is urgent. The message is
    for the acting user: one who may see the victims is told why; anyone else only that the liaison team's input is
    needed and whom to ask (`ask`, never derived from a victim), the same words whatever the victims' state."""
    if not in_scheme or (urgent_reason or "").strip():
        return {}
    if liaison_input_recent(last_input_on, on=today, valid_days=valid_days):
        return {}
    if sees_victims:
        message = (f"A victim on this record is in statutory victim contact, and the victim liaison officer has given "
                   f"no input in the last {valid_days} days (a contact-log entry “With the offender manager”). "
                   "Record their input first, or say why this change is urgent and cannot wait for it")
    else:
        message = (f"This change needs the victim liaison team's input first: ask {ask}. If it cannot wait, say why "
                   "it is urgent")
    return {URGENT_REASON: message}


LIVES_AT = ("home", "approved_premises", "temporary", "nfa")
WHERE_FIELDS = frozenset({"status", "kind", "line1", "line2", "town", "county", "postcode"})


def address_needs_input(*, kind: str, status: str, created: bool, changed) -> bool:
    """A new or changed address where the person lives or will live (current or proposed, not a workplace or a
    prison): a new one, or one whose place, kind or status changed. Notes, dates and marking need no input."""
    if kind not in LIVES_AT or status not in ("current", "proposed"):
        return False
    return created or bool(WHERE_FIELDS & set(changed))
