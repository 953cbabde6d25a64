"""Examples of what each operation answers and takes, made from the schema itself (the postprocessing hook
`document_examples`), so that every operation shows an integrator a plausible body, and an example can never
drift from the serializer it illustrates: it is derived from the same schema, and tests/test_api_contract.py
checks each one against it.

The values are invented and name no one: plausible words for the common field names, the first choice of an enum,
dates in the reporting year, and otherwise a value of the right type and format.
"""
from __future__ import annotations

JSON = "application/json"

# Plausible values by field name (invented: the demo's own style, no real person).
BY_NAME = {
    "first_name": "Jane", "middle_names": "", "last_name": "Doe", "full_name": "Jane Doe", "name": "Jane Doe",
    "display_name": "Jane Doe", "username": "jdoe", "town": "Northshire", "postcode": "NS1 4AB",
    "line1": "12 Station Road", "line2": "", "address": "12 Station Road, Northshire NS1 4AB",
    "title": "Example title", "summary": "A short summary of what happened", "notes": "Notes in the author's words",
    "text": "What was recorded, in the author's words", "detail": "What was recorded, in the author's words",
    "reason": "Why, in the author's words",
    "skills_reason": "The training is booked for next month; a trained colleague co-works the case meanwhile",
    "description": "What it is, in the author's words",
    "managing_agency": "Northshire Probation", "agency": "Northshire Probation", "team": "Northshire North",
    "area": "Northshire", "marking": "OFFICIAL-SENSITIVE", "pnc_number": "2009/0123456A",
    "email": "jane.doe@example.org", "telephone": "01234 567890", "phone": "01234 567890",
    "registration": "AB12 CDE", "make": "Ford", "model": "Focus", "colour": "Blue",
    "manager": "Sam Patel", "author": "Sam Patel", "created_by": "Sam Patel", "officer": "Sam Patel",
    "ethnicity": "White British", "language": "English", "date_of_birth": "1979-06-14",
}
BY_FORMAT = {
    "date": "2026-04-01", "date-time": "2026-04-01T09:30:00+01:00", "time": "09:30:00",
    "uri": "https://mappa.example/api/v1/nominals/1042/", "uri-reference": "/api/v1/nominals/1042/",
    "email": "jane.doe@example.org", "uuid": "5f0c6c1e-8a1b-4a7e-9f3e-2d4b6c8a0e11", "binary": "(the file)",
    "decimal": "12.50", "ipv4": "192.0.2.10",
}
BY_INTEGER_NAME = {"id": 1042, "version": 3, "count": 1, "page": 1, "page_size": 25}


def example_for(schema: dict, components: dict, name: str = "", seen: tuple = (), leave_out: str = "writeOnly"):
    """A value that `schema` (OpenAPI 3.0, with $refs into `components`) accepts; properties marked `leave_out`
    (writeOnly in an answer, readOnly in a request) are left out. `seen`: the components being expanded, so that
    one referring to itself ends (with None) rather than recursing."""
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[1]
        return None if ref in seen else example_for(components.get(ref, {}), components, name, (*seen, ref), leave_out)
    for combined in ("allOf", "oneOf", "anyOf"):
        if schema.get(combined):
            return _combined(schema, combined, components, name, seen, leave_out)
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return next((value for value in schema["enum"] if value not in (None, "")), schema["enum"][0])
    kind = schema.get("type", "object" if "properties" in schema else None)
    if kind == "object":
        return {key: example_for(value, components, key, seen, leave_out)
                for key, value in schema.get("properties", {}).items() if not value.get(leave_out)}
    if kind == "array":
        item = example_for(schema.get("items", {}), components, name, seen, leave_out)
        return [] if item is None else [item] * max(1, schema.get("minItems", 1))
    if kind == "integer":
        return _bounded(BY_INTEGER_NAME.get(name, 7 if name.endswith("_id") else 1), schema)
    if kind == "number":
        return _bounded(0.5, schema)
    if kind == "boolean":
        return False
    if kind == "string":
        return _string(schema, name)
    return None


def _combined(schema: dict, combined: str, components: dict, name: str, seen: tuple, leave_out: str):
    parts = [example_for(part, components, name, seen, leave_out) for part in schema[combined]]
    if combined == "allOf" and all(isinstance(part, dict) for part in parts):
        merged: dict = {}
        for part in parts:
            merged |= part
        return merged
    return next((part for part in parts if part is not None), None)


def _bounded(value, schema: dict):
    if "minimum" in schema and value < schema["minimum"]:
        value = schema["minimum"]
    if "maximum" in schema and value > schema["maximum"]:
        value = schema["maximum"]
    return value


def _string(schema: dict, name: str) -> str | None:
    fmt = schema.get("format")
    if name in BY_NAME and (fmt is None or fmt == "date" and name == "date_of_birth"):
        value = BY_NAME[name]
    elif fmt in BY_FORMAT:
        return BY_FORMAT[fmt]
    else:
        value = BY_FORMAT["date"] if name.endswith(("_on", "_date")) else "text"
    if "maxLength" in schema:
        value = value[: schema["maxLength"]]
    if len(value) < schema.get("minLength", 0):
        value = value.ljust(schema["minLength"], "x")
    return value


def document_examples(result, generator, request, public):
    """The postprocessing hook: an example on every JSON request body and success answer that has none."""
    components = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            bodies = [(operation.get("requestBody", {}), "readOnly")] + [
                (answer, "writeOnly") for code, answer in operation.get("responses", {}).items() if code.startswith("2")]
            for body, leave_out in bodies:
                media = body.get("content", {}).get(JSON)
                if media and "schema" in media and "example" not in media:
                    example = example_for(media["schema"], components, leave_out=leave_out)
                    if example is not None:
                        media["example"] = example
    return result
