"""Each request: its client address (through trusted proxies only), its id (in the response, the log line and
the audit rows), one log line without case data; and the health endpoints a load balancer asks."""
import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mappa.audit.models import Action, AuditEvent
from mappa.core import health, logs
from mappa.core.requests import client_address
from mappa.env import parse_networks

PROXIES = parse_networks("10.0.0.0/8, 192.0.2.7, 2001:db8::/32", "MAPPA_TRUSTED_PROXIES")


@pytest.mark.parametrize("remote, forwarded, client", [
    ("198.51.100.4", "", "198.51.100.4"),  # nothing in front
    ("198.51.100.4", "203.0.113.9", "198.51.100.4"),  # not a trusted proxy: its header is ignored
    ("10.0.0.5", "203.0.113.9", "203.0.113.9"),  # one proxy
    ("10.0.0.5", "203.0.113.9, 10.1.1.1", "203.0.113.9"),  # two proxies
    ("10.0.0.5", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client made up 1.2.3.4
    ("10.0.0.5", "10.9.9.9, 203.0.113.9", "203.0.113.9"),  # ... or a trusted address
    ("10.0.0.5", "not-an-address, 203.0.113.9", "203.0.113.9"),
    ("10.0.0.5", "203.0.113.9, rubbish", "10.0.0.5"),  # a proxy wrote nonsense: stop at it
    ("10.0.0.5", "10.2.2.2", "10.2.2.2"),  # an internal client, every hop trusted
    ("192.0.2.7", "203.0.113.9:51000", "203.0.113.9"),  # with a port
    ("2001:db8::1", "[2001:db9::5]:443", "2001:db9::5"),
    ("::ffff:10.0.0.5", "203.0.113.9", "203.0.113.9"),  # IPv4 through a dual-stack socket
    ("192.0.2.8", "203.0.113.9", "192.0.2.8"),  # next to a trusted proxy, but not it
    ("", "203.0.113.9", None),
])
def test_client_address(remote, forwarded, client):
    assert client_address(remote, forwarded, PROXIES) == client


addresses = st.ip_addresses(v=4).map(str)


@given(made_up=st.lists(st.text(max_size=20).filter(lambda t: "," not in t) | addresses, max_size=4),
       client=addresses.filter(lambda a: not a.startswith(("10.", "192.0.2.7"))),
       hops=st.lists(st.sampled_from(["10.0.0.1", "10.200.3.4", "192.0.2.7"]), max_size=3))
def test_whatever_the_client_writes_in_x_forwarded_for_the_proxies_own_entries_decide(made_up, client, hops):
    """Proxies append the address they were reached from; whatever the client put before that is ignored."""
    header = ", ".join([*made_up, client, *hops])
    assert client_address("10.0.0.9", header, PROXIES) == client
    assert client_address(client, header, PROXIES) == client  # no proxy in front: the header is not read


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = PROXIES


def test_health_answers_without_database_sign_in_or_known_host(client):
    response = client.get("/healthz", HTTP_HOST="10.3.4.5")  # no django_db mark: a query would fail the test
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Cache-Control"] == "no-store" and not response.cookies


@pytest.mark.django_db
def test_ready_names_each_check(client):
    response = client.get("/readyz", HTTP_HOST="10.3.4.5")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok", "migrations": "ok"}}
    assert not response.cookies


@pytest.mark.django_db
def test_not_ready_when_a_migration_is_not_applied(client, monkeypatch):
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    app, name = max(key for key in health.migrations_on_disk() if key[0] == "audit")
    MigrationRecorder(connection).record_unapplied(app, name)  # as if this code were deployed before migrating
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "migrations": "failed: 1 migrations not applied"}


@pytest.mark.django_db
def test_not_ready_when_the_cache_or_database_does_not_answer(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    monkeypatch.setattr(health.connection, "is_usable", lambda: False)
    body = client.get("/readyz").json()
    assert body["status"] == "not ready"
    assert body["checks"]["cache"].startswith("failed") and body["checks"]["database"] == "failed: ConnectionError"


def test_health_pages_hold_nothing_for_a_signed_in_user_waiting_for_the_second_factor(world, client):
    world.om.agency.require_second_factor = True
    world.om.agency.save()
    client.force_login(world.om)
    assert client.get("/").status_code == 302  # every other page waits for the code
    assert client.get("/healthz").content == b"ok"
    assert set(client.get("/readyz").json()) == {"status", "checks"}


def test_each_request_is_logged_once_with_its_id_and_no_query_or_name(world, client, caplog):
    client.force_login(world.om)
    with caplog.at_level(logging.INFO, logger="mappa.requests"):
        response = client.get("/people/?q=Jonah+Davis")
    [record] = [r for r in caplog.records if r.name == "mappa.requests"]
    assert (record.method, record.path, record.status, record.user_id) == ("GET", "/people/", 200, world.om.pk)
    assert record.request_id == response["X-Request-ID"] and len(record.request_id) == 32
    assert record.duration_ms >= 0
    line = json.loads(logs.JsonFormatter().format(record))
    assert {k: line[k] for k in ("level", "logger", "method", "path", "status", "user_id", "request_id")} == {
        "level": "INFO", "logger": "mappa.requests", "method": "GET", "path": "/people/", "status": 200,
        "user_id": world.om.pk, "request_id": response["X-Request-ID"]}
    text = json.dumps(line)
    assert "Jonah" not in text and "Davis" not in text and "om" not in line["message"].split()


@pytest.mark.django_db
def test_a_signed_out_request_is_logged_without_a_user(client, caplog):
    with caplog.at_level(logging.INFO, logger="mappa.requests"):
        client.get("/accounts/sign-in/")
    [record] = [r for r in caplog.records if r.name == "mappa.requests"]
    assert record.user_id is None and record.status == 200


def test_text_lines_carry_the_request_id(caplog):
    record = logging.LogRecord("mappa", logging.WARNING, __file__, 1, "something", (), None)
    token = logs.set_request_id("abc123")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.reset_request_id(token)
    assert record.request_id == "abc123"
    assert "[abc123]" in logging.Formatter("%(levelname)s [%(request_id)s] %(message)s").format(record)


@pytest.mark.django_db
@pytest.mark.parametrize("remote, given, kept", [
    ("10.0.0.5", "edge-4f2a9c", True),  # from a trusted proxy
    ("198.51.100.4", "edge-4f2a9c", False),  # from anyone else
    ("10.0.0.5", "bad id with spaces", False),
    ("10.0.0.5", "x" * 101, False),
])
def test_a_request_id_is_taken_only_from_a_trusted_proxy(client, proxies, remote, given, kept):
    returned = client.get("/healthz-none/", REMOTE_ADDR=remote, HTTP_X_REQUEST_ID=given)["X-Request-ID"]
    assert (returned == given) is kept
    assert kept or len(returned) == 32


def test_audit_rows_carry_the_request_id_and_the_client_behind_the_proxy(world, client, proxies):
    client.force_login(world.police)
    response = client.get(f"/people/{world.case.pk}/", REMOTE_ADDR="10.0.0.5",
                          HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", HTTP_X_REQUEST_ID="edge-77")
    event = AuditEvent.objects.filter(action=Action.VIEW, actor=world.police, nominal=world.case).get()
    assert event.request_id == response["X-Request-ID"] == "edge-77"
    assert event.ip_address == "203.0.113.9"


def test_a_forged_forwarded_for_from_outside_is_not_recorded(world, client, proxies):
    client.force_login(world.police)
    client.get(f"/people/{world.case.pk}/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="10.0.0.1")
    event = AuditEvent.objects.filter(action=Action.VIEW, actor=world.police, nominal=world.case).get()
    assert event.ip_address == "198.51.100.4" and len(event.request_id) == 32


def test_audit_rows_written_outside_a_request_have_no_request_id(world):
    assert AuditEvent.objects.filter(request_id__isnull=True).exists()


def test_a_request_signed_in_by_api_token_is_logged_with_its_user(world, client, caplog):
    from django.test import Client

    client.force_login(world.police)
    page = client.post("/accounts/", {"name": "script", "days": 30}).content.decode()
    token = page.split('data-testid="new-token">')[1].split("<")[0]
    with caplog.at_level(logging.INFO, logger="mappa.requests"):
        assert Client().get(f"/api/v1/nominals/{world.case.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    [record] = [r for r in caplog.records if r.name == "mappa.requests" and r.path.startswith("/api/")]
    assert record.user_id == world.police.pk
