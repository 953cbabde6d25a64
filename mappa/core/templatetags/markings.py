"""The page's protective marking, taking in what the case header shows (mappa.nominals.case)."""
from django import template

from mappa.core.markings import highest

register = template.Library()


@register.simple_tag(takes_context=True)
def page_marking(context) -> str:
    """The highest of the page's own marking (OFFICIAL when it gives none) and the markings of what the
    case header shows, on a page about a person."""
    marking = context.get("marking") or "OFFICIAL"
    case = context.get("case")
    return highest([marking, *case["markings"]]) if case else marking
