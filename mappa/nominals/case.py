"""The case header and the case's sub navigation, on every page about one person.

Every view whose address holds a person's record number puts `case_header(request, nominal)` in its
context as "case"; base.html then shows nominals/_case.html at the top of the page's main content, and the
page's protective marking takes in what the header shows. One builder and one template, so every page
about a person carries the same header, and its query count is fixed (tests/test_query_counts.py).

The header shows only what the reader may see: the facts come from mappa.core.facts gathered for the
reader (each provider narrows by the access policy), the PNC number is an identifier read through the
policy, and markers come from the parts' registered providers (extensions.case_markers).
"""
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.core import extensions, facts
from mappa.core.markings import marking_for
from mappa.nominals.models import Identifier, IdentifierKind

FACTS = ("mappa_category", "mappa_level", "rosh", "in_custody", "on_licence", "community_order",
         "hospital_or_guardianship_order", "notification_requirements", "release_date")
# A marker's kind to the GOV.UK tag colour it is shown in.
MARKER_COLOURS = {"warning": "govuk-tag--red", "caution": "govuk-tag--orange"}


@dataclass(frozen=True)
class Tab:
    label: str
    href: str
    current: bool


def _current(match, url_name: str, kind: str | None = None) -> bool:
    """Whether the page being shown belongs to the tab that links to `url_name`: a part's tab covers
    every page of that part about the person (its forms too)."""
    namespace, _, name = url_name.partition(":")
    if namespace != "nominals":
        return match.namespace == namespace
    if match.namespace != "nominals":
        return False
    page_kind = match.kwargs.get("kind")
    if name == "detail":
        return match.url_name == "detail"
    if kind == "activities":
        return page_kind == "activities"
    # Personal details: the rest of the register's pages about the person, but not its record pages.
    return match.url_name not in ("detail", "history", "access_log") and page_kind != "activities"


def tabs(request, nominal) -> list[Tab]:
    match = request.resolver_match
    links = [("Overview", "nominals:detail", None), ("Personal details", "nominals:details", None)]
    links += [(t.label, t.url_name, None) for t in extensions.tabs_for(request.user, nominal)]
    links += [("Activity log", "nominals:item_list", "activities")]
    shown = []
    for label, url_name, kind in links:
        href = reverse(url_name, args=[nominal.pk, kind] if kind else [nominal.pk])
        shown.append(Tab(label, href, match is not None and _current(match, url_name, kind)))
    return shown


def legal_status(known: facts.Facts) -> list[dict]:
    """The person's legal status today in a few words each, from the facts the reader may see."""
    lines = []
    if known.in_custody.value:
        lines.append({"text": "In custody", "release_due": known.release_date})
    if known.on_licence.value:
        lines.append({"text": "On licence", "until": known.on_licence.until})
    if known.community_order.value:
        lines.append({"text": "Community order", "until": known.community_order.until})
    if known.hospital_or_guardianship_order.value:
        lines.append({"text": "Hospital or guardianship order"})
    if known.notification_requirements.value:
        lines.append({"text": "Subject to notification requirements", "until": known.notification_requirements.until})
    return lines


def _restricted_markings(known: facts.Facts) -> list[str]:
    """The markings of restricted items the shown facts were worked out from."""
    flags = [getattr(known, name) for name in FACTS if isinstance(getattr(known, name), facts.Flag)]
    return [marking_for(handling) for flag in flags if flag.value and flag.source
            for handling, _ in flag.source.restrictions]


def case_header(request, nominal, *, heading: bool = False) -> dict:
    """What the case header shows `request.user` about `nominal` (already read through policy.get_nominal).
    `heading`: the person's name is the page's H1 (the overview); elsewhere the page has its own H1."""
    user = request.user
    known = facts.facts_for(user, nominal, only=FACTS)
    pnc = policy.items_for(user, Identifier, nominal=nominal).filter(kind=IdentifierKind.PNC).first()
    markers = [{"marker": m, "colour": MARKER_COLOURS.get(m.kind, "govuk-tag--blue")}
               for m in extensions.markers_for(user, nominal)]
    markings = [nominal.marking, *(m["marker"].marking for m in markers), *_restricted_markings(known)]
    if pnc:
        markings.append(pnc.marking)
    return {
        "nominal": nominal, "heading": heading, "age": nominal.age_on(timezone.localdate()), "pnc": pnc,
        "mappa_category": known.mappa_category, "mappa_level": known.mappa_level,
        "rosh": known.rosh.replace("_", " ").capitalize(), "legal_status": legal_status(known),
        "markers": markers, "tabs": tabs(request, nominal), "markings": markings,
        "emergency_reason": policy.break_glass_reason(user, nominal),
    }

