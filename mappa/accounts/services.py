"""Changes to a user's own sign-in settings, audited like every other change."""
import datetime

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from mappa.accounts.models import ApiToken
from mappa.api.authentication import PREFIX_LENGTH, digest, new_token
from mappa.audit.models import Action
from mappa.audit.services import record


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up: made once, kept until confirmed with a right code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def confirm_authenticator(*, actor, device: TOTPDevice, code: str) -> bool:
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    record(actor, Action.UPDATE, actor, label="Authenticator app set up", changes={"second_factor": [False, True]})
    return True


@transaction.atomic
def create_token(*, actor, name: str, days: int) -> str:
    token = new_token()
    ApiToken.objects.create(
        user=actor, name=name, prefix=token[:PREFIX_LENGTH], digest=digest(token),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    record(actor, Action.CREATE, actor, label=f"API token '{name}'", details={"days": days})
    return token


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> None:
    if token.user_id != actor.pk or token.revoked_at:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor, Action.UPDATE, actor, label=f"API token '{token.name}' revoked")
