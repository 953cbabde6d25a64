"""Finding where an address is from its postcode, and finding an address from what someone types (house number or
name, street, town, part of the postcode), behind one small interface with a provider chosen in the settings: the Ordnance Survey Places API in production (`MAPPA_GAZETTEER=os_places` and `MAPPA_OS_PLACES_KEY`),
or the offline gazetteer of the demo's fictional places (the default, used by the tests and the demo). The answer
is only a starting point: the user checks the point on the map before it is saved.

A postcode lookup sends only the postcode to the provider; a search sends only the text typed into the address
search box, never a person's name or anything else of the case: an address looked up says nothing of who lives
there, but an operator choosing an outside provider should still know it is sent. What a search finds is ordered by
the project's own rule (licences.rules.rank), whichever provider answered."""
import json
import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from mappa.licences.rules import AddressCandidate

POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")
DATA = Path(__file__).resolve().parent / "data" / "demo_gazetteer.json"
OS_PLACES = "https://api.os.uk/search/places/v1/postcode"
OS_PLACES_FIND = "https://api.os.uk/search/places/v1/find"
OS_FIND_RESULTS = 100  # the most the Places API gives in one answer
TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    precise: bool  # the postcode itself, not only the centre of its district
    described: str  # what was found, in words


def normalise(postcode: str) -> str | None:
    """A UK postcode in its usual form ("NX7 3DB"), or None when the text is not one."""
    squeezed = re.sub(r"\s+", "", (postcode or "").upper())
    match = POSTCODE.match(squeezed[:-3] + " " + squeezed[-3:]) if len(squeezed) > 3 else None
    return f"{match.group(1)} {match.group(2)}" if match else None


class Offline:
    """The demo's places, from a file: the postcode when it is listed, else the centre of its district."""

    name = "the demo's offline gazetteer"

    def __init__(self, data: dict):
        self.data = data

    def lookup(self, postcode: str) -> Place | None:
        point = self.data["postcodes"].get(postcode) or next(
            (s["point"] for s in self.data.get("streets", []) if s["postcode"] == postcode), None)
        if point is not None:
            lat, lon = point
            return Place(lat, lon, True, f"{postcode}, from {self.name}")
        district = self.data["districts"].get(postcode.split(" ")[0])
        if district is None:
            return None
        lat, lon = district["centre"]
        return Place(lat, lon, False, f"the centre of {postcode.split(' ')[0]} ({district['town']}), from {self.name}: "
                                      "move the point to the address")


    def addresses(self) -> list[AddressCandidate]:
        """Every address the file holds: each named premises, and each house number on each street that is not
        a named premises' number on that street already."""
        found, taken = [], set()
        for place in self.data.get("premises", []):
            found.append(AddressCandidate(_key(place["line1"], place["line2"], place["postcode"]), place["line1"],
                                          place["line2"], place["town"], place["postcode"], place["county"]))
            taken.add((place["line2"].lower(), place["town"]))
        for street in self.data.get("streets", []):
            first, last = street["numbers"]
            for number in range(first, last + 1):
                line1 = f"{number} {street['street']}"
                if (line1.lower(), street["town"]) in taken:
                    continue
                found.append(AddressCandidate(_key(line1, "", street["postcode"]), line1, "", street["town"],
                                              street["postcode"], street["county"]))
        return found

    def search(self, text: str) -> list[AddressCandidate]:
        return self.addresses()  # a few thousand at most: the rule chooses among them all


def _key(line1: str, line2: str, postcode: str) -> str:
    """How a gazetteer address is asked for again, from what it is (not its place in a list)."""
    return "g:" + re.sub(r"[^a-z0-9]+", "-", f"{line1} {line2} {postcode}".lower()).strip("-")


class OSPlaces:
    """The Ordnance Survey Places API's postcode search, in WGS84: the first address's point."""

    name = "Ordnance Survey Places"

    def __init__(self, key: str, opener=urllib.request.urlopen):
        self.key, self.opener = key, opener

    def lookup(self, postcode: str) -> Place | None:
        query = urllib.parse.urlencode({"postcode": postcode, "output_srs": "WGS84", "maxresults": 1, "key": self.key})
        try:
            with self.opener(f"{OS_PLACES}?{query}", timeout=TIMEOUT_SECONDS) as response:
                found = json.load(response).get("results") or []
        except (OSError, ValueError):
            return None  # the service could not answer: the user places the point by hand
        if not found:
            return None
        record = found[0].get("DPA") or found[0].get("LPI") or {}
        if "LAT" not in record or "LNG" not in record:
            return None
        return Place(float(record["LAT"]), float(record["LNG"]), True, f"{postcode}, from {self.name}")

    def search(self, text: str) -> list[AddressCandidate]:
        """The Places API's free-text search (AddressBase): the addresses it offers for the text, each as the
        register writes an address. Nothing when the service cannot answer: the address is typed by hand."""
        query = urllib.parse.urlencode({"query": text, "output_srs": "WGS84", "maxresults": OS_FIND_RESULTS,
                                        "key": self.key})
        try:
            with self.opener(f"{OS_PLACES_FIND}?{query}", timeout=TIMEOUT_SECONDS) as response:
                found = json.load(response).get("results") or []
        except (OSError, ValueError):
            return []
        return [c for c in (_from_places(r.get("DPA") or {}) for r in found) if c is not None]


def _from_places(record: dict) -> AddressCandidate | None:
    """An Ordnance Survey delivery-point address as two lines, town and postcode: the flat, building or
    organisation on the first line when there is one, the number and street after it."""
    if not record.get("UPRN") or not record.get("POSTCODE"):
        return None
    named = ", ".join(record[f] for f in ("SUB_BUILDING_NAME", "BUILDING_NAME", "ORGANISATION_NAME") if record.get(f))
    street = " ".join(record[f] for f in ("BUILDING_NUMBER", "DEPENDENT_THOROUGHFARE_NAME", "THOROUGHFARE_NAME")
                      if record.get(f))
    line1, line2 = (named.title(), street.title()) if named else (street.title(), "")
    return AddressCandidate(f"g:uprn-{record['UPRN']}", line1, line2, (record.get("POST_TOWN") or "").title(),
                            record["POSTCODE"])


def _offline() -> Offline:
    return Offline(json.loads(DATA.read_text()))  # a few hundred bytes, read when asked


def provider():
    chosen = getattr(settings, "MAPPA_GAZETTEER", None) or os.environ.get("MAPPA_GAZETTEER", "offline")
    if chosen == "os_places":
        return OSPlaces(getattr(settings, "MAPPA_OS_PLACES_KEY", None) or os.environ.get("MAPPA_OS_PLACES_KEY", ""))
    return _offline()


def search(text: str) -> list[AddressCandidate]:
    """Addresses from the configured provider that may be the one typed, not yet ranked (licences.rules.rank)."""
    return provider().search(text) if (text or "").strip() else []


def locate(postcode: str) -> Place | None:
    """Where a postcode is, from the configured provider; None when it is not a postcode or is not found."""
    clean = normalise(postcode)
    return provider().lookup(clean) if clean else None
