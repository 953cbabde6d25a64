"""Signing in: strong hashing, lock-out, second factor per agency, sessions that expire."""
import importlib

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mappa.accounts.models import ApiToken
from mappa.audit.models import Action, AuditEvent
from tests.conftest import PASSWORD


def sign_in(client, username, password=PASSWORD, follow=False):
    return client.post("/accounts/sign-in/", {"username": username, "password": password}, follow=follow)


def test_production_hashing_is_argon2():
    production = importlib.import_module("mappa.settings")
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_passwords_must_be_strong():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password123")


def test_pages_need_sign_in(world, client):
    for url in ["/", "/people/", f"/people/{world.case.pk}/", "/accounts/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_api_needs_a_token_or_session(world, client):
    response = client.get("/api/v1/nominals/")
    assert response.status_code == 401


def test_sign_in_and_out(world, client):
    response = sign_in(client, "om")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.SIGN_IN, actor=world.om).exists()
    client.post("/accounts/sign-out/")
    assert client.get("/").status_code == 302


def test_wrong_password_says_so_plainly(world, client):
    response = sign_in(client, "om", "wrong-password")
    assert response.status_code == 200
    assert "Your username or password is wrong" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).exists()


def test_account_locks_after_repeated_failures(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "om", "wrong-password")
    response = sign_in(Client(), "om")  # even the right password, from anywhere
    assert response.status_code == 429
    assert "locked" in response.content.decode()


def test_session_expires_when_idle():
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert 0 < settings.SESSION_REFRESH_SECONDS <= 60


def _expires(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_using_the_service_keeps_the_session_alive_with_one_write_a_minute(world, client, monkeypatch):
    from mappa.accounts import middleware

    now = [1_900_000_000.0]
    monkeypatch.setattr(middleware, "clock", lambda: now[0])
    sign_in(client, "om")
    client.get("/")
    first = _expires(client)
    now[0] += settings.SESSION_REFRESH_SECONDS - 1
    with seconds_later(2):
        client.get("/")
    assert _expires(client) == first  # used again within the minute: not written again
    now[0] += 2
    with seconds_later(3):
        client.get("/")
    assert _expires(client) > first  # idle time restarted


def seconds_later(seconds):
    """Django's clock (sessions' expiry dates) moved on by `seconds`."""
    import datetime
    from unittest import mock

    from django.utils import timezone

    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(seconds=seconds))


def test_an_idle_session_ends(world, client):
    from django.core.cache import cache

    sign_in(client, "om")
    assert client.get("/").status_code == 200
    cache.clear()  # the cached copy expires on its own timer; the database row's date is the rule
    with seconds_later(settings.SESSION_COOKIE_AGE + 1):
        response = client.get("/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_agency_can_require_a_second_factor(world, client):
    agency = world.om.agency
    agency.require_second_factor = True
    agency.save()
    sign_in(client, "om")
    response = client.get(f"/people/{world.case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/second-factor/")
    setup = client.get("/accounts/second-factor/")
    assert "Set up your authenticator app" in setup.content.decode()
    device = TOTPDevice.objects.get(user=world.om)
    wrong = client.post("/accounts/second-factor/", {"code": "000000"})
    assert "The code is wrong" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # repeated guesses are slowed down
    from django.utils import timezone

    device.throttling_failure_count, device.throttling_failure_timestamp = 4, timezone.now()  # locked for 8 seconds
    device.save()
    again = client.post("/accounts/second-factor/", {"code": "000000"}).content.decode()
    assert "Too many wrong codes in a row. Wait" in again  # refused without being checked, and says why
    device.throttle_reset()
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post("/accounts/second-factor/", {"code": code}).status_code == 302
    assert client.get(f"/people/{world.case.pk}/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_user_with_authenticator_must_use_it(world, client):
    TOTPDevice.objects.create(user=world.police, name="app", confirmed=True)
    sign_in(client, "police")
    assert client.get("/").status_code == 302
    assert client.get("/people/").status_code == 302


@pytest.mark.parametrize("required_by_agency", [True, False])
def test_password_alone_opens_neither_the_api_nor_token_creation(world, client, required_by_agency):
    if required_by_agency:
        world.police.agency.require_second_factor = True
        world.police.agency.save()
    else:
        TOTPDevice.objects.create(user=world.police, name="app", confirmed=True)
    sign_in(client, "police")
    refused = client.get("/api/v1/nominals/")
    assert refused.status_code in (401, 403)
    assert "authenticator" in refused.json()["detail"]
    assert client.get(f"/api/v1/nominals/{world.case.pk}/").status_code in (401, 403)
    made = client.post("/accounts/", {"name": "script", "days": 30})
    assert made.status_code == 302 and made["Location"].startswith("/accounts/second-factor/")
    assert not ApiToken.objects.filter(user=world.police).exists()


def test_agency_without_the_requirement_signs_in_with_password(world, client):
    sign_in(client, "police")
    assert client.get("/").status_code == 200


def test_api_token_is_shown_once_and_works(world, client):
    client.force_login(world.police)
    page = client.post("/accounts/", {"name": "script", "days": 30}).content.decode()
    token = page.split('data-testid="new-token">')[1].split("<")[0]
    assert token.startswith("mappa_")
    assert token not in client.get("/accounts/").content.decode()
    api = Client()
    response = api.get(f"/api/v1/nominals/{world.case.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["last_name"] == "Davis"
    assert api.get(f"/api/v1/nominals/{world.south_case.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
    assert api.get("/api/v1/nominals/", HTTP_AUTHORIZATION="Bearer mappa_wrong").status_code == 401


def test_revoked_token_stops_working(world, client):
    from mappa.accounts import services

    token = services.create_token(actor=world.police, name="x", days=1)
    services.revoke_token(actor=world.police, token=ApiToken.objects.get(user=world.police))
    assert Client().get("/api/v1/nominals/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
