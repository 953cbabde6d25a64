"""Reading the signed-in user on each request."""
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from mappa.accounts.models import User


class UserBackend(ModelBackend):
    """Django's sign-in by username and password. The signed-in user is read with their agency and team,
    and whether they have a confirmed authenticator app, in one query: every request needs all three
    (the second-factor check and the access policy)."""

    def get_user(self, user_id):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        authenticator = Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        user = (User._default_manager.select_related("agency", "team")
                .annotate(has_confirmed_authenticator=authenticator).filter(pk=user_id).first())
        return user if user is not None and self.user_can_authenticate(user) else None


def username_for_lockout(request, credentials) -> str:
    """The username that failed sign-ins are counted against: the same account however it was typed."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower()
