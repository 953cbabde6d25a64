from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from mappa.audit.models import RefusedRequests
from mappa.audit.services import count_refusal
from mappa.core.concurrency import StaleEdit


def exception_handler(exc, context):
    """Plain errors for the things services raise: validation, refusal, and stale edits."""
    if isinstance(exc, StaleEdit):
        current = getattr(exc.current, "version", None)
        return Response(
            {"detail": str(exc) + " Fetch it again, review the changes, and resend with the current version.",
             "current_version": current},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    _count_refusal(exc, context.get("request"))
    return drf_handler(exc, context)


def _count_refusal(exc, request) -> None:
    """A record the caller may not see, or a change they may not make, is counted against them, as on the
    pages (mappa.audit.middleware)."""
    if request is None:
        return
    if isinstance(exc, (Http404, exceptions.NotFound)):
        count_refusal(request.user, RefusedRequests.Kind.NOT_FOUND, request.path)
    elif isinstance(exc, exceptions.PermissionDenied):
        count_refusal(request.user, RefusedRequests.Kind.FORBIDDEN, request.path)
