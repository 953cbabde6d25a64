"""Who a request came from and which request it is: the client's address (through trusted proxies only),
a request id, and one log line for each request."""
import ipaddress
import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils.functional import SimpleLazyObject

from mappa.core import logs

log = logging.getLogger("mappa.requests")

# A request id a proxy gives is kept only if it is short and plain (it is logged and stored on audit rows).
REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+/-]{1,100}")


def parse_address(text: str):
    """An IP address as proxies write it in X-Forwarded-For (with or without a port), or None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address  # ::ffff:192.0.2.1 from a dual-stack socket


def trusted(address, proxies) -> bool:
    return address is not None and any(address.version == net.version and address in net for net in proxies)


def client_address(remote_addr: str, forwarded_for: str, proxies) -> str | None:
    """The address the request came from. X-Forwarded-For is read only when the request comes from a trusted
    proxy: walking it from the right (each proxy appends the address it was reached from), the first address
    that is not a trusted proxy is the client. Anything to its left was written by the client and may be
    made up. An entry that is not an address stops the walk at the proxy that appended it."""
    nearest = parse_address(remote_addr)
    if not trusted(nearest, proxies) or not forwarded_for.strip():
        return str(nearest) if nearest else None
    for entry in reversed(forwarded_for.split(",")):
        address = parse_address(entry)
        if address is None:
            break
        nearest = address
        if not trusted(address, proxies):
            break
    return str(nearest)


def request_id(given: str | None, from_proxy: bool) -> str:
    """The proxy's X-Request-ID, so its logs and ours line up, if it came from a trusted proxy and is plain;
    otherwise a new one."""
    if from_proxy and given and REQUEST_ID.fullmatch(given.strip()):
        return given.strip()
    return uuid.uuid4().hex


def user_id(request) -> int | None:
    """The signed-in user's id for the log line, never looked up just for the log (that would cost a query
    on pages that need no user): a user the API's token sign-in set, or the id the session holds."""
    user = getattr(request, "user", None)
    if user is not None and not isinstance(user, SimpleLazyObject):
        return user.pk if user.is_authenticated else None
    session = getattr(request, "session", None)
    value = session.get(SESSION_KEY) if session is not None else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class RequestMiddleware:
    """First in the chain: gives each request its client address and id (request.client_ip,
    request.request_id, which the audit records), returns the id in X-Request-ID, and logs one line for
    the request: id, user id, method, path without its query string (which can hold names searched for),
    status and time taken."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        remote = request.META.get("REMOTE_ADDR", "")
        proxies = settings.TRUSTED_PROXIES
        request.client_ip = client_address(remote, request.META.get("HTTP_X_FORWARDED_FOR", ""), proxies)
        request.request_id = request_id(request.META.get("HTTP_X_REQUEST_ID"), trusted(parse_address(remote), proxies))
        token = logs.set_request_id(request.request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            took = round((time.perf_counter() - started) * 1000, 1)
            fields = {"user_id": user_id(request), "method": request.method, "path": request.path[:300],
                      "status": response.status_code, "duration_ms": took}
            log.info("%s %s %s %sms user=%s", fields["method"], fields["path"], fields["status"], took,
                     fields["user_id"] or "-", extra=fields)
            return response
        finally:
            logs.reset_request_id(token)
