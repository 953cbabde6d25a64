import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in user may reach before passing the second-factor check. The API checks for itself
# (api.authentication) so that it can answer in JSON rather than redirect.
OPEN_PREFIXES = ("/accounts/sign-in/", "/accounts/sign-out/", "/accounts/second-factor/", "/static/", "/api/",
                 "/favicon.ico")


class SecondFactorMiddleware:
    """Users who have an authenticator, or whose agency requires one, must use it before going on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not request.path.startswith(OPEN_PREFIXES) and second_factor_pending(user):
            return redirect(reverse("accounts:second_factor") + f"?next={request.path}")
        return self.get_response(request)


def second_factor_pending(user) -> bool:
    """Signed in with a password but not yet with the authenticator code this user must give."""
    return (
        user.is_authenticated
        and not user.is_verified()
        and (user.needs_second_factor or has_authenticator(user))
    )


def has_authenticator(user) -> bool:
    known = getattr(user, "has_confirmed_authenticator", None)  # read with the user (accounts.backends)
    if known is not None:
        return known
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


REFRESHED = "_refreshed_at"


class SessionRefreshMiddleware:
    """Restart a signed-in session's idle time while it is in use, writing the session at most once a
    SESSION_REFRESH_SECONDS rather than on every request (a write is a database commit). A session
    therefore ends between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after its
    last use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.session.is_empty():
            now = int(clock())
            if now - request.session.get(REFRESHED, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[REFRESHED] = now  # marks the session changed: SessionMiddleware saves it
        return response


def clock() -> float:
    return time.time()
