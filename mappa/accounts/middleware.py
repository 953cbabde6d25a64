from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in user may reach before passing the second-factor check.
OPEN_PREFIXES = ("/accounts/", "/static/", "/api/")


class SecondFactorMiddleware:
    """Users who have an authenticator, or whose agency requires one, must use it before going on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
            and (user.needs_second_factor or has_authenticator(user))
        ):
            return redirect(reverse("accounts:second_factor") + f"?next={request.path}")
        return self.get_response(request)


def has_authenticator(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
