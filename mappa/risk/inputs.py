"""The inputs each calculator takes: their labels and types, what the system can fill in from the
facts it holds (with where each came from), and turning stored values back into calculator inputs."""
import datetime
from dataclasses import dataclass

from mappa.core.facts import Facts
from mappa.core.words import plural
from mappa.risk.calculators import instrument
from mappa.risk.calculators.common import whole_years


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str  # "date", "int", "text", or "choice"
    choices: tuple = ()
    hint: str = ""


GENDER = ("male", "female")
YES_NO_UNKNOWN = ("yes", "no", "unknown")

FIELDS = {
    "ogrs3": [
        Field("gender", "Gender", "choice", GENDER),
        Field("date_of_birth", "Date of birth", "date"),
        Field("date_of_current_conviction", "Date of the current conviction", "date"),
        Field("offence_code", "Home Office offence code of the current offence", "text", hint="For example 028/01"),
        Field("total_sanctions", "Sanctions in all, including the current one", "int",
              hint="Convictions, cautions, reprimands and final warnings"),
        Field("age_at_first_sanction", "Age at first sanction", "int"),
        Field("date_at_start_of_follow_up", "Start of follow-up", "date",
              hint="The date of a community sentence, or of release from custody"),
    ],
    "osp": [
        Field("gender", "Gender", "choice", GENDER),
        Field("date_of_birth", "Date of birth", "date"),
        Field("contact_adult_sanctions", "Contact sexual sanctions against adults", "int"),
        Field("contact_child_sanctions", "Contact sexual sanctions against children", "int"),
        Field("non_contact_sanctions", "Non-contact sexual sanctions (including indecent images)", "int"),
        Field("indecent_image_sanctions", "Sanctions for indecent images of children", "int"),
        Field("total_sanctions", "Sanctions for any offence", "int"),
        Field("date_of_most_recent_sexual_sanction", "Date of the most recent sexual sanction", "date"),
        Field("date_of_most_recent_sanction", "Date of the most recent sanction for any offence", "date"),
        Field("date_at_start_of_follow_up", "Start of follow-up", "date",
              hint="The date of a community sentence, or of release from custody"),
        Field("stranger_victim", "Was any victim a stranger?", "choice", YES_NO_UNKNOWN),
        Field("in_custody", "In custody now?", "choice", ("yes", "no")),
    ],
    "oasys_likelihood": [
        Field("level", "Likelihood of reoffending", "choice", ("low", "medium", "high")),
    ],
}


def rm2000_fields(table: dict | None) -> list[Field]:
    if table is None:
        fields = []
        for scale in ("S", "V", "C"):
            fields.append(Field(f"{scale}.category", f"RM2000/{scale} category", "choice",
                                ("", *instrument.CATEGORIES)))
            fields.append(Field(f"{scale}.items", f"RM2000/{scale} item scores", "text",
                                hint="One item per line, as name = points"))
        return fields
    fields = []
    for s in table["scales"]:
        for it in s["items"]:
            fields.append(Field(f"{s['key']}.{it['key']}", f"{s['key']}: {it.get('label', it['key'])}", "int"))
        for a in (s.get("aggravating") or {}).get("items", []):
            fields.append(Field(f"{s['key']}.aggravating.{a['key']}", f"{s['key']} aggravating: {a.get('label', a['key'])}",
                                "choice", ("no", "yes")))
    return fields


def fields_for(tool: str, table: dict | None = None) -> list[Field]:
    if tool == "rm2000":
        return rm2000_fields(table)
    return FIELDS.get(tool, [])


def _src(s) -> str:
    return s.source.label if s and s.source else "a sanction the system holds"


def derived(tool: str, *, facts: Facts, date_of_birth, gender: str, on: datetime.date, table: dict | None = None) -> dict:
    """What the system can fill in, {name: {"value": plain value, "source": where from}}."""
    out = {}
    if gender in GENDER:
        out["gender"] = {"value": gender, "source": "Personal details on the register"}
    if date_of_birth:
        out["date_of_birth"] = {"value": date_of_birth.isoformat(), "source": "Personal details on the register"}
    sanctions = sorted((s for s in facts.sanctions if s.date <= on), key=lambda s: s.date)
    if tool == "ogrs3":
        convictions = [s for s in sanctions if s.kind == "conviction"]
        if convictions:
            current = convictions[-1]
            before = [s for s in sanctions if s.date <= current.date]
            out["date_of_current_conviction"] = {"value": current.date.isoformat(), "source": _src(current)}
            if current.offence_code:
                out["offence_code"] = {"value": current.offence_code, "source": _src(current)}
            out["total_sanctions"] = {"value": len(before), "source": f"{plural(len(before), 'sanction')} the system holds"}
            if date_of_birth:
                out["age_at_first_sanction"] = {"value": whole_years(date_of_birth, before[0].date), "source": _src(before[0])}
            follow_up, source = current.date, _src(current)
            if facts.release_date and facts.release_date >= current.date:
                follow_up, source = facts.release_date, "Release date the system holds"
            out["date_at_start_of_follow_up"] = {"value": follow_up.isoformat(), "source": source}
    elif tool == "osp":
        def count(pred):
            return sum(1 for s in sanctions if pred(s))

        counts = {
            "contact_adult_sanctions": count(lambda s: s.contact_sexual and not s.against_child),
            "contact_child_sanctions": count(lambda s: s.contact_sexual and s.against_child),
            "non_contact_sanctions": count(lambda s: s.sexual and not s.contact_sexual),
            "indecent_image_sanctions": count(lambda s: s.indecent_images),
            "total_sanctions": len(sanctions),
        }
        for name, n in counts.items():
            out[name] = {"value": n, "source": f"Counted from the {plural(len(sanctions), 'sanction')} the system holds"}
        sexual = [s for s in sanctions if s.sexual]
        if sexual:
            out["date_of_most_recent_sexual_sanction"] = {"value": sexual[-1].date.isoformat(), "source": _src(sexual[-1])}
        if sanctions:
            out["date_of_most_recent_sanction"] = {"value": sanctions[-1].date.isoformat(), "source": _src(sanctions[-1])}
            follow_up, source = sanctions[-1].date, _src(sanctions[-1])
            if facts.release_date and facts.release_date >= sanctions[-1].date:
                follow_up, source = facts.release_date, "Release date the system holds"
            out["date_at_start_of_follow_up"] = {"value": follow_up.isoformat(), "source": source}
        out["in_custody"] = {"value": "yes" if facts.in_custody.value else "no",
                             "source": facts.in_custody.source.label if facts.in_custody.source else "Nothing recorded says so"}
    elif tool == "rm2000" and table is not None:
        for key, d in instrument.derive(table, date_of_birth=date_of_birth, sanctions=sanctions, assessment_date=on).items():
            out[key] = {"value": d.value, "source": d.source}
    return out


def to_date(v):
    if v in (None, ""):
        return None
    if isinstance(v, datetime.date):
        return v
    try:
        return datetime.date.fromisoformat(str(v))
    except ValueError:
        return "bad"


def to_int(v):
    if v in (None, ""):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return "bad"


def plain_values(tool: str, values: dict, table: dict | None = None) -> tuple[dict, dict]:
    """Check types of submitted values: (clean values, {name: error})."""
    clean, errors = {}, {}
    for f in fields_for(tool, table):
        v = values.get(f.name)
        if f.kind == "date":
            d = to_date(v)
            if d == "bad":
                errors[f.name] = f"{f.label} must be a real date."
            else:
                clean[f.name] = d.isoformat() if d else None
        elif f.kind == "int":
            n = to_int(v)
            if n == "bad":
                errors[f.name] = f"{f.label} must be a whole number."
            else:
                clean[f.name] = n
        elif f.kind == "choice":
            if v not in (None, "") and v not in f.choices:
                errors[f.name] = f"{f.label}: choose one of {', '.join(c for c in f.choices if c)}."
            else:
                clean[f.name] = v or None
        else:
            clean[f.name] = (str(v).strip() if v is not None else None) or None
    return clean, errors


def parse_item_lines(text: str) -> dict:
    items = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, _, pts = line.partition("=")
        items[name.strip()] = pts.strip()
    return items
