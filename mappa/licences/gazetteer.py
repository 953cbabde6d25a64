"""Finding where an address is from its postcode, behind one small interface with a provider chosen in the
settings: the Ordnance Survey Places API in production (`MAPPA_GAZETTEER=os_places` and `MAPPA_OS_PLACES_KEY`),
or the offline gazetteer of the demo's fictional places (the default, used by the tests and the demo). The answer
is only a starting point: the user checks the point on the map before it is saved.

A lookup sends only the postcode to the provider, never a name or the rest of the address: a postcode looked up
says nothing of who lives there, but an operator choosing an outside provider should still know it is sent."""
import json
import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")
DATA = Path(__file__).resolve().parent / "data" / "demo_gazetteer.json"
OS_PLACES = "https://api.os.uk/search/places/v1/postcode"
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
        if postcode in self.data["postcodes"]:
            lat, lon = self.data["postcodes"][postcode]
            return Place(lat, lon, True, f"{postcode}, from {self.name}")
        district = self.data["districts"].get(postcode.split(" ")[0])
        if district is None:
            return None
        lat, lon = district["centre"]
        return Place(lat, lon, False, f"the centre of {postcode.split(' ')[0]} ({district['town']}), from {self.name}: "
                                      "move the point to the address")


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


def _offline() -> Offline:
    return Offline(json.loads(DATA.read_text()))  # a few hundred bytes, read when asked


def provider():
    chosen = getattr(settings, "MAPPA_GAZETTEER", None) or os.environ.get("MAPPA_GAZETTEER", "offline")
    if chosen == "os_places":
        return OSPlaces(getattr(settings, "MAPPA_OS_PLACES_KEY", None) or os.environ.get("MAPPA_OS_PLACES_KEY", ""))
    return _offline()


def locate(postcode: str) -> Place | None:
    """Where a postcode is, from the configured provider; None when it is not a postcode or is not found."""
    clean = normalise(postcode)
    return provider().lookup(clean) if clean else None
