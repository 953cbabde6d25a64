from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

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
    return drf_handler(exc, context)
