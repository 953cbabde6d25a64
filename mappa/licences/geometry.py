"""Exclusion zones and the checks of places and routes against them: pure functions, no database.

Zones are kept in WGS84 (GeoJSON order: longitude, latitude). Distances and areas are computed in a
local transverse Mercator projection on the GRS80 ellipsoid centred on what is being checked, so
that a few kilometres from the centre the scale error is well under a metre (it grows with the
square of the distance from the centre: about 1.5 m at 50 km). The projection uses the Ordnance
Survey's formulae ("A guide to coordinate systems in Great Britain", annex C), which the tests
check against the Ordnance Survey's worked example for the National Grid.

Every check returns a Finding whose `explanation` a page can show as it is.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from html import escape

from django.core.exceptions import ValidationError
from shapely import LineString, Point, Polygon
from shapely.validation import explain_validity

from mappa.core import jsonsafe

# The United Kingdom, Channel Islands and Isle of Man, generously (Shetland to the Scillies,
# Northern Ireland to the Suffolk coast).
UK_BOUNDS = {"south": 49.8, "north": 61.0, "west": -8.7, "east": 2.0}
MIN_POLYGON_POINTS = 3


@dataclass(frozen=True)
class Ellipsoid:
    a: float  # semi-major axis, metres
    b: float  # semi-minor axis, metres


GRS80 = Ellipsoid(6378137.0, 6356752.3141)  # WGS84 differs from GRS80 by under a millimetre
AIRY_1830 = Ellipsoid(6377563.396, 6356256.909)  # the National Grid's own ellipsoid


@dataclass(frozen=True)
class TransverseMercator:
    """Latitude and longitude (degrees) to easting and northing (metres)."""

    lat0: float
    lon0: float
    scale: float = 1.0
    false_easting: float = 0.0
    false_northing: float = 0.0
    ellipsoid: Ellipsoid = GRS80

    def forward(self, lat: float, lon: float) -> tuple[float, float]:
        a, b = self.ellipsoid.a, self.ellipsoid.b
        f0 = self.scale
        phi, phi0 = math.radians(lat), math.radians(self.lat0)
        dl = math.radians(lon - self.lon0)
        e2 = (a * a - b * b) / (a * a)
        n = (a - b) / (a + b)
        sin, cos, tan = math.sin(phi), math.cos(phi), math.tan(phi)
        nu = a * f0 / math.sqrt(1 - e2 * sin * sin)
        rho = a * f0 * (1 - e2) / (1 - e2 * sin * sin) ** 1.5
        eta2 = nu / rho - 1
        dp, sp = phi - phi0, phi + phi0
        m = b * f0 * (
            (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * dp
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(dp) * math.cos(sp)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * dp) * math.cos(2 * sp)
            - 35 / 24 * n**3 * math.sin(3 * dp) * math.cos(3 * sp)
        )
        t2 = tan * tan
        i = m + self.false_northing
        ii = nu / 2 * sin * cos
        iii = nu / 24 * sin * cos**3 * (5 - t2 + 9 * eta2)
        iiia = nu / 720 * sin * cos**5 * (61 - 58 * t2 + t2 * t2)
        iv = nu * cos
        v = nu / 6 * cos**3 * (nu / rho - t2)
        vi = nu / 120 * cos**5 * (5 - 18 * t2 + t2 * t2 + 14 * eta2 - 58 * t2 * eta2)
        northing = i + ii * dl**2 + iii * dl**4 + iiia * dl**6
        easting = self.false_easting + iv * dl + v * dl**3 + vi * dl**5
        return easting, northing


NATIONAL_GRID = TransverseMercator(49.0, -2.0, 0.9996012717, 400000.0, -100000.0, AIRY_1830)


@dataclass(frozen=True)
class LatLon:
    lat: float
    lon: float

    def __str__(self):
        return f"{self.lat:.5f}, {self.lon:.5f}"


@dataclass(frozen=True)
class Zone:
    """An exclusion zone (a polygon, or a centre with a radius), or a protected place such as a
    victim's address (a centre with radius 0: only nearness matters)."""

    key: str
    label: str
    polygon: tuple[LatLon, ...] = ()
    centre: LatLon | None = None
    radius_m: float = 0.0
    protected_place: bool = False  # a victim's address rather than a zone drawn on a licence

    @property
    def is_circle(self) -> bool:
        return self.centre is not None

    def anchor(self) -> LatLon:
        if self.centre is not None:
            return self.centre
        return LatLon(sum(p.lat for p in self.polygon) / len(self.polygon), sum(p.lon for p in self.polygon) / len(self.polygon))

    def shape(self, projection: TransverseMercator):
        """The zone in the projection's metres (a circle as a 128-sided polygon)."""
        if self.centre is not None:
            x, y = projection.forward(self.centre.lat, self.centre.lon)
            return Point(x, y).buffer(self.radius_m, quad_segs=32) if self.radius_m > 0 else Point(x, y)
        return Polygon([projection.forward(p.lat, p.lon) for p in self.polygon])

    def geojson(self) -> dict:
        if self.centre is not None:
            return {"type": "Point", "coordinates": [self.centre.lon, self.centre.lat]}
        ring = [[p.lon, p.lat] for p in self.polygon]
        return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


class Status:
    INSIDE = "inside"
    NEAR = "near"
    CLEAR = "clear"


@dataclass(frozen=True)
class Finding:
    zone_key: str
    zone_label: str
    status: str
    distance_m: float  # from the edge; 0 when inside or crossing
    explanation: str
    inside_m: float = 0.0  # how far inside the edge a point is, or how much of a route is inside

    @property
    def flagged(self) -> bool:
        return self.status != Status.CLEAR


def projection_for(*points: LatLon) -> TransverseMercator:
    lat = sum(p.lat for p in points) / len(points)
    lon = sum(p.lon for p in points) / len(points)
    return TransverseMercator(lat, lon)


def distance_m(p: LatLon, q: LatLon) -> float:
    """Distance in metres between two points (accurate to well under a metre over tens of kilometres)."""
    proj = projection_for(p, q)
    (x1, y1), (x2, y2) = proj.forward(p.lat, p.lon), proj.forward(q.lat, q.lon)
    return math.hypot(x2 - x1, y2 - y1)


def describe_distance(metres: float) -> str:
    if metres < 1000:
        return f"{round(metres):,} m"
    return f"{metres / 1000:,.1f} km"


def _zone_words(zone: Zone) -> str:
    return f"the protected place “{zone.label}”" if zone.protected_place else f"exclusion zone “{zone.label}”"


def check_point(point: LatLon, zones, near_m: float, what: str = "The address") -> list[Finding]:
    """Whether a place lies in, or within `near_m` metres of, each zone; nearest first."""
    proj = TransverseMercator(point.lat, point.lon)
    here = Point(0.0, 0.0)
    findings = []
    for zone in zones:
        shape = zone.shape(proj)
        words = _zone_words(zone)
        if not zone.protected_place and shape.covers(here):
            depth = shape.exterior.distance(here)
            findings.append(Finding(zone.key, zone.label, Status.INSIDE, 0.0,
                                    f"{what} is inside {words} ({describe_distance(depth)} inside its edge).", depth))
            continue
        gap = shape.distance(here)
        if gap <= near_m:
            where = "from" if zone.protected_place else "from the edge of"
            findings.append(Finding(zone.key, zone.label, Status.NEAR, gap,
                                    f"{what} is {describe_distance(gap)} {where} {words}, within the "
                                    f"{describe_distance(near_m)} warning distance."))
        else:
            findings.append(Finding(zone.key, zone.label, Status.CLEAR, gap,
                                    f"{what} is {describe_distance(gap)} from {words}: clear."))
    return sorted(findings, key=lambda f: (f.status != Status.INSIDE, f.distance_m - f.inside_m))


def check_route(route, zones, near_m: float = 0.0, what: str = "The route") -> list[Finding]:
    """Whether a route (two or more points, joined by straight lines) crosses or passes near each zone."""
    route = tuple(route)
    if len(route) < 2:
        raise ValidationError({"route": "A route needs a start and an end point"})
    proj = projection_for(*route)
    line = LineString([proj.forward(p.lat, p.lon) for p in route])
    findings = []
    for zone in zones:
        shape = zone.shape(proj)
        words = _zone_words(zone)
        inside = line.intersection(shape).length if not zone.protected_place else 0.0
        if inside > 0 or (not zone.protected_place and shape.covers(line)):
            findings.append(Finding(zone.key, zone.label, Status.INSIDE, 0.0,
                                    f"{what} crosses {words} for {describe_distance(inside)}.", inside))
            continue
        gap = line.distance(shape)
        if gap <= near_m:
            findings.append(Finding(zone.key, zone.label, Status.NEAR, gap,
                                    f"{what} passes {describe_distance(gap)} from {words}, within the "
                                    f"{describe_distance(near_m)} warning distance."))
        else:
            findings.append(Finding(zone.key, zone.label, Status.CLEAR, gap,
                                    f"{what} keeps {describe_distance(gap)} away from {words}: clear."))
    return sorted(findings, key=lambda f: (f.status != Status.INSIDE, f.distance_m - f.inside_m))


# ---- validation and parsing -------------------------------------------------------------------

def check_in_uk(point: LatLon, field_name: str, which: str = "The point") -> None:
    b = UK_BOUNDS
    if not (math.isfinite(point.lat) and math.isfinite(point.lon)):
        raise ValidationError({field_name: f"{which} is not a real latitude and longitude"})
    if not (b["south"] <= point.lat <= b["north"] and b["west"] <= point.lon <= b["east"]):
        raise ValidationError({field_name: f"{which} ({point}) is outside the United Kingdom: check the "
                                           "latitude and longitude are the right way round"})


def validate_polygon(points, field_name: str = "geometry") -> tuple[LatLon, ...]:
    """The polygon's ring (without repeating the first point), or ValidationError saying what is wrong."""
    ring = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < MIN_POLYGON_POINTS:
        raise ValidationError({field_name: f"An area needs at least {MIN_POLYGON_POINTS} different points; "
                                           f"{len(ring)} {'was' if len(ring) == 1 else 'were'} given"})
    for n, p in enumerate(ring, 1):
        check_in_uk(p, field_name, f"Point {n}")
    proj = projection_for(*ring)
    polygon = Polygon([proj.forward(p.lat, p.lon) for p in ring])
    if polygon.convex_hull.area < 1.0:
        raise ValidationError({field_name: "The area has no size: its points are all in a line"})
    if not polygon.is_valid:
        reason = explain_validity(Polygon([(p.lon, p.lat) for p in ring]))
        near = re.search(r"\[([-\d.]+) ([-\d.]+)\]", reason)
        where = f" near {float(near.group(2)):.5f}, {float(near.group(1)):.5f}" if near else ""
        raise ValidationError({field_name: f"The boundary crosses itself{where}: draw it again so that no two "
                                           "sides cross"})
    return tuple(ring)


def validate_circle(centre: LatLon, radius_m, field_name: str = "geometry") -> tuple[LatLon, float]:
    check_in_uk(centre, field_name, "The centre")
    if radius_m is None:
        raise ValidationError({"radius_m": "Enter the radius in metres"})
    radius = float(radius_m)
    if not math.isfinite(radius) or radius <= 0:
        raise ValidationError({"radius_m": "The radius must be more than 0 metres"})
    return centre, radius


_NUMBER = r"[-+]?\d+(?:\.\d+)?"


def parse_coordinates(text: str, field_name: str = "coordinates") -> list[LatLon]:
    """Points typed as "latitude, longitude", one per line or separated by semicolons."""
    points = []
    for n, chunk in enumerate([c for c in re.split(r"[;\n]+", text or "") if c.strip()], 1):
        numbers = re.findall(_NUMBER, chunk)
        if len(numbers) != 2 or re.sub(rf"{_NUMBER}|[\s,]", "", chunk):
            raise ValidationError({field_name: f"Line {n} (“{chunk.strip()[:40]}”) is not a latitude and "
                                               "longitude, for example 51.7357, 0.4685"})
        points.append(LatLon(float(numbers[0]), float(numbers[1])))
    return points


def zone_from_geojson(data, *, key: str = "", label: str = "", radius_m=None, field_name: str = "geometry") -> Zone:
    """A validated zone from GeoJSON (a Polygon, a Point with a radius, or a Feature holding either)."""
    try:
        data = jsonsafe.loads(data) if isinstance(data, str) else jsonsafe.check(data)
    except jsonsafe.TooDeep:
        raise ValidationError({field_name: f"The shape is {jsonsafe.TOO_DEEP}"}) from None
    except ValueError:
        raise ValidationError({field_name: "The shape is not valid GeoJSON"}) from None
    if not isinstance(data, dict):
        raise ValidationError({field_name: "The shape is not valid GeoJSON"})
    if data.get("type") == "Feature":
        props = data.get("properties") or {}
        if radius_m is None and props.get("radius") is not None:
            radius_m = props.get("radius")
        data = data.get("geometry") or {}
    kind, coords = data.get("type"), data.get("coordinates")
    try:
        if kind == "Polygon":
            if not coords or len(coords) != 1:
                raise ValidationError({field_name: "Draw one area without holes"})
            ring = validate_polygon([LatLon(float(c[1]), float(c[0])) for c in coords[0]], field_name)
            return Zone(key, label, polygon=ring)
        if kind == "Point":
            centre, radius = validate_circle(LatLon(float(coords[1]), float(coords[0])), radius_m, field_name)
            return Zone(key, label, centre=centre, radius_m=radius)
    except (TypeError, IndexError, ValueError) as exc:
        if isinstance(exc, ValidationError):
            raise
        raise ValidationError({field_name: "The shape's coordinates are not numbers in [longitude, latitude] pairs"}) from None
    raise ValidationError({field_name: "The shape must be an area (Polygon) or a point with a radius"})


# ---- a picture that works offline --------------------------------------------------------------

@dataclass(frozen=True)
class Marker:
    point: LatLon
    label: str
    flagged: bool = False


@dataclass
class _Canvas:
    proj: TransverseMercator
    minx: float
    miny: float
    scale: float
    size: int
    pad: int
    items: list = field(default_factory=list)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return (self.pad + (x - self.minx) * self.scale, self.size - self.pad - (y - self.miny) * self.scale)


# The picture's lettering: the service's own sans-serif (SVG text is otherwise drawn in the browser's
# default serif) at a size that stays legible when the picture is shrunk to a narrow screen.
_FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"
_KEY_SIZE = 15  # height of a key's numeral, in the picture's units
_KEY_BOX = (_KEY_SIZE + 7, _KEY_SIZE + 7)


def _overlaps(box, others) -> bool:
    x, y, w, h = box
    return any(x < ox + ow and ox < x + w and y < oy + oh and oy < y + h for ox, oy, ow, oh in others)


def _place_key(x: float, y: float, width: float, size: int, taken: list) -> tuple[float, float]:
    """Where a key's box goes: at the spot asked for if it is free, else the nearest free spot around it,
    always wholly inside the picture (above the scale bar), so keys neither overlap nor get cut off."""
    height = _KEY_BOX[1]
    top_limit, bottom_limit = 2, size - 24 - height
    candidates = [(0, 0)] + [(dx * step, dy * step) for step in (1, 2, 3, 4)
                             for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0), (1, -1), (1, 1), (-1, 1), (-1, -1))]

    def clamp(bx, by):
        return min(max(bx, 2), size - 2 - width), min(max(by, top_limit), bottom_limit)

    for dx, dy in candidates:
        bx, by = clamp(x - width / 2 + dx * (width + 2), y - height / 2 + dy * (height + 2))
        if not _overlaps((bx, by, width, height), taken):
            return bx, by
    return clamp(x - width / 2, y - height / 2)


def picture(zones, markers=(), route=(), size: int = 320, title: str = "Map of the zones and places checked") -> str:
    """A figure: an SVG drawing of the zones, the places and the route checked, to scale, with a scale bar,
    and its key as a numbered list of text. The drawing carries only the keys' numbers, placed so they
    neither overlap nor fall off the edge; the names, however long, are in the key, which reflows like
    any text. Drawn on the server, so it needs no map tiles and no JavaScript."""
    anchors = [z.anchor() for z in zones] + [m.point for m in markers] + list(route)
    if not anchors:
        return ""
    proj = projection_for(*anchors)
    shapes = [(z, z.shape(proj)) for z in zones]
    pts = [Point(proj.forward(m.point.lat, m.point.lon)) for m in markers]
    line = LineString([proj.forward(p.lat, p.lon) for p in route]) if len(route) > 1 else None
    bounds = [s.bounds for _, s in shapes] + [p.bounds for p in pts] + ([line.bounds] if line else [])
    minx, miny = min(b[0] for b in bounds), min(b[1] for b in bounds)
    maxx, maxy = max(b[2] for b in bounds), max(b[3] for b in bounds)
    span = max(maxx - minx, maxy - miny, 200.0) * 1.15
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    pad = 24
    canvas = _Canvas(proj, cx - span / 2, cy - span / 2, (size - 2 * pad) / span, size, pad)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
           f'role="img" aria-label="{escape(title)}" class="app-zone-picture" font-family="{_FONT}">',
           f'<title>{escape(title)}</title>',
           f'<rect x="0" y="0" width="{size}" height="{size}" fill="#f3f2f1" stroke="#b1b4b6"/>']
    keys = []  # (x, y, text of the key in the list)
    for zone, shape in shapes:
        colour = "#1d70b8" if zone.protected_place else "#d4351c"
        if zone.is_circle and zone.radius_m > 0:
            x, y = canvas.xy(*proj.forward(zone.centre.lat, zone.centre.lon))
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{zone.radius_m * canvas.scale:.1f}" fill="{colour}" '
                       f'fill-opacity="0.2" stroke="{colour}" stroke-width="2"/>')
        elif zone.is_circle:
            x, y = canvas.xy(*proj.forward(zone.centre.lat, zone.centre.lon))
            out.append(f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>')
        else:
            ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (canvas.xy(*c) for c in shape.exterior.coords))
            out.append(f'<polygon points="{ring}" fill="{colour}" fill-opacity="0.2" stroke="{colour}" stroke-width="2"/>')
        kind = "Protected place" if zone.protected_place else "Exclusion zone"
        keys.append((*canvas.xy(shape.centroid.x, shape.centroid.y), f"{kind}: {zone.label}"))
    if line is not None:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (canvas.xy(*c) for c in line.coords))
        out.append(f'<polyline points="{path}" fill="none" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>')
    taken = []
    for marker, p in zip(markers, pts):
        x, y = canvas.xy(p.x, p.y)
        colour = "#d4351c" if marker.flagged else "#00703c"
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}" stroke="#ffffff" stroke-width="2"/>')
        taken.append((x - 7, y - 7, 14, 14))
        keys.append((x, y - _KEY_BOX[1], f"{'Address flagged' if marker.flagged else 'Address checked'}: {marker.label}"))
    bar_m = _nice_length(span / 4)
    bar = bar_m * canvas.scale
    out.append(f'<line x1="{pad}" y1="{size - 10}" x2="{pad + bar:.1f}" y2="{size - 10}" stroke="#0b0c0c" stroke-width="3"/>')
    out.append(f'<text x="{pad + bar + 6:.1f}" y="{size - 5}" font-size="{_KEY_SIZE - 1}" fill="#0b0c0c">'
               f'{describe_distance(bar_m)}</text>')
    for number, (x, y, _) in enumerate(keys, start=1):
        width = _KEY_BOX[0] + 8 * (len(str(number)) - 1)
        bx, by = _place_key(x, y, width, size, taken)
        taken.append((bx, by, width, _KEY_BOX[1]))
        out.append(f'<rect x="{bx:.1f}" y="{by:.1f}" width="{width}" height="{_KEY_BOX[1]}" rx="3" fill="#ffffff" '
                   f'stroke="#0b0c0c"/><text x="{bx + width / 2:.1f}" y="{by + _KEY_BOX[1] - 6:.1f}" '
                   f'font-size="{_KEY_SIZE}" font-weight="bold" text-anchor="middle" fill="#0b0c0c">{number}</text>')
    out.append("</svg>")
    key = "".join(f"<li>{escape(text)}</li>" for _, _, text in keys)
    return (f'<figure class="app-zone-figure">{"".join(out)}<figcaption class="govuk-body-s">'
            f'<span class="govuk-visually-hidden">Key to the numbers on the map</span>'
            f'<ol class="govuk-list govuk-list--number govuk-body-s app-zone-key">{key}</ol></figcaption></figure>')


def _nice_length(metres: float) -> float:
    power = 10 ** math.floor(math.log10(metres))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power
