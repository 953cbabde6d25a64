"""Bearer tokens for the API. Tokens are random, stored only as SHA-256 digests, and expire."""
import hashlib
import secrets

from django.utils import timezone
from rest_framework import authentication, exceptions

from mappa.accounts.middleware import second_factor_pending
from mappa.accounts.models import ApiToken

PREFIX_LENGTH = 12  # "mappa_" and six characters: enough to tell tokens apart in a list


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "mappa_" + secrets.token_urlsafe(32)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="ignore").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the header as: Authorization: Bearer <token>")
        token = ApiToken.objects.select_related("user__agency", "user__team").filter(digest=digest(header[1])).first()
        now = timezone.now()
        if token is None or token.revoked_at or token.expires_at <= now or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid, has expired or was revoked")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, only once the user has finished signing in (second factor included)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and second_factor_pending(result[0]):
            raise exceptions.AuthenticationFailed(
                "Finish signing in first: enter the code from your authenticator app at /accounts/second-factor/"
            )
        return result


try:
    from drf_spectacular.extensions import OpenApiAuthenticationExtension

    class BearerTokenScheme(OpenApiAuthenticationExtension):
        target_class = "mappa.api.authentication.BearerTokenAuthentication"
        name = "bearerAuth"

        def get_security_definition(self, auto_schema):
            return {"type": "http", "scheme": "bearer", "description": "A token created on your account page"}

    class VerifiedSessionScheme(OpenApiAuthenticationExtension):
        target_class = "mappa.api.authentication.VerifiedSessionAuthentication"
        name = "cookieAuth"

        def get_security_definition(self, auto_schema):
            return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                    "description": "The browser session, once signed in with the second factor where required"}
except ImportError:  # the schema is optional at run time
    pass
