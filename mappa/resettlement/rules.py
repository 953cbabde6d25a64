"""The resettlement rules, as pure functions over plain values: an approved premises placement's signing-in
interval and curfew, when its move-on plan is due, which incidents and departures are significant events, and
what a pathway's outcome and actions may be.

The numbers come from dated reference rows (resettlement/migrations/0002_reference_data.py), passed in as
`table`: the signing-in intervals of the good-practice catalogue (section 3.5, R-45 to R-48) and the move-on
timing of the inspection catalogue (F-130, P-20: "[INFERRED timing]"), each row citing where it comes from."""
import datetime

# Pathways (good practice 2009-2012 sections 2.19-2.24). HEALTH_SUBSTANCE is the one pathway whose details are
# health and substance misuse information (sections 2.21-2.22): read only through policy.pathway_details_for.
ACCOMMODATION, ETE, FINANCE, FAMILY, HEALTH_SUBSTANCE = "accommodation", "ete", "finance", "family", "health_substance"
RESTRICTED_PATHWAYS = {HEALTH_SUBSTANCE}

# Outcomes by pathway (section 2.19 REQ-ACC-02 "accommodation status at start, at release and at termination";
# section 2.20 "employment gained"; 2.23 "resolved his financial difficulties"; 2.24 "positive family influence").
OUTCOMES = {
    ACCOMMODATION: (("settled", "In settled accommodation"), ("supported", "In supported or transitional accommodation"),
                    ("approved_premises", "Still in approved premises"), ("no_fixed_abode", "No fixed abode")),
    ETE: (("employed", "In employment"), ("training", "In education or training"), ("voluntary", "In voluntary work"),
          ("none", "Not in education, training or employment")),
    FINANCE: (("resolved", "Finances resolved: debts managed, benefits in place"), ("improved", "Improved"),
              ("unresolved", "Not resolved")),
    FAMILY: (("improved", "Relationships improved or supportive"), ("unchanged", "No change"),
             ("worse", "Relationships broke down")),
    HEALTH_SUBSTANCE: (("abstinent", "Abstinent or stable"), ("reduced", "Use reduced or condition improving"),
                       ("in_treatment", "Still in treatment"), ("not_engaged", "Did not engage")),
}
WHEN = (("release", "On release"), ("end_of_order", "At the end of the order or licence"),
        ("leaving_ap", "On leaving approved premises"), ("review", "At a review"))

# Incidents that break the premises' rules or the licence (section 2.12 "Regime / rules", "Resident incidents";
# inspection E-24): each is a significant event that asks for the risk and plan reviews.
RULE_BREACHES = {"curfew", "signing_in", "rules", "substances", "violence"}
PLANNED, UNPLANNED = "planned", "unplanned"


def premises_name(code: str, table: list) -> str:
    """The name of the premises with `code` in the reference list, or "" if it is not in it."""
    return next((p["name"] for p in table if p["code"] == code), "")


def signing_in_errors(hours: int | None, reason: str, table: dict) -> dict:
    """Why a signing-in interval cannot be set: it must be a whole number of hours, and one outside the usual
    range (R-45 "two hourly", R-46 "every four hours") needs its reason (R-48: check-ins extended for mosque)."""
    if hours is None:
        return {"signing_in_hours": "Enter the hours between signing in"}
    if hours < 1 or hours > 24:
        return {"signing_in_hours": "Enter between 1 and 24 hours"}
    if not table["shortest_hours"] <= hours <= table["longest_hours"] and not reason.strip():
        return {"signing_in_reason": f"Give the reason for signing in other than every {table['shortest_hours']} to "
                                     f"{table['longest_hours']} hours"}
    return {}


def placement_errors(arrived_on, expected_departure_on, today: datetime.date) -> dict:
    errors = {}
    if arrived_on is not None and arrived_on > today:
        errors["arrived_on"] = "The arrival date must be today or in the past"
    if arrived_on and expected_departure_on and expected_departure_on <= arrived_on:
        errors["expected_departure_on"] = "The expected departure must be after the arrival"
    return errors


def expected_departure(arrived_on: datetime.date, table: dict) -> datetime.date:
    """The usual end of a stay when none is agreed yet: `stay_weeks` after arrival (R-50: "an intensive three
    month period")."""
    return arrived_on + datetime.timedelta(weeks=int(table["stay_weeks"]))


def move_on_plan_due(arrived_on: datetime.date, expected_departure_on: datetime.date | None, table: dict) -> datetime.date:
    """When the move-on plan must be in place: within `plan_within_days` of arrival (F-130: "a move-on plan is
    required at AP admission with a target date"), and at the latest `before_departure_days` before the expected
    departure (P-20: "started early and tracked"), but never before the arrival."""
    due = arrived_on + datetime.timedelta(days=int(table["plan_within_days"]))
    if expected_departure_on is not None:
        due = min(due, expected_departure_on - datetime.timedelta(days=int(table["before_departure_days"])))
    return max(due, arrived_on)


def departure_errors(arrived_on: datetime.date, departed_on, kind: str, destination: str, today: datetime.date) -> dict:
    errors = {}
    if departed_on is None:
        errors["departed_on"] = "Enter the date they left"
    elif departed_on < arrived_on:
        errors["departed_on"] = "They cannot leave before they arrived"
    elif departed_on > today:
        errors["departed_on"] = "The date they left must be today or in the past"
    if kind not in (PLANNED, UNPLANNED):
        errors["departure"] = "Choose planned or unplanned"
    if kind == PLANNED and not destination.strip():
        errors["destination"] = "Say where they moved on to"
    return errors


def is_significant_departure(kind: str) -> bool:
    """An unplanned departure (absconding, recall, eviction) changes the risk: a significant event."""
    return kind == UNPLANNED


def is_rule_breach(kind: str) -> bool:
    return kind in RULE_BREACHES


def length_of_stay(arrived_on: datetime.date, departed_on: datetime.date | None, today: datetime.date) -> int:
    """Days in the premises so far (F-130: "report length of stay and move-on outcomes")."""
    return ((departed_on or today) - arrived_on).days


def outcome_errors(pathway: str, outcome: str, when: str) -> dict:
    errors = {}
    if outcome not in {code for code, _ in OUTCOMES.get(pathway, ())}:
        errors["outcome"] = "Choose an outcome of this pathway"
    if when not in {code for code, _ in WHEN}:
        errors["outcome_when"] = "Choose when the outcome was reached"
    return errors


def action_overdue(target_on: datetime.date, done_on: datetime.date | None, today: datetime.date) -> bool:
    return done_on is None and target_on < today


def decision_errors(decision: str, reason: str) -> dict:
    """A referral is accepted or refused; a refusal gives its reason (REQ-AP-01 "decision")."""
    if decision not in ("accepted", "refused"):
        return {"decision": "Choose accepted or refused"}
    if decision == "refused" and not reason.strip():
        return {"decision_reason": "Give the reason the place was refused"}
    return {}
