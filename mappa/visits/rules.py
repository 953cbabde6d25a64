"""Rules of home visiting (pure functions). Numbers come from reference data (migrations/0002), never
from here: HMI Probation and HMI Constabulary, Restriction and Rehabilitation (June 2010), paras 7.12-7.24,
and the Sexual Offences Act 2003 s.96B (inserted by the Violent Crime Reduction Act 2006 s.58)."""
import datetime
from dataclasses import dataclass

# The plan's date arithmetic: a month on is the same day of the month, or its last day.
from mappa.plans.rules import add_interval

POLICE, PROBATION, JOINT = "police", "probation", "joint"
ATTENDED, NO_ANSWER, REFUSED, NOT_AT_ADDRESS = "attended", "no_answer", "refused", "not_at_address"
FAILED = (NO_ANSWER, REFUSED, NOT_AT_ADDRESS)


@dataclass(frozen=True)
class Power:
    """Whether the police may visit, and on what footing (registration, licence, order)."""

    grounds: tuple[str, ...]

    @property
    def held(self) -> bool:
        return bool(self.grounds)

    def describe(self) -> str:
        if not self.grounds:
            return "No power to visit found on the record you may see: no notification requirements, licence or order"
        return "Power to visit: " + "; ".join(self.grounds)


@dataclass(frozen=True)
class Schedule:
    agency: str
    interval: dict | None  # {"months": n} or {"days": n}; None when no visits are set for this case
    reason: str
    power: Power | None = None


def police_power(notification: tuple[bool, str], licence: tuple[bool, str], orders: tuple[str, ...] = ()) -> Power:
    """The footing for a police visit: subject to notification requirements (SOA 2003 Part 2), on licence,
    or subject to an order. Each is (held, label of its source)."""
    grounds = []
    if notification[0]:
        grounds.append(notification[1] or "subject to sex offender notification requirements")
    if licence[0]:
        grounds.append(licence[1] or "on licence")
    grounds.extend(orders)
    return Power(tuple(grounds))


def police_schedule(risk: str, table: dict, power: Power) -> Schedule:
    """Police visits by risk level (para 7.14: very high and high monthly, medium every three months, low at
    least annually). With no power to visit, no interval is set and the schedule says so."""
    if not power.held:
        return Schedule(POLICE, None, power.describe(), power)
    if risk not in table:
        return Schedule(POLICE, None, "No risk level on the record you may see: set one, or agree a schedule", power)
    return Schedule(POLICE, table[risk], f"{_label(risk)} risk: {describe(table[risk])} (para 7.14)", power)


def probation_schedule(rosh: str, table: dict) -> Schedule:
    """Probation home visits every four months for high and very high RoSH (para 7.12); none set otherwise."""
    if rosh in table:
        return Schedule(PROBATION, table[rosh], f"{_label(rosh)} risk of serious harm: {describe(table[rosh])} (para 7.12)")
    return Schedule(PROBATION, None, "The national standard sets probation home visits only for high or very high risk of serious harm")


def with_override(schedule: Schedule, interval: dict | None, reason: str) -> Schedule:
    """A case's agreed schedule in place of the default (para 7.15: forces set their own standards)."""
    if interval is None:
        return schedule
    return Schedule(schedule.agency, interval, f"Agreed for this case: {describe(interval)} ({reason})", schedule.power)


def next_due(last_attended: datetime.date | None, interval: dict | None, registered_on: datetime.date | None,
             initial: dict) -> tuple[datetime.date | None, str]:
    """When the next visit is due and why: from the last attended visit by the interval; before any attended
    visit, the initial visit after registration (para 7.24). Failed attempts do not move it (para 7.23)."""
    if last_attended is not None:
        if interval is None:
            return None, "No further visit is set"
        return add_interval(last_attended, interval), "Next routine visit"
    if registered_on is not None:
        return add_interval(registered_on, initial), "Initial visit after registration"
    return None, "No visit is set"


def missing_checks(check) -> list[tuple[str, str]]:
    """What a pre-visit check still lacks before a visit may be recorded as attended (para 7.18: checks of
    the record and current intelligence, and the PNC for wanted status and new convictions; para 7.19)."""
    if check is None:
        return [("check", "Save a pre-visit check before recording the visit as attended")]
    gaps = []
    if not check.record_read:
        gaps.append(("record_read", "Say that the record and current intelligence were read"))
    if not check.pnc_checked:
        gaps.append(("pnc_checked", "Say that the PNC was checked for wanted status and new convictions"))
    if check.pnc_checked and not (check.pnc_result or "").strip():
        gaps.append(("pnc_result", "Give the result of the PNC check"))
    if not check.crewing:
        gaps.append(("crewing", "Say whether the visit is single or double crewed"))
    if not (check.officer or "").strip():
        gaps.append(("officer", "Name the officer making the visit"))
    return gaps


def pnc_hit(wanted: bool, new_convictions: bool) -> str:
    """What a PNC check before a visit found that the manager must be told of at once (para 7.18: wanted
    status and new convictions anywhere), in words; empty when it found neither."""
    found = [words for hit, words in ((wanted, "wanted"), (new_convictions, "new convictions")) if hit]
    return " and ".join(found)


def may_record_attended(check) -> bool:
    return not missing_checks(check)


def warrant_prompt(outcomes: list[str], registered: bool, attempts: int) -> bool:
    """Whether to prompt for a warrant of entry (SOA 2003 s.96B(1)-(2)): the person is subject to notification
    requirements and the police have been unable to obtain entry "on at least two occasions". `outcomes` is
    newest first; `attempts` the number from reference data. An attended visit ends the run."""
    if not registered:
        return False
    run = 0
    for outcome in outcomes:
        if outcome not in FAILED:
            break
        run += 1
    return run >= attempts


def timeliness(due: datetime.date | None, done: datetime.date, late_days: int) -> str:
    """On time, late, or unacceptably late (para 7.24)."""
    if due is None or done <= due:
        return "on time"
    return "late" if (done - due).days <= late_days else "unacceptably late"


def describe(interval: dict) -> str:
    if "months" in interval:
        n = interval["months"]
        return "every month" if n == 1 else ("every year" if n == 12 else f"every {n} months")
    days = interval.get("days", 0) + 7 * interval.get("weeks", 0)
    return f"within {days} days"


def _label(level: str) -> str:
    return level.replace("_", " ").capitalize()
