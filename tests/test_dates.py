"""Dates and times as the GOV.UK style guide writes them, from one helper on every page and message."""
import datetime

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.core import dates

D = datetime.date


def test_a_date_has_no_leading_zero_and_the_month_in_full():
    assert dates.day(D(2026, 12, 5)) == "5 December 2026"
    assert dates.day(None) == ""


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)))
def test_every_date_reads_day_month_year(day):
    text = dates.day(day)
    number, month, year = text.split(" ")
    assert number == str(day.day) and month == f"{day:%B}" and year == str(day.year)


def test_times_say_am_and_pm_without_zero_minutes_and_name_midday_and_midnight():
    t = datetime.time
    assert [dates.clock(x) for x in (t(14, 30), t(10, 0), t(9, 5), t(12, 0), t(0, 0), t(12, 15), t(0, 45))] == [
        "2:30pm", "10am", "9:05am", "midday", "midnight", "12:15pm", "12:45am"]


def test_a_moment_is_the_local_date_then_the_time():
    at = timezone.make_aware(datetime.datetime(2026, 7, 5, 14, 30))  # British Summer Time
    assert dates.moment(at) == "5 July 2026, 2:30pm"
    assert dates.moment(at.astimezone(datetime.UTC)) == "5 July 2026, 2:30pm"


def test_the_filters_are_in_every_template_without_loading():
    at = timezone.make_aware(datetime.datetime(2026, 12, 5, 9, 0))
    text = Template("{{ d|govuk_date }}|{{ at|govuk_datetime }}|{{ none|govuk_date|default:'Not known' }}").render(
        Context({"d": D(2026, 12, 5), "at": at, "none": None}))
    assert text == "5 December 2026|5 December 2026, 9am|Not known"


def test_an_entry_without_a_time_is_now_today_and_has_no_time_on_an_earlier_day():
    now = timezone.make_aware(datetime.datetime(2026, 12, 5, 9, 15))
    today = D(2026, 12, 5)
    assert dates.when_entered(today, None, now) == (now, True)  # before midday: not placed at 12:00, in the future
    at, known = dates.when_entered(D(2026, 12, 1), None, now)
    assert at.date() == D(2026, 12, 1) and not known
    at, known = dates.when_entered(today, datetime.time(8, 0), now)
    assert timezone.localtime(at).time() == datetime.time(8, 0) and known
