"""Two server processes against the same PostgreSQL and Redis behave as one service: a session begun on one
is honoured by the other, an edit saved through one makes the other refuse a stale edit, and failed sign-ins
count across both. Each process is `mappa serve` (gunicorn), as in production; nothing is kept in a process."""
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER']}@{d['HOST'] or 'localhost'}:{d['PORT'] or 5432}/{d['NAME']}"


@pytest.fixture(scope="module")
def servers(django_db_setup):
    """Two servers for the module's tests (started once: each takes seconds to start)."""
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("two server processes need a shared database and cache: run with DATABASE_URL=postgres://... "
                    "and REDIS_URL=redis://... (as .ci/run does)")
    env = {**os.environ, "MAPPA_DEMO": "1", "DATABASE_URL": _database_url(), "MAPPA_WORKERS": "1", "MAPPA_THREADS": "2",
           "DJANGO_SETTINGS_MODULE": "mappa.settings", "MAPPA_REQUIRE_WORKER": "0"}
    started = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen([sys.executable, "-m", "mappa.cli", "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, url in started:
            _wait_ready(process, url)
        yield [url for _, url in started]
    finally:
        for process, _ in started:
            process.terminate()
            process.wait(timeout=30)


def _wait_ready(process, url):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):  # not listening yet, or its worker still starting
            time.sleep(0.3)
    raise AssertionError(f"{url} did not start within a minute")


class Browser:
    """One person's browser: its cookies go to whichever server it asks."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, url, data=None, method=None, headers=None):
        body = data.encode() if isinstance(data, str) else data
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def sign_in(self, server, username, password=PASSWORD):
        status, page = self.request(f"{server}/accounts/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        return self.request(f"{server}/accounts/sign-in/", form, headers={"Referer": f"{server}/accounts/sign-in/",
                                                                         "Content-Type": "application/x-www-form-urlencoded"})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def people(transactional_db, world):
    """The world's users with passwords hashed as the servers hash them (the tests' own hasher is a fast one)."""
    hashed = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    for user in (world.om, world.police):
        type(user).objects.filter(pk=user.pk).update(password=hashed)
    return world


@pytest.mark.postgres
def test_a_session_begun_on_one_server_is_honoured_by_the_other(servers, people):
    one, other = servers
    browser = Browser()
    status, _ = browser.sign_in(one, "om")
    assert status == 302
    status, page = browser.request(f"{other}/people/{people.case.pk}/")
    assert status == 200 and "Davis" in page
    status, _ = browser.request(f"{other}/accounts/sign-out/", urllib.parse.urlencode({"csrfmiddlewaretoken": browser.csrf()}),
                                headers={"Referer": f"{other}/", "Content-Type": "application/x-www-form-urlencoded"})
    assert status in (200, 302)
    status, _ = browser.request(f"{one}/people/{people.case.pk}/")
    assert status == 302  # signed out everywhere


@pytest.mark.postgres
def test_an_edit_saved_through_one_server_makes_the_other_refuse_a_stale_edit(servers, people):
    one, other = servers
    browser = Browser()
    assert browser.sign_in(one, "om")[0] == 302
    headers = {"Content-Type": "application/json", "X-CSRFToken": browser.csrf(), "Referer": f"{one}/"}
    status, body = browser.request(f"{one}/api/v1/nominals/{people.case.pk}/")
    version = json.loads(body)["version"]
    first = browser.request(f"{one}/api/v1/nominals/{people.case.pk}/", json.dumps({"version": version, "first_name": "Jonas"}),
                            method="PATCH", headers=headers)
    assert first[0] == 200, first
    stale = browser.request(f"{other}/api/v1/nominals/{people.case.pk}/",
                            json.dumps({"version": version, "first_name": "Joe"}), method="PATCH",
                            headers={**headers, "Referer": f"{other}/"})
    assert stale[0] == 409
    people.case.refresh_from_db()
    assert people.case.first_name == "Jonas"


@pytest.mark.postgres
def test_failed_sign_ins_count_across_servers(servers, people, settings):
    from django.conf import settings as live

    one, other = servers
    limit = live.AXES_FAILURE_LIMIT
    for attempt in range(limit):
        Browser().sign_in(one if attempt % 2 else other, "police", password="wrong-password-1")
    status, page = Browser().sign_in(one, "police")
    assert status != 302 and "locked" in page.lower()
