"""What one reader is told about zone checks.

A check of a place or a route runs against every current zone of the person, so a victim is protected
whoever asks. What a reader is told must not depend on zones they may not see (a victim's home drawn as
a zone restricted as victim details): otherwise checking point after point would find the home. So a
reader who may see every zone gets the whole answer; any other reader gets the findings of the zones
they may see, and the same note whatever the other zones found: no result, distance or finding of them.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from mappa.access import policy
from mappa.licences import geometry as geo
from mappa.licences.models import AddressLocation, Zone

NOTE = "Also checked against zones you may not see: the offender manager will confirm."


@dataclass(frozen=True)
class Reader:
    """What one user may know of one person's zones."""

    zone_ids: frozenset
    complete: bool  # they may see every current zone of the person

    def shows(self, zone_id) -> bool:
        return int(zone_id) in self.zone_ids


def reader_for(user, nominal) -> Reader:
    """One query, whatever the number of zones (the case panel counts its queries)."""
    today = timezone.localdate()
    seen, complete = set(), True
    for pk, handling, agency_id, ended_on in policy.items_for_rules(user, Zone, nominal).values_list(
            "pk", "handling", "agency_id", "ended_on"):
        if policy.may_see(user, handling, agency_id):
            seen.add(pk)
        elif ended_on is None or ended_on > today:
            complete = False
    return Reader(frozenset(seen), complete)


@dataclass(frozen=True)
class Answer:
    """A check as one reader is told it. `findings` are dicts (stored checks) or geometry.Findings (routes)."""

    result: str  # clear, near or inside: of the zones the reader may see
    findings: tuple
    note: str = ""  # the same for every check when the reader may not see every zone
    rejected: bool = False

    @property
    def complete(self) -> bool:
        return not self.note

    @property
    def flagged(self) -> tuple:
        return tuple(f for f in self.findings if _status(f) != geo.Status.CLEAR)


def _status(finding) -> str:
    return finding["status"] if isinstance(finding, dict) else finding.status


def _zone(finding) -> int:
    return int(finding["zone"] if isinstance(finding, dict) else finding.zone_key)


def _result(findings) -> str:
    statuses = {_status(f) for f in findings}
    if geo.Status.INSIDE in statuses:
        return AddressLocation.Result.INSIDE
    if geo.Status.NEAR in statuses:
        return AddressLocation.Result.NEAR
    return AddressLocation.Result.CLEAR


def for_location(reader: Reader, location: AddressLocation) -> Answer:
    """The stored check of an address location, as the reader may be told it."""
    shown = tuple(f for f in location.findings if reader.shows(f["zone"]))
    if reader.complete and len(shown) == len(location.findings):
        return Answer(location.result, shown, "", location.rejected)
    result = _result(shown)
    return Answer(result, shown, NOTE, result == AddressLocation.Result.INSIDE and location.address.status == "proposed")


def for_route(reader: Reader, findings) -> Answer:
    """A route check (every zone's finding, nearest first), as the reader may be told it."""
    shown = tuple(f for f in findings if reader.shows(_zone(f)))
    complete = reader.complete and len(shown) == len(findings)
    return Answer(_result(shown), shown, "" if complete else NOTE)


def hidden_from(reader: Reader, findings, status: str = geo.Status.INSIDE) -> list:
    """The findings of `status` that the reader may not be told of."""
    return [f for f in findings if _status(f) == status and not reader.shows(_zone(f))]
