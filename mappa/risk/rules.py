"""Domain rules of risk assessment as pure functions over plain values (never the ORM)."""
import datetime
from dataclasses import dataclass

LEVELS = ["low", "medium", "high", "very_high"]
LEVEL_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}


def highest_level(levels) -> str:
    """The highest of some levels ("" when none): the headline of a RoSH assessment."""
    found = [lv for lv in levels if lv in LEVELS]
    return max(found, key=LEVELS.index) if found else ""


COMMUNITY, CUSTODY = "community", "custody"


def setting_now(in_custody: bool) -> str:
    """The setting a person's risk of serious harm is headlined for: where they are now."""
    return CUSTODY if in_custody else COMMUNITY


def out_of_setting(rosh_levels: dict, groups_by_setting: dict | None) -> list[tuple[str, str]]:
    """(group, setting) of each rating given where the group is not rated: risk to prisoners in the community.
    `groups_by_setting` is the reference data ({"community": [...groups], "custody": [...]}); None: no rule."""
    if not groups_by_setting:
        return []
    return [(group, setting) for group, by_setting in (rosh_levels or {}).items()
            for setting, lv in (by_setting or {}).items()
            if lv and setting in groups_by_setting and group not in groups_by_setting[setting]]


def rosh_headline(rosh_levels: dict, setting: str, groups_by_setting: dict | None = None) -> str:
    """The headline risk of serious harm for a person in `setting`: the highest rating given for that setting,
    leaving out any group not rated there (a stored rating of risk to prisoners in the community). "" when
    nothing is rated for the setting: ratings for the other setting never stand in for it."""
    ignored = set(out_of_setting(rosh_levels, groups_by_setting))
    return highest_level(lv for group, by_setting in (rosh_levels or {}).items()
                         for where, lv in (by_setting or {}).items() if where == setting and (group, where) not in ignored)


def rationale_required(police_level: str, tool_category: str) -> bool:
    """The police manage someone at a level different from the tool's category: say why (2010 inspection 5.9)."""
    return bool(police_level) and bool(tool_category) and tool_category in LEVELS and police_level != tool_category


@dataclass(frozen=True)
class Training:
    tool: str
    trained_on: datetime.date
    expires_on: datetime.date | None = None


def trained(records, tool: str, on: datetime.date) -> bool:
    """Trained in the tool and the training current on the day (2010 inspection 5.5; F-061)."""
    return any(r.tool == tool and r.trained_on <= on and (r.expires_on is None or r.expires_on >= on) for r in records)


def approval_problems(*, approver_id, approver_is_supervisor: bool, author_id, approver_trained: bool,
                      status: str) -> list[str]:
    problems = []
    if status != "completed":
        problems.append("Only a completed assessment can be approved.")
    if not approver_is_supervisor:
        problems.append("Only a supervisor can approve an assessment.")
    if approver_id == author_id:
        problems.append("Someone other than the author must approve it.")
    if not approver_trained:
        problems.append("The approving supervisor must be recorded as trained in this tool.")
    return problems


@dataclass(frozen=True)
class Due:
    what: str
    due: datetime.date
    kind: str


def registration_in_community(*, registered_on: datetime.date | None, released_on: datetime.date | None,
                              in_custody: bool) -> datetime.date | None:
    """When the clock for a Risk Matrix 2000 starts: registration (notification requirements or an order that
    brings them) in the community, or release from custody if that came later. The 2010 inspection, of sexual
    offenders "in the community", measured the RM2000 from registration (¶4.14), and registration runs from
    release for someone in custody on the relevant date. None while the person is in custody."""
    if registered_on is None or in_custody:
        return None
    return max(registered_on, released_on) if released_on else registered_on


def supervision_started(*starts: datetime.date | None) -> datetime.date | None:
    """The start of the licence or community order the person is on now (the latest, if more than one)."""
    return max((s for s in starts if s), default=None)


def assessments_due(*, registered_on: datetime.date | None, order_started_on: datetime.date | None,
                    released_on: datetime.date | None, latest_rm2000: datetime.date | None,
                    latest_oasys: datetime.date | None, rm2000_days: int, oasys_days: int, review_days: int,
                    rm2000_review_days: int, today: datetime.date) -> list[Due]:
    """Assessments due or overdue from the dates the system holds (timescales are reference data):
    - a Risk Matrix 2000 within rm2000_days of registration in the community (registration_in_community: the
      inspectors' 14-day yardstick, 2010 ¶4.14), and again rm2000_review_days after the last one (¶9.1);
    - an OASys (RoSH and likelihood of reoffending) within oasys_days of the start of a community order or
      licence (¶5.12: "completed on time at the start of order or licence");
    - a review within review_days of the last release from custody (¶9.1).
    An assessment done on or after the trigger satisfies it."""
    due = []
    if registered_on and (latest_rm2000 is None or latest_rm2000 < registered_on):
        due.append(Due("Risk Matrix 2000 after registration", registered_on + datetime.timedelta(days=rm2000_days), "rm2000"))
    elif latest_rm2000 and latest_rm2000 + datetime.timedelta(days=rm2000_review_days) <= today + datetime.timedelta(days=30):
        due.append(Due("Risk Matrix 2000 review", latest_rm2000 + datetime.timedelta(days=rm2000_review_days), "rm2000_review"))
    if order_started_on and (latest_oasys is None or latest_oasys < order_started_on):
        due.append(Due("OASys at the start of the order or licence", order_started_on + datetime.timedelta(days=oasys_days), "oasys"))
    if released_on and released_on <= today and (latest_oasys is None or latest_oasys < released_on):
        due.append(Due("Review of the assessments after release", released_on + datetime.timedelta(days=review_days), "release"))
    return due


def changes_between(older: dict, newer: dict) -> list[tuple[str, object, object]]:
    """What changed between two assessments' headline values, for the timeline."""
    return [(k, older.get(k), newer.get(k)) for k in newer if older.get(k) != newer.get(k)]


ADULT_AGE = 18  # adulthood in law, not a guidance setting


def rm2000_applicability(gender: str, age: int | None) -> dict[str, str]:
    """Risk Matrix 2000 applies to adult male sexual or violent offenders (2010 inspection ¶2.8)."""
    if gender == "female":
        return {"tool": "Risk Matrix 2000 is for adult men (2010 inspection, para 2.8): use another tool for a woman."}
    if age is not None and age < ADULT_AGE:
        return {"tool": f"Risk Matrix 2000 is for adults: this person was {age} on the date of the assessment."}
    return {}
