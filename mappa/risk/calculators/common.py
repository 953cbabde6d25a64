"""Shared pieces of the calculators: the result shape, input errors, date and rounding helpers."""
import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

BAND_ORDER = ["not_applicable", "low", "medium", "high", "very_high"]
BAND_LABELS = {
    "not_applicable": "Not applicable",
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "very_high": "Very high",
}


class InputError(ValueError):
    """Inputs a calculator cannot score; errors maps each input to plain words saying what is wrong."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Item:
    """One line of a calculation: what went in, and what it scored."""

    key: str
    label: str
    value: object
    score: float | int | None


@dataclass(frozen=True)
class Result:
    instrument: str
    band: str
    items: tuple[Item, ...]
    probabilities: dict = field(default_factory=dict)  # e.g. {"one_year": 34, "two_year": 51} as percentages
    score: float | int | None = None
    explanation: tuple[str, ...] = ()
    version: str = ""

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, self.band)

    def as_dict(self) -> dict:
        return {
            "instrument": self.instrument,
            "band": self.band,
            "band_label": self.band_label,
            "score": self.score,
            "probabilities": dict(self.probabilities),
            "items": [{"key": i.key, "label": i.label, "value": _plain(i.value), "score": i.score} for i in self.items],
            "explanation": list(self.explanation),
            "version": self.version,
        }


def _plain(v):
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


def whole_years(start: datetime.date, end: datetime.date) -> int:
    """Completed years from start to end (as a birthday count: 29 February counts on 1 March)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def round_half_up(x: float, places: int) -> float:
    return float(Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def percent(p: float) -> int:
    """A probability as a whole percentage, rounded half up."""
    return int((Decimal(p) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def logistic(z: float) -> float:
    if z > 700 or z < -700:
        raise InputError({"inputs": "These inputs are outside the range the model can score."})
    e = math.exp(z)
    return e / (1 + e)


def band_for(value, bands) -> str:
    """bands: [[lower bound, band], ...] ascending; the last bound not above value wins."""
    chosen = None
    for lower, band in bands:
        if value >= lower:
            chosen = band
    if chosen is None:
        raise InputError({"score": f"{value} is below the lowest band."})
    return chosen


def stepped(value: int, steps) -> int | float:
    """steps: [[lower bound, points], ...] ascending."""
    chosen = None
    for lower, pts in steps:
        if value >= lower:
            chosen = pts
    if chosen is None:
        raise InputError({"value": f"{value} is below the lowest step."})
    return chosen
