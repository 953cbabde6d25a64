"""Dates and times as GOV.UK writes them, for every page, message, e-mail and PDF.

The GOV.UK style guide: "5 December 2026" (no leading zero, the month in full, no "th"), times with "am" and
"pm" and no ":00" ("10am", "2:30pm"), "midday" and "midnight" rather than 12pm and 12am, and a date with a
time as "5 December 2026, 2:30pm".
"""
from __future__ import annotations

import datetime

from django.utils import timezone


def day(value: datetime.date | None) -> str:
    """ "5 December 2026"; "" for no date. A date and time is read in the local time zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return f"{value.day} {value:%B %Y}"


def clock(value: datetime.time | datetime.datetime) -> str:
    """ "10am", "2:30pm", "midday", "midnight"."""
    if isinstance(value, datetime.datetime):
        value = _local(value).time()
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def moment(value: datetime.datetime | None) -> str:
    """ "5 December 2026, 2:30pm"; "" for none."""
    if value is None or value == "":
        return ""
    local = _local(value)
    return f"{day(local.date())}, {clock(local.time())}"


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def when_entered(on: datetime.date, at: datetime.time | None, now: datetime.datetime | None = None
                 ) -> tuple[datetime.datetime, bool]:
    """When something said to have happened on day `on` (at `at`, if given) is placed in time, and whether its
    time is known. No time means none was given: for today, now (it has happened by the time it is written
    down); for an earlier day, the day itself, kept at midday only to sort it among the day's entries and
    shown without a time."""
    now = now or timezone.now()
    if at is not None:
        return timezone.make_aware(datetime.datetime.combine(on, at)), True
    if on == timezone.localtime(now).date():
        return now, True
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time(12))), False
