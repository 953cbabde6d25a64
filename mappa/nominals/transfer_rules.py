"""Case transfer and cover, as pure rules: which checklist items apply to a case, what is left to confirm, when an
answer is due, and the window a cover runs in. No database: the services and the policy pass plain values."""
import datetime
import zoneinfo
from dataclasses import dataclass

ALWAYS, LEVEL_2_3, REGISTERED, ON_LICENCE = "always", "mappa_level_2_3", "registered", "on_licence"


@dataclass(frozen=True)
class CaseFacts:
    """What decides which checklist items apply: the current MAPPA level, registration and licence."""

    mappa_level: int | None = None
    registered: bool = False
    on_licence: bool = False


def applies(item: dict, case: CaseFacts) -> bool:
    when = item.get("applies", ALWAYS)
    if when == LEVEL_2_3:
        return case.mappa_level in (2, 3)
    if when == REGISTERED:
        return case.registered
    if when == ON_LICENCE:
        return case.on_licence
    return when == ALWAYS


def applicable_items(checklist: list[dict], case: CaseFacts) -> list[dict]:
    """The items of the checklist in force that apply to this case, in the checklist's order."""
    return [item for item in checklist if applies(item, case)]


def missing_items(applicable: list[dict], confirmed) -> list[dict]:
    """The applicable items not confirmed: a transfer is sent only when there are none (¶7.21, F-042)."""
    confirmed = set(confirmed)
    return [item for item in applicable if item["code"] not in confirmed]


def answer_due(sent_on: datetime.date, days: int) -> datetime.date:
    return sent_on + datetime.timedelta(days=int(days))


def is_overdue(due: datetime.date, today: datetime.date) -> bool:
    return today > due


def transfer_errors(*, from_team_id: int, to_team_id: int | None, reason: str) -> dict:
    errors = {}
    if to_team_id is None:
        errors["to_team"] = "Choose the team the case is to move to"
    elif to_team_id == from_team_id:
        errors["to_team"] = "Choose a team other than the one that holds the case now"
    if not (reason or "").strip():
        errors["reason"] = "Enter why the case is moving"
    return errors


def cover_errors(*, starts_on, ends_on, today: datetime.date, absent_id: int, covering_id: int | None,
                 max_days: int) -> dict:
    """What is wrong with a cover's dates and people, in GOV.UK words. Cover is for an absence (leave, sickness,
    training), not a reallocation: one longer than `max_days` (reference data `cover.max_days`, in force on its
    first day) is a transfer or a new allocation."""
    errors = {}
    if covering_id is None:
        errors["covering"] = "Choose the colleague who will cover"
    elif covering_id == absent_id:
        errors["covering"] = "Choose a colleague other than the person who is away"
    if starts_on is None:
        errors["starts_on"] = "Enter the first day of the absence"
    if ends_on is None:
        errors["ends_on"] = "Enter the last day of the absence"
    if starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = "The last day must be the same as or after the first day"
        elif ends_on < today:
            errors["ends_on"] = "The last day must be today or in the future"
        elif (ends_on - starts_on).days + 1 > max_days:
            errors["ends_on"] = (f"Cover can be at most {max_days} days. For a longer absence, transfer "
                                 "or reallocate the cases")
    return errors


def cover_window(starts_on: datetime.date, ends_on: datetime.date, zone: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The cover runs from the start of its first day to the start of the day after its last, in the service's
    time zone: on the end date it still holds, the next morning it has gone."""
    tz = zoneinfo.ZoneInfo(zone)
    start = datetime.datetime.combine(starts_on, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def in_window(start: datetime.datetime, end: datetime.datetime, moment: datetime.datetime) -> bool:
    return start <= moment < end
