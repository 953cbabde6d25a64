"""The OpenAPI schema as the API's contract: every operation is tagged with its part, summarised, and documents
every error it can answer in the one problem-details shape (mappa.api.errors).

Two pieces, both named in settings.SPECTACULAR_SETTINGS: `AutoSchema` (tags and summaries, from the view's part
and docstring) and `document_errors` (a postprocessing hook adding the problem-details components and, on every
operation, 400, 401, 403, 404 where the path names a record, and 409 where a change carries a version).
"""
import copy
import re

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from mappa.api.errors import INVALID_INPUT_DETAIL, PROBLEM_JSON, PROBLEM_TYPES, STALE_ADVICE, problem_type

# The tag of views in mappa.api itself: the register of people and the items recorded on them.
REGISTER_TAG = "nominals"
TAG_DESCRIPTIONS = {
    "nominals": "People on the register and what is recorded on them (addresses, activity, documents and the rest)",
    "arrangements": "MAPPA eligibility, referrals, level decisions, meetings and actions",
    "risk": "Risk assessments and scoring",
    "orders": "Sentences, orders and their requirements",
    "licences": "Licences, their conditions, exclusion zones and variations",
    "plans": "Risk management plans",
    "victims": "Victims and the contact scheme",
    "safeguarding": "Safeguarding referrals and concerns",
    "visits": "Home visits and their schedules",
    "intelligence": "Intelligence reports and their grading",
    "reports": "The MAPPA annual report",
    "quality": "Case audits and their findings",
    "supervision": "Community orders' requirements, appointments, warnings and breach; polygraph, medication and circles",
    "interventions": "Programmes: referrals, the waiting list, sessions, outcomes and reviews; one-to-one work",
    "resettlement": "Approved premises and the resettlement pathways",
    "workforce": "Caseload weights, staff supervision and training",
}
# The operations' own words for the standard viewset actions, when the view gives no summary.
ACTION_VERBS = {"list": "List", "retrieve": "Read one of", "create": "Add to", "partial_update": "Change one of",
                "update": "Replace one of"}


class AutoSchema(SpectacularAutoSchema):
    def get_tags(self) -> list[str]:
        tag = getattr(self.view, "schema_tag", None)
        if tag:
            return [tag]
        module = type(self.view).__module__.split(".")
        return [module[1] if len(module) > 2 and module[0] == "mappa" and module[1] != "api" else REGISTER_TAG]

    def get_summary(self) -> str | None:
        """The first sentence of the view's (or its method's) docstring, prefixed for a viewset's standard actions."""
        description = self.get_description() or ""
        first = re.split(r"(?<=[.:;])\s|\n\n", description.strip(), maxsplit=1)[0]
        first = " ".join(first.split()).rstrip(".:;")  # one line, however the docstring wraps
        action = getattr(self.view, "action", None)
        if action in ACTION_VERBS and first:
            first = f"{ACTION_VERBS[action]}: {first[0].lower()}{first[1:]}"
        return first[:120] or None


# What each error answer means, for the schema and its examples.
ERRORS = {
    "400": ("What is wrong with the input, field by field (errors); nothing was changed", "invalid-input",
            {"errors": {"field_name": ["What is wrong with it, and how to put it right"]}, "detail": INVALID_INPUT_DETAIL}),
    "401": ("No valid credentials: send Authorization: Bearer <token>, or sign in", None,
            {"detail": "Authentication credentials were not provided."}),
    "403": ("You may not do this (your role, or the record's handling, does not allow it)", None,
            {"detail": "You do not have permission to perform this action."}),
    "404": ("No such record, or not one you may see", None, {"detail": "No such record, or not one you may see."}),
    "409": ("Someone else changed it since the version you sent (current_version): fetch it again, review, and resend",
            "stale-version", {"detail": "This record was changed by someone else." + STALE_ADVICE, "current_version": 4}),
}
WRITES = ("post", "put", "patch", "delete")


def _components(result: dict) -> None:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = {
        "type": "object",
        "description": "An error, as problem details (RFC 9457), sent as application/problem+json",
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "description": 'A URI naming the kind of problem: '
                     '"about:blank" where the status says it all, or ' + ", ".join(problem_type(s) for s in PROBLEM_TYPES)},
            "title": {"type": "string", "description": "A short summary of the kind of problem"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599, "description": "The HTTP status"},
            "detail": {"type": "string", "description": "What went wrong, in words the caller can act on"},
            "instance": {"type": "string", "format": "uri-reference", "description": "The path asked for"},
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                       "description": 'Every 400: field name (nested fields named with dots) to what is wrong with it; '
                                     'what is wrong with the request as a whole is under "non_field_errors"'},
            "current_version": {"type": "integer", "nullable": True,
                                "description": "A 409 for a stale edit: the version now stored"},
            "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/PossibleDuplicate"},
                           "description": "A 409 when adding a person: the records you may see that may be them"},
        },
        "required": ["type", "title", "status", "detail"],
    }
    # mappa.api.serializers.PossibleDuplicateSerializer, which only this problem's `candidates` carries.
    schemas.setdefault("PossibleDuplicate", {
        "type": "object",
        "properties": {
            "id": {"type": "integer"}, "full_name": {"type": "string"},
            "date_of_birth": {"type": "string", "format": "date", "nullable": True},
            "managing_agency": {"type": "string"}, "town": {"type": "string"},
            "score": {"type": "number", "format": "double"},
            "reasons": {"type": "array", "items": {"type": "string"}, "description": "Why it may be the same person"},
        },
        "required": ["id", "full_name", "date_of_birth", "managing_agency", "town", "score", "reasons"],
    })


def _example(code: str, slug, extra: dict, path: str) -> dict:
    return {"type": problem_type(slug) if slug else "about:blank",
            "title": PROBLEM_TYPES[slug] if slug else {"401": "Unauthorized", "403": "Forbidden", "404": "Not Found"}[code],
            "status": int(code), "instance": path, **extra}


def _request_properties(result: dict, operation: dict) -> tuple[dict | None, dict]:
    """The request body's schema component (where it is one) and its properties."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = next(iter(content.values()), {}).get("schema", {}) if content else {}
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        component = result["components"]["schemas"].get(ref.rsplit("/", 1)[1], {})
        return component, component.get("properties", {})
    return None, schema.get("properties", {})


def document_errors(result, generator, request, public):
    """The postprocessing hook: the problem-details shape on every error answer of every operation."""
    _components(result)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            component, properties = _request_properties(result, operation)
            codes = ["400", "401", "403"]
            if "{" in path or any(p.get("name") == "page" for p in operation.get("parameters", [])):
                codes.append("404")  # no such record, or (on a list) a page beyond the last
            if method in ("patch", "put") and "version" in properties and component is not None:
                # The server refuses a change without the version the caller last read (mappa.api.views._version).
                required = component.setdefault("required", [])
                if "version" not in required:
                    required.append("version")
            if method in WRITES and "version" in ((component or {}).get("required", []) if component is not None else []):
                codes.append("409")  # a versioned edit: stale when someone else changed it since
            codes += [c for c in responses if c.startswith(("4", "5")) and c not in codes]
            for code in codes:
                described, slug, extra = ERRORS.get(code, ("", None, {}))
                given = responses.get(code, {})
                description = given.get("description") or described
                if code == "400" and method not in WRITES:
                    description = given.get("description") or "A query parameter could not be read (errors names it)"
                example = copy.deepcopy(_example(code, slug, extra, path) if code in ERRORS else {})
                responses[code] = {
                    "description": description or "The request was refused",
                    "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"},
                                               **({"example": example} if example else {})}},
                }
    result["tags"] = [{"name": name, "description": text} for name, text in TAG_DESCRIPTIONS.items()]
    return result
