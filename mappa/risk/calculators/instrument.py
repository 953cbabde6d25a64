"""Instruments defined by data (Risk Matrix 2000 and any like it).

Risk Matrix 2000's scoring guide is licensed and is not in the public sources, so the system does not
ship it. An administrator loads the table (items, points, category bands, aggravating factors) with its
source; this engine then scores from the facts the system holds and explains each step. Without a
table, the trained assessor's own item scores and categories are recorded and checked.

A table:
{
  "instrument": "rm2000", "version": "...", "source": "...",
  "scales": [
    {"key": "S", "label": "Sexual",
     "items": [
        {"key": "age", "label": "Age at assessment", "from": "age", "points": [[18, 2], [25, 1], [35, 0]]},
        {"key": "sexual", "label": "Sexual appearances", "from": "count", "where": {"sexual": true},
         "unit": "dates", "points": [[1, 0], [2, 1]]},
        {"key": "x", "label": "Something only the assessor knows", "from": "answer", "points": [[0, 0], [1, 1]]}],
     "categories": [[0, "low"], [2, "medium"], [4, "high"], [6, "very_high"]],
     "aggravating": {"items": [{"key": "stranger", "label": "Any stranger victim"}], "raise": [[2, 1], [4, 2]]}}
  ],
  "combined": {"key": "C", "label": "Combined", "scales": ["S", "V"],
               "points": {"low": 1, "medium": 2, "high": 3, "very_high": 4},
               "categories": [[2, "low"], [4, "medium"], [6, "high"], [7, "very_high"]]}
}
"points" and "categories" are [lower bound, value] rows, ascending. "from" is "age" (whole years at the
assessment), "count" (sanctions up to the assessment whose flags match "where"; "unit": "dates" counts
separate dates, i.e. appearances) or "answer" (a number the assessor gives; 1 for yes, 0 for no).
"""
import datetime
from dataclasses import dataclass

from mappa.risk.calculators.common import BAND_ORDER, InputError, Item, Result, band_for, stepped, whole_years

CATEGORIES = ["low", "medium", "high", "very_high"]
SOURCES = {"age", "count", "answer"}
SANCTION_FLAGS = {"sexual", "contact_sexual", "indecent_images", "violent", "against_child", "internet_facilitated"}


def _ascending(rows) -> bool:
    try:
        bounds = [r[0] for r in rows]
    except (TypeError, IndexError, KeyError):
        return False
    return bool(bounds) and all(isinstance(b, (int, float)) for b in bounds) and bounds == sorted(set(bounds))


def validate_table(table) -> list[str]:
    """Plain-words problems with a table an administrator is loading; empty when it can be used."""
    problems = []
    if not isinstance(table, dict):
        return ["The table must be a JSON object."]
    for field in ("instrument", "version", "source"):
        if not str(table.get(field, "")).strip():
            problems.append(f"Give the table's {field}.")
    scales = table.get("scales")
    if not isinstance(scales, list) or not scales:
        return problems + ["Give at least one scale."]
    keys = set()
    for s in scales:
        name = s.get("key") if isinstance(s, dict) else None
        if not name:
            problems.append("Every scale needs a key.")
            continue
        if name in keys:
            problems.append(f"Scale {name} appears twice.")
        keys.add(name)
        items = s.get("items")
        if not isinstance(items, list) or not items:
            problems.append(f"Scale {name} has no items.")
            items = []
        seen = set()
        for it in items:
            k = it.get("key") if isinstance(it, dict) else None
            if not k or k in seen:
                problems.append(f"Scale {name}: every item needs its own key.")
                continue
            seen.add(k)
            if it.get("from") not in SOURCES:
                problems.append(f"Scale {name}, item {k}: 'from' must be one of age, count, answer.")
            if not _ascending(it.get("points")):
                problems.append(f"Scale {name}, item {k}: points must be [lower bound, points] rows in ascending order.")
            bad_flags = set((it.get("where") or {}).keys()) - SANCTION_FLAGS
            if bad_flags:
                problems.append(f"Scale {name}, item {k}: unknown sanction flags {', '.join(sorted(bad_flags))}.")
        cats = s.get("categories")
        if not _ascending(cats) or any(c[1] not in CATEGORIES for c in cats):
            problems.append(f"Scale {name}: categories must be [lower bound, low|medium|high|very_high] rows, ascending.")
        agg = s.get("aggravating")
        if agg is not None and (not isinstance(agg.get("items"), list) or not _ascending(agg.get("raise"))):
            problems.append(f"Scale {name}: aggravating factors need items and [count, categories raised] rows.")
    combined = table.get("combined")
    if combined is not None:
        if not set(combined.get("scales", [])) <= keys or not combined.get("scales"):
            problems.append("The combined scale must name scales defined above.")
        if set(combined.get("points", {})) != set(CATEGORIES):
            problems.append("The combined scale needs points for each category.")
        cats = combined.get("categories")
        if not _ascending(cats) or any(c[1] not in CATEGORIES for c in cats):
            problems.append("The combined scale's categories must be ascending rows.")
    return problems


@dataclass(frozen=True)
class Derived:
    value: object
    source: str


def derive(table: dict, *, date_of_birth: datetime.date | None, sanctions, assessment_date: datetime.date) -> dict:
    """Values the system can work out from what it holds, keyed "SCALE.item", each with its source."""
    out = {}
    for s in table["scales"]:
        for it in s["items"]:
            key = f"{s['key']}.{it['key']}"
            if it["from"] == "age" and date_of_birth:
                out[key] = Derived(whole_years(date_of_birth, assessment_date), "Date of birth on the register")
            elif it["from"] == "count":
                where = it.get("where") or {}
                matching = [x for x in sanctions if x.date <= assessment_date
                            and all(getattr(x, f) == v for f, v in where.items())]
                n = len({x.date for x in matching}) if it.get("unit") == "dates" else len(matching)
                labels = sorted({(x.source.label if x.source else "recorded sanction") for x in matching})
                out[key] = Derived(n, f"{n} of the sanctions held ({'; '.join(labels) or 'none match'})")
    return out


def score(table: dict, values: dict) -> Result:
    """Score every scale from values keyed "SCALE.item" (and "SCALE.aggravating.item" as 0/1)."""
    errors = {}
    items, explanation, categories = [], [], {}
    for s in table["scales"]:
        total = 0
        for it in s["items"]:
            key = f"{s['key']}.{it['key']}"
            v = values.get(key)
            if v is None or v == "":
                errors[key] = f"Give {it.get('label', it['key'])} ({s['key']})."
                continue
            try:
                v = int(v)
            except (TypeError, ValueError):
                errors[key] = f"{it.get('label', it['key'])} must be a whole number."
                continue
            if v < 0:
                errors[key] = f"{it.get('label', it['key'])} cannot be negative."
                continue
            try:
                pts = stepped(v, it["points"])
            except InputError:
                errors[key] = f"{it.get('label', it['key'])}: {v} is below the lowest value the table scores."
                continue
            total += pts
            items.append(Item(key, f"{s['key']}: {it.get('label', it['key'])}", v, pts))
        if errors:
            continue
        base = band_for(total, s["categories"])
        final = base
        agg = s.get("aggravating")
        line = f"{s['key']} ({s.get('label', '')}): {total} points, {base.replace('_', ' ')}"
        if agg:
            present = [a for a in agg["items"] if str(values.get(f"{s['key']}.aggravating.{a['key']}", "0")) in ("1", "True", "true")]
            for a in agg["items"]:
                items.append(Item(f"{s['key']}.aggravating.{a['key']}", f"{s['key']} aggravating: {a.get('label', a['key'])}",
                                  a in present, None))
            raise_by = 0
            for lower, steps in agg["raise"]:
                if len(present) >= lower:
                    raise_by = steps
            if raise_by:
                final = CATEGORIES[min(len(CATEGORIES) - 1, CATEGORIES.index(base) + raise_by)]
                line += f"; {len(present)} aggravating factors raise it {raise_by} to {final.replace('_', ' ')}"
        categories[s["key"]] = final
        explanation.append(line + ".")
    if errors:
        raise InputError(errors)
    combined = table.get("combined")
    if combined:
        pts = sum(combined["points"][categories[k]] for k in combined["scales"])
        categories[combined.get("key", "C")] = band_for(pts, combined["categories"])
        explanation.append(f"{combined.get('key', 'C')}: {pts} points from {', '.join(combined['scales'])}, "
                           f"{categories[combined.get('key', 'C')].replace('_', ' ')}.")
    main = categories.get("S") or next(iter(categories.values()))
    return Result("rm2000", main, tuple(items), {"categories": categories}, None, tuple(explanation),
                  f"{table.get('version', '')} ({table.get('source', '')})")


def validate_manual(entries: dict, scales=("S", "V", "C")) -> dict[str, str]:
    """An assessor's own RM2000 scoring, when no table is loaded: {scale: {"items": {name: points}, "category": c}}."""
    errors = {}
    if not entries:
        return {"scales": "Record the category for at least one scale (S, V or C)."}
    for scale, entry in entries.items():
        if scale not in scales:
            errors[scale] = f"Unknown scale {scale}: use {', '.join(scales)}."
            continue
        if entry.get("category") not in CATEGORIES:
            errors[f"{scale}.category"] = f"Choose the {scale} category: low, medium, high or very high."
        for name, pts in (entry.get("items") or {}).items():
            if not str(name).strip():
                errors[f"{scale}.items"] = "Every item score needs the item's name."
            try:
                if int(pts) < 0:
                    raise ValueError
            except (TypeError, ValueError):
                errors[f"{scale}.{name}"] = f"The score for {name} must be a whole number, 0 or more."
    return errors


def manual_result(entries: dict) -> Result:
    errors = validate_manual(entries)
    if errors:
        raise InputError(errors)
    items = tuple(Item(f"{s}.{n}", f"{s}: {n}", None, int(p)) for s, e in entries.items()
                  for n, p in (e.get("items") or {}).items())
    categories = {s: e["category"] for s, e in entries.items()}
    main = categories.get("S") or next(iter(categories.values()))
    return Result("rm2000", main, items, {"categories": categories}, None,
                  ("Scored by the trained assessor from the licensed scoring guide (no table loaded).",),
                  "assessor's scoring")


assert BAND_ORDER[1:] == CATEGORIES
