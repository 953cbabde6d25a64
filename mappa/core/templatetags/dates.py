"""Template filters for GOV.UK dates and sentences, available in every template (settings: TEMPLATES builtins).

    {{ decision.decided_on|govuk_date }}      5 December 2026
    {{ entry.occurred_at|govuk_datetime }}    5 December 2026, 2:30pm
    {{ meeting.starts_at|govuk_time }}        2:30pm
"""
from django import template

from mappa.core import dates, words

register = template.Library()


@register.filter
def govuk_date(value):
    return dates.day(value or None)


@register.filter
def govuk_datetime(value):
    return dates.moment(value or None)


@register.filter
def govuk_time(value):
    return dates.clock(value) if value else ""


@register.filter
def clause(value):
    """Text set inside a sentence: without its own closing full stop (see mappa.core.words.clause)."""
    return words.clause(value) if value else value


@register.filter
def sentences(value):
    """A list of texts as sentences, each ending with one full stop."""
    return words.sentences(value or [])
