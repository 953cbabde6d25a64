"""Typed helpers for reading settings from the environment."""
import os


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def parse_networks(text: str, name: str) -> list:
    """Comma-separated addresses or networks (10.0.0.1, 10.0.0.0/8, ::1) as ip_network objects; a bad one
    stops the start with the setting's name."""
    import ipaddress

    from django.core.exceptions import ImproperlyConfigured

    networks = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {part!r} is not an IP address or network (such as 10.0.0.0/8)") from None
    return networks
