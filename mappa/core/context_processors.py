"""Template context every page needs: the service name, navigation and sign-out URL."""
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from mappa.core import extensions


def _url(name):
    # Skip links whose view does not exist (yet), rather than break every page.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _nav_items(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    links = [("Home", "home"), ("Find a person", "nominals:search")]
    if getattr(user, "role", "") == "emergency":
        links.append(("Emergency access", "access:emergency"))
    if getattr(user, "role", "") == "admin":
        links.append(("Administration", "administration:index"))
    links += [(link.text, link.url_name) for link in extensions.nav_for(user)]
    links.append(("Your account", "accounts:account"))

    items = []
    for text, name in links:
        href = _url(name)
        if href is None:
            continue
        # Home is "/", a prefix of every path: it is active only on itself.
        active = request.path == href if name == "home" else request.path.startswith(href)
        items.append({"text": text, "href": href, "active": active, "current": request.path == href})
    return items


def service(request):
    return {
        "service_name": getattr(settings, "SERVICE_NAME", "mappa"),
        "nav_items": _nav_items(request),
        "logout_url": _url("accounts:logout"),
    }
