"""OGRS3: the Offender Group Reconviction Scale, version 3.

The logistic model of Howard, Francis, Soothill and Humphreys (Ministry of Justice Research Summary
7/09, 2009): the probability of proven reoffending within one and two years from
  - the Copas rate: ln((1 + previous sanctions) / (10 + age at current conviction - age at first sanction)),
  - whether this is the person's first sanction,
  - an age-and-gender band (age at the start of follow-up),
  - the offence type, weighted by its Home Office offence code.
The numbers come from the parameter table (reference data `risk.ogrs3`), never from this module.
"""
import datetime
import math
from dataclasses import dataclass

from mappa.risk.calculators.common import (
    InputError,
    Item,
    Result,
    band_for,
    logistic,
    percent,
    round_half_up,
    whole_years,
)


@dataclass(frozen=True)
class Inputs:
    gender: str  # "male" or "female"
    date_of_birth: datetime.date
    date_of_current_conviction: datetime.date
    offence_code: str  # Home Office offence code of the current offence, e.g. "028/01" or "02801"
    total_sanctions: int  # all sanctions including the current one
    age_at_first_sanction: int
    date_at_start_of_follow_up: datetime.date  # date of sentence for a community sentence, or of release
    assessment_date: datetime.date


def normalise_offence_code(code: str) -> tuple[str, str]:
    digits = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(digits) == 3:
        return digits, "00"
    if len(digits) == 5:
        return digits[:3], digits[3:]
    raise InputError({"offence_code": "Enter the Home Office offence code as 3 or 5 digits, for example 028/01."})


def offence_weight(code: str, table: dict):
    """The OGRS3 weighting for a Home Office offence code, or an InputError saying why there is none."""
    group, sub = normalise_offence_code(code)
    weights = table["offence_weights"]
    if group not in weights:
        raise InputError({"offence_code": f"Offence code {group}/{sub} is not in the OGRS3 offence table."})
    default, exceptions = weights[group]
    weight = default
    for key, w in exceptions.items():
        lo, _, hi = key.partition("-")
        if lo <= sub <= (hi or lo):
            weight = w
    if weight is None:
        raise InputError({"offence_code": f"Offence code {group}/{sub} has no OGRS3 weighting."})
    if weight == table["parameters"]["needs_exact_offence_weighting"]:
        raise InputError(
            {"offence_code": f"Offence code {group}/{sub} covers several offences: give the exact offence's sub-code."}
        )
    return weight


def age_gender_weight(age: int, gender: str, params: dict) -> float:
    rows = params["age_gender"].get(gender)
    if rows is None:
        raise InputError({"gender": "OGRS3 is scored for men and women: choose male or female."})
    chosen = None
    for lower, w in rows:
        if age >= lower:
            chosen = w
    if chosen is None:
        raise InputError({"date_of_birth": f"OGRS3 applies from age {params['minimum_age']}; the person was {age}."})
    return chosen


def validate(i: Inputs, params: dict, today: datetime.date) -> dict[str, str]:
    errors = {}
    if i.date_of_current_conviction > today:
        errors["date_of_current_conviction"] = "The date of the current conviction cannot be after today."
    if i.date_of_current_conviction < i.date_of_birth:
        errors["date_of_current_conviction"] = "The date of the current conviction cannot be before the date of birth."
    if i.date_at_start_of_follow_up < i.date_of_current_conviction:
        errors["date_at_start_of_follow_up"] = (
            "The start of follow-up (sentence or release) cannot be before the current conviction."
        )
    if i.assessment_date > today:
        errors["assessment_date"] = "The assessment date cannot be after today."
    if i.total_sanctions is None or i.total_sanctions < 1:
        errors["total_sanctions"] = "Count every sanction including the current one: at least 1."
    minimum = params["minimum_age"]
    if not errors.get("date_of_current_conviction"):
        age_now = whole_years(i.date_of_birth, i.date_of_current_conviction)
        if age_now < minimum:
            errors["date_of_birth"] = (
                f"OGRS3 applies from age {minimum}; the person was {age_now} at the current conviction."
            )
        if i.age_at_first_sanction is None or i.age_at_first_sanction < minimum:
            errors["age_at_first_sanction"] = f"The age at first sanction must be at least {minimum}."
        elif i.age_at_first_sanction > age_now:
            errors["age_at_first_sanction"] = (
                f"The first sanction cannot come after the current conviction: the person was {age_now} then, "
                f"not {i.age_at_first_sanction} or older."
            )
    if i.gender not in params["age_gender"]:
        errors["gender"] = "OGRS3 is scored for men and women: choose male or female."
    return errors


def score(i: Inputs, table: dict, today: datetime.date | None = None) -> Result:
    params = table["parameters"]
    today = today or datetime.date.today()
    errors = validate(i, params, today)
    try:
        weight = offence_weight(i.offence_code, table)
    except InputError as e:
        errors.update(e.errors)
    if errors:
        raise InputError(errors)

    age_at_conviction = whole_years(i.date_of_birth, i.date_of_current_conviction)
    lookback = params["follow_up_lookback_years"]
    follow_up = i.date_at_start_of_follow_up
    if whole_years(follow_up, i.assessment_date) >= lookback:
        follow_up = i.assessment_date  # follow-up began long ago: age is taken at the assessment
    age_at_follow_up = whole_years(i.date_of_birth, follow_up)

    previous = i.total_sanctions - 1
    denominator = params["copas_denominator_offset"] + age_at_conviction - i.age_at_first_sanction
    copas = round_half_up(math.log((1 + previous) / denominator), 5)
    copas_score = copas * params["copas_multiplier"]
    first_time = i.total_sanctions == 1
    status_score = params["first_time_offender"] if first_time else params["repeat_offender"]
    age_score = age_gender_weight(age_at_follow_up, i.gender, params)
    total = age_score + status_score + copas_score + weight

    def pct(constant):
        p = percent(round_half_up(logistic(constant + total), 5))
        return min(max(p, params["percent_floor"]), params["percent_ceiling"])

    one_year, two_year = pct(params["one_year_constant"]), pct(params["two_year_constant"])
    band = band_for(two_year, params["bands"])
    items = (
        Item("age_gender", f"Age at start of follow-up ({age_at_follow_up}) and gender ({i.gender})", age_at_follow_up, age_score),
        Item(
            "conviction_status",
            "First sanction" if first_time else f"Repeat offender ({i.total_sanctions} sanctions)",
            i.total_sanctions,
            status_score,
        ),
        Item(
            "copas",
            f"Copas rate: ln((1 + {previous}) / ({params['copas_denominator_offset']} + {age_at_conviction} - "
            f"{i.age_at_first_sanction})) = {copas} × {params['copas_multiplier']}",
            copas,
            round(copas_score, 6),
        ),
        Item("offence", f"Current offence, Home Office code {i.offence_code}", i.offence_code, weight),
    )
    explanation = (
        f"Total {total:.5f}: one-year {one_year}%, two-year {two_year}% (logistic with constants "
        f"{params['one_year_constant']} and {params['two_year_constant']}).",
        f"The band follows the two-year figure: {two_year}% is {band.replace('_', ' ')}.",
    )
    return Result(
        instrument="ogrs3",
        band=band,
        items=items,
        probabilities={"one_year": one_year, "two_year": two_year},
        score=round(total, 6),
        explanation=explanation,
        version=table.get("version", ""),
    )
