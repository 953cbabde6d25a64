"""Where the current request came from, so services can audit without being handed the request."""
import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    user_agent: str = ""
    channel: str = "cli"
    request_id: str | None = None


NO_ORIGIN = Origin()  # frozen: one shared default is safe
_origin: contextvars.ContextVar[Origin] = contextvars.ContextVar("audit_origin", default=NO_ORIGIN)


def current() -> Origin:
    return _origin.get()


def set_origin(origin: Origin):
    return _origin.set(origin)


def reset(token) -> None:
    _origin.reset(token)
