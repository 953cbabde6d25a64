"""How much of a practitioner's time a case takes, for a supervisor's view of the team's caseloads: the
inspectors found caseloads of 30 to 50 on average and up to 90 (HMI Probation and HMI Constabulary 2010, summary
and paragraph 3.12), and asked for them to be seen weighted by risk (F-150, QM-130). Pure functions; the weights
are reference data (`caseload.weights`), since no guidance sets them."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Load:
    cases: int
    weighted: float


def case_weight(rosh: str, level: int | None, weights: dict) -> float:
    """One case's weight: its risk of serious harm's weight (`weights["rosh"]`, "" when not assessed) plus its
    MAPPA level's (`weights["level"]`, keyed "1", "2", "3")."""
    by_rosh = weights["rosh"].get(rosh or "", weights["rosh"][""])
    by_level = weights["level"].get(str(level), 0) if level else 0
    return by_rosh + by_level


def load(cases: list[tuple[str, int | None]], weights: dict) -> Load:
    """A caseload of (rosh, level) pairs: how many, and their weight together."""
    return Load(cases=len(cases), weighted=round(sum(case_weight(r, lv, weights) for r, lv in cases), 1))


def over(load_: Load, usual_maximum: int) -> bool:
    return load_.cases > usual_maximum or load_.weighted > usual_maximum


ROSH_NAMES = {"low": "low", "medium": "medium", "high": "high", "very_high": "very high", "": "not assessed"}


def describe(weights: dict) -> str:
    """The weights in words, for the page that shows them."""
    rosh = ", ".join(f"{ROSH_NAMES.get(k, k)} {v:g}" for k, v in weights["rosh"].items())
    level = ", ".join(f"level {k} adds {v:g}" for k, v in sorted(weights["level"].items()) if v)
    return f"Each case is weighted by its risk of serious harm ({rosh}){f' and its MAPPA level ({level})' if level else ''}."
