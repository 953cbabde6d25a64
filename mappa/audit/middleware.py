from django.core.exceptions import PermissionDenied
from django.http import Http404

from mappa.audit import context
from mappa.audit.models import RefusedRequests
from mappa.audit.services import count_refusal


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        token = context.set_origin(
            context.Origin(
                # The client's address and the request's id as mappa.core.requests found them (the address
                # through trusted proxies only).
                ip_address=getattr(request, "client_ip", None) or request.META.get("REMOTE_ADDR") or None,
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                channel=channel,
                request_id=getattr(request, "request_id", None),
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)

    def process_exception(self, request, exception):
        """A page refused by the policy or a view (not an address that names no page) is counted against
        the user (mappa.api.errors counts the API's). The error page is made as before."""
        if isinstance(exception, Http404):
            count_refusal(request.user, RefusedRequests.Kind.NOT_FOUND, request.path)
        elif isinstance(exception, PermissionDenied):
            count_refusal(request.user, RefusedRequests.Kind.FORBIDDEN, request.path)
        return None
