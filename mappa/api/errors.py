"""Every error the API answers has one shape: problem details (RFC 9457), sent as application/problem+json.

    {"type": "/api/problems/invalid-input", "title": "Invalid input", "status": 400,
     "detail": "Check the fields named in errors: nothing was changed.", "instance": "/api/v1/nominals/",
     "errors": {"postcode": ["Enter a real postcode, like SW1A 1AA"]}}

`type` is "about:blank" where the status says it all (the title is then the status's name), or one of PROBLEM_TYPES.
Extension members: `errors` (every 400: field name to messages; nested fields are named with dots, such as
"inputs.age"; what is wrong with the request as a whole is under "non_field_errors"), `current_version` (a 409 for
a stale edit) and `candidates` (a 409 where a person may already be on the register).
"""
from http import HTTPStatus

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_handler

from mappa.audit.models import RefusedRequests
from mappa.audit.services import count_refusal
from mappa.core.concurrency import StaleEdit

PROBLEM_JSON = "application/problem+json"

# The problem types with more to say than their status: slug -> title. `type` is "/api/problems/<slug>".
PROBLEM_TYPES = {
    "invalid-input": "Invalid input",
    "stale-version": "Changed since you read it",
    "possible-duplicate": "The person may already be on the register",
}
INVALID_INPUT_DETAIL = "Check the fields named in errors: nothing was changed."
STALE_ADVICE = " Fetch it again, review the changes, and resend with the current version."
# Headers of DRF's own answer worth keeping (how to authenticate, when to retry, what methods there are).
KEPT_HEADERS = ("WWW-Authenticate", "Retry-After", "Allow")


def problem_type(slug: str) -> str:
    return f"/api/problems/{slug}"


def problem(request, status_code: int, detail: str, *, slug: str | None = None, headers=None, **extra) -> JsonResponse:
    """An error answer: the status, what went wrong in words the caller can act on, and any extension members."""
    body = {
        "type": problem_type(slug) if slug else "about:blank",
        "title": PROBLEM_TYPES[slug] if slug else HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "instance": request.path if request is not None else None,
        **extra,
    }
    response = JsonResponse(body, status=status_code, content_type=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's errors (lists, or dicts nested for nested fields) as one flat map: field name to messages."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            if item:  # a list field's children without errors are empty
                flat.update(field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


def invalid_input_detail(errors: dict) -> str:
    """The whole message where the input as a whole is wrong; otherwise a pointer to the fields."""
    if set(errors) == {"non_field_errors"}:
        return " ".join(errors["non_field_errors"])
    return INVALID_INPUT_DETAIL


def exception_handler(exc, context):
    """Problem details for whatever the API raises: validation, refusal, stale edits, and DRF's own errors."""
    request = context.get("request")
    if isinstance(exc, StaleEdit):
        return problem(request, status.HTTP_409_CONFLICT, str(exc) + STALE_ADVICE, slug="stale-version",
                       current_version=getattr(exc.current, "version", None))
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    _count_refusal(exc, request)
    response = drf_handler(exc, context)
    if response is None:
        return None  # not an API error: a server error, reported as such
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        # Unreadable bodies (ParseError) name no field: their message goes under non_field_errors, so every 400
        # carries `errors`.
        errors = field_errors(response.data.get("detail") if isinstance(exc, exceptions.ParseError) else response.data)
        return problem(request, 400, invalid_input_detail(errors), slug="invalid-input", errors=errors, headers=headers)
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    return problem(request, response.status_code, str(detail or HTTPStatus(response.status_code).description),
                   headers=headers)


def _count_refusal(exc, request) -> None:
    """A record the caller may not see, or a change they may not make, is counted against them, as on the
    pages (mappa.audit.middleware)."""
    if request is None:
        return
    if isinstance(exc, (Http404, exceptions.NotFound)):
        count_refusal(request.user, RefusedRequests.Kind.NOT_FOUND, request.path)
    elif isinstance(exc, exceptions.PermissionDenied):
        count_refusal(request.user, RefusedRequests.Kind.FORBIDDEN, request.path)
