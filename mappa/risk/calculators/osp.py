"""OSP/DC and OSP/IIC: the OASys sexual reoffending predictors (direct contact; indecent images and
indirect contact), scored from the parameter table (reference data `risk.osp`)."""
import datetime
from dataclasses import dataclass

from mappa.risk.calculators.common import BAND_ORDER, InputError, Item, Result, band_for, logistic, stepped, whole_years


@dataclass(frozen=True)
class Inputs:
    gender: str
    date_of_birth: datetime.date
    contact_adult_sanctions: int
    contact_child_sanctions: int
    non_contact_sanctions: int  # all non-contact sexual sanctions, including indecent images
    indecent_image_sanctions: int
    total_sanctions: int
    date_of_most_recent_sexual_sanction: datetime.date | None
    date_of_most_recent_sanction: datetime.date | None
    date_at_start_of_follow_up: datetime.date
    assessment_date: datetime.date
    stranger_victim: str = "unknown"  # "yes", "no", "unknown"
    in_custody: bool = False


def _validate(i: Inputs, today: datetime.date) -> dict[str, str]:
    errors = {}
    for name in ("contact_adult_sanctions", "contact_child_sanctions", "non_contact_sanctions",
                 "indecent_image_sanctions"):
        v = getattr(i, name)
        if v is None or v < 0:
            errors[name] = "Enter a number of sanctions, 0 or more."
    if not errors and i.indecent_image_sanctions > i.non_contact_sanctions:
        errors["indecent_image_sanctions"] = (
            "Indecent image sanctions are counted within the non-contact sexual sanctions, so cannot exceed them."
        )
    if i.total_sanctions is None or i.total_sanctions < 1:
        errors["total_sanctions"] = "Count every sanction including the current one: at least 1."
    elif not errors and i.total_sanctions < i.contact_adult_sanctions + i.contact_child_sanctions + i.non_contact_sanctions:
        errors["total_sanctions"] = "The total number of sanctions cannot be fewer than the sexual sanctions."
    for name in ("date_of_most_recent_sexual_sanction", "date_of_most_recent_sanction", "assessment_date"):
        d = getattr(i, name)
        if d is not None and d > today:
            errors[name] = "This date cannot be after today."
        if d is not None and d < i.date_of_birth:
            errors[name] = "This date cannot be before the date of birth."
    if i.stranger_victim not in ("yes", "no", "unknown"):
        errors["stranger_victim"] = "Say whether any victim was a stranger: yes, no or not known."
    if i.gender not in ("male", "female"):
        errors["gender"] = "Choose male or female."
    return errors


def _sexual_total(i: Inputs) -> int:
    return i.contact_adult_sanctions + i.contact_child_sanctions + i.non_contact_sanctions


def score_dc(i: Inputs, table: dict, today: datetime.date | None = None) -> Result:
    today = today or datetime.date.today()
    p = table["dc"]
    errors = _validate(i, today)
    if not errors and _sexual_total(i) > 0 and i.date_of_most_recent_sexual_sanction is None:
        errors["date_of_most_recent_sexual_sanction"] = "Give the date of the most recent sexual sanction."
    if errors:
        raise InputError(errors)
    version = table.get("version", "")
    if _sexual_total(i) == 0:
        return Result("osp_dc", "not_applicable", (), {"probability": 0.0}, 0,
                      ("No sexual sanctions: OSP/DC does not apply.",), version)
    if i.gender == "female":
        prob = p["female_probability"]
        return Result("osp_dc", "not_applicable", (), {"probability": round(prob * 100, 2)}, None,
                      ("OSP/DC is not banded for women; the fixed probability for a woman with a sexual offence "
                       "is used.",), version)

    age_follow = whole_years(i.date_of_birth, i.date_at_start_of_follow_up)
    a = p["age_at_follow_up"]
    if age_follow < a["minimum"]:
        raise InputError({"date_of_birth": f"OSP/DC applies from age {a['minimum']} at the start of follow-up; "
                                           f"the person is {age_follow}."})
    age_points = 0 if age_follow >= a["zero_from"] else a["base"] - age_follow // a["divisor"]
    age_last_sexual = whole_years(i.date_of_birth, i.date_of_most_recent_sexual_sanction)
    if age_last_sexual < p["age_at_last_sexual_sanction"][0][0]:
        raise InputError({"date_of_most_recent_sexual_sanction": "The person was under 10 at that date."})
    non_contact_ex = i.non_contact_sanctions - i.indecent_image_sanctions
    items = (
        Item("contact_adult", "Contact sexual sanctions against adults", i.contact_adult_sanctions,
             stepped(i.contact_adult_sanctions, p["contact_adult"])),
        Item("contact_child", "Contact sexual sanctions against children", i.contact_child_sanctions,
             stepped(i.contact_child_sanctions, p["contact_child"])),
        Item("non_contact", "Non-contact sexual sanctions (not indecent images)", non_contact_ex,
             stepped(non_contact_ex, p["non_contact_excluding_images"])),
        Item("age_follow_up", "Age at start of follow-up", age_follow, age_points),
        Item("age_last_sexual", "Age at most recent sexual sanction", age_last_sexual,
             stepped(age_last_sexual, p["age_at_last_sexual_sanction"])),
        Item("total_sanctions", "Sanctions for any offence", i.total_sanctions,
             stepped(i.total_sanctions, p["total_sanctions"])),
        Item("stranger_victim", "Any stranger victim", i.stranger_victim, p["stranger_victim"][i.stranger_victim]),
    )
    points = sum(it.score for it in items)
    probability = logistic(p["intercept"] + p["slope"] * points)
    band = band_for(points, p["bands"])
    explanation = [f"{points} points of {p['maximum_points']}: {band.replace('_', ' ')}."]
    final = band
    if reduction_applies(i, band, p["reduction_offence_free_years"]):
        final = BAND_ORDER[BAND_ORDER.index(band) - 1]
        explanation.append(
            f"Lowered one band to {final.replace('_', ' ')}: {p['reduction_offence_free_years']} years or more "
            "offence-free in the community since the last offence, the last sexual offence and the start of follow-up."
        )
    return Result("osp_dc", final, items, {"probability": round(probability * 100, 2)}, points,
                  tuple(explanation), version)


def reduction_applies(i: Inputs, band: str, years: int) -> bool:
    if i.gender == "female" or i.in_custody or band in ("low", "not_applicable"):
        return False
    for d in (i.date_of_most_recent_sanction, i.date_of_most_recent_sexual_sanction, i.date_at_start_of_follow_up):
        if d is None or whole_years(d, i.assessment_date) < years:
            return False
    return True


def score_iic(i: Inputs, table: dict, today: datetime.date | None = None) -> Result:
    today = today or datetime.date.today()
    errors = _validate(i, today)
    if errors:
        raise InputError(errors)
    rules = {
        "indecent_images_2_plus": i.indecent_image_sanctions >= 2,
        "indecent_images_1": i.indecent_image_sanctions == 1,
        "contact_child_2_plus": i.contact_child_sanctions >= 2,
        "contact_child_1": i.contact_child_sanctions == 1,
        "no_sexual_sanctions": _sexual_total(i) == 0,
        "all_others": True,
    }
    row = next(r for r in table["iic"] if rules[r["rule"]])
    items = (
        Item("indecent_images", "Sanctions for indecent images of children", i.indecent_image_sanctions, None),
        Item("contact_child", "Contact sexual sanctions against children", i.contact_child_sanctions, None),
        Item("sexual_total", "All sexual sanctions", _sexual_total(i), None),
    )
    return Result("osp_iic", row["band"], items, {"probability": round(row["probability"] * 100, 3)}, None,
                  (f"First rule that applies: {row['label']}.",), table.get("version", ""))
