"""Running mappa for real: the settings refuse what only the demo may use, `mappa serve` runs gunicorn (the
development server only when asked), and static files are served under hashed, long-cached names."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from mappa import cli
from mappa.core import serving
from mappa.core.management.commands import serve as serve_command
from mappa.env import parse_networks
from tests.conftest import start_settings

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k" * 50


@pytest.fixture(autouse=True)
def serve_environment(monkeypatch):
    """`mappa serve` sets MAPPA_REQUIRE_WORKER for gunicorn; put it back as it was after each test."""
    monkeypatch.setenv("MAPPA_REQUIRE_WORKER", "")
    monkeypatch.delenv("MAPPA_REQUIRE_WORKER")


@pytest.mark.parametrize("env, refusal", [
    ({}, "MAPPA_SECRET_KEY is not set"),
    ({"MAPPA_SECRET_KEY": "short"}, "shorter than 32 characters"),
    ({"MAPPA_SECRET_KEY": REAL_KEY, "MAPPA_DEBUG": "1"}, "MAPPA_DEBUG is on"),
    ({"MAPPA_SECRET_KEY": REAL_KEY, "MAPPA_TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"},
     "MAPPA_TRUSTED_PROXIES: 'proxy.local' is not an IP address"),
    ({"MAPPA_SECRET_KEY": REAL_KEY, "MAPPA_LOG_FORMAT": "xml"}, "MAPPA_LOG_FORMAT must be json or text"),
])
def test_settings_refuse_to_start_a_real_service_with_development_settings(env, refusal):
    result = start_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and refusal in result.stderr


@pytest.mark.parametrize("env", [
    {"MAPPA_SECRET_KEY": REAL_KEY},
    {"MAPPA_SECRET_KEY": REAL_KEY, "MAPPA_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7, ::1", "MAPPA_LOG_FORMAT": "json"},
    {"MAPPA_DEMO": "1"},  # the demo: the development key
    {"MAPPA_DEMO": "1", "MAPPA_DEBUG": "1"},
    {"MAPPA_DEV_SERVER": "1"},  # mappa serve --dev
])
def test_settings_start_with_a_real_key_or_for_the_demo(env):
    result = start_settings(**env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("args, allowed", [
    (["setup", "--demo"], {"MAPPA_DEMO": "1"}),
    (["demo"], {"MAPPA_DEMO": "1"}),
    (["serve", "--dev"], {"MAPPA_DEV_SERVER": "1"}),
    (["setup"], {}),
    (["serve"], {}),
    (["serve", "--port", "8001"], {}),
    (["migrate"], {}),
    ([], {}),
])
def test_only_the_demo_and_the_development_server_ask_for_the_development_settings(args, allowed):
    assert cli.allowances(args) == allowed


def test_mappa_serve_runs_gunicorn_with_workers_and_threads_from_the_cpus(monkeypatch, settings):
    settings.TRUSTED_PROXIES = parse_networks("10.0.0.0/8,192.0.2.7", "MAPPA_TRUSTED_PROXIES")
    monkeypatch.setattr(serving, "cpus", lambda: 3)
    monkeypatch.setattr(serving, "static_files_stale", lambda: "")
    ran = []
    monkeypatch.setattr(serve_command.os, "execv", lambda path, argv: ran.append((path, argv)))
    monkeypatch.setattr(serving, "start_worker", lambda: ran.append("worker"))
    call_command("serve", "--host", "0.0.0.0", "--port", "8080")
    assert ran[0] == "worker"  # the task worker first: gunicorn then takes this process's place
    [(path, argv)] = ran[1:]
    assert path == sys.executable and argv[:4] == [sys.executable, "-m", "gunicorn", "mappa.wsgi:application"]
    assert argv[-1] == "--no-control-socket"
    options = dict(zip(argv[4:-1:2], argv[5:-1:2]))
    assert options["--bind"] == "0.0.0.0:8080"
    assert options["--worker-class"] == "gthread"
    assert (options["--workers"], options["--threads"]) == ("3", "4")
    assert options["--forwarded-allow-ips"] == "10.0.0.0/8,192.0.2.7/32"
    assert "--access-logfile" not in argv  # the application logs requests, without query strings


def test_mappa_serve_starts_a_task_worker_that_readiness_asks_for(monkeypatch):
    monkeypatch.setattr(serving, "static_files_stale", lambda: "")
    monkeypatch.setattr(serve_command.os, "execv", lambda path, argv: None)
    started = []
    monkeypatch.setattr(serving.subprocess, "Popen", lambda command, env: started.append((command, env)))
    call_command("serve")
    [(command, env)] = started
    assert command[1:] == ["-m", "mappa.cli", "worker", "--with-parent"]
    assert env["MAPPA_REQUIRE_WORKER"] == "1"  # gunicorn's /readyz then answers 503 while no worker runs


def test_mappa_serve_can_leave_the_worker_to_run_elsewhere(monkeypatch):
    monkeypatch.setattr(serving, "static_files_stale", lambda: "")
    monkeypatch.setattr(serve_command.os, "execv", lambda path, argv: None)
    monkeypatch.setattr(serving, "start_worker", lambda: pytest.fail("worker started"))
    call_command("serve", "--no-worker")


def test_workers_and_threads_can_be_set(monkeypatch):
    monkeypatch.setenv("MAPPA_WORKERS", "5")
    monkeypatch.setenv("MAPPA_THREADS", "2")
    plan = serving.plan("::1", "8000")
    assert (plan.workers, plan.threads) == (5, 2)
    assert serving.gunicorn_command(plan)[serving.gunicorn_command(plan).index("--bind") + 1] == "[::1]:8000"


def test_at_least_two_workers_on_one_cpu(monkeypatch):
    monkeypatch.setattr(serving, "cpus", lambda: 1)
    assert serving.plan("127.0.0.1", "8000").workers == 2


def test_mappa_serve_dev_runs_the_development_server_with_reloading(monkeypatch):
    ran = []
    monkeypatch.setattr(serve_command, "call_command", lambda *args, **kwargs: ran.append((args, kwargs)))
    monkeypatch.setattr(serve_command.os, "execv", lambda *a: pytest.fail("gunicorn started"))
    call_command("serve", "--dev", "--port", "8001")
    assert ran == [(("runserver", "127.0.0.1:8001"), {"use_reloader": True, "use_threading": True})]


def test_mappa_serve_refuses_to_start_without_collected_static_files(monkeypatch):
    monkeypatch.setattr(serving, "static_files_stale", lambda: "the static files have not been collected")
    monkeypatch.setattr(serve_command.os, "execv", lambda *a: pytest.fail("gunicorn started"))
    with pytest.raises(CommandError, match="mappa collectstatic"):
        call_command("serve")


def test_static_files_are_collected_and_current():
    """The tests (like `make test` and `mappa setup`) collect them first; the pages then use their names."""
    assert serving.static_files_stale() == ""


@pytest.mark.django_db
def test_pages_name_static_files_by_their_hashed_names(client):
    page = client.get("/accounts/sign-in/").content.decode()
    assert "/static/build/app.css" not in page
    hashed = next(part.split('"')[0] for part in page.split('href="/static/build/app.')[1:])
    assert hashed.endswith(".css") and len(hashed.split(".")[0]) == 12


def test_hashed_static_files_are_cached_for_good_and_compressed(client, settings):
    from django.contrib.staticfiles.storage import staticfiles_storage

    url = staticfiles_storage.url("build/app.css")
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
    assert response["Content-Encoding"] in ("br", "gzip")


def test_the_browser_tests_live_server_serves_the_hashed_static_files(live_server):
    from urllib.request import urlopen

    from django.contrib.staticfiles.storage import staticfiles_storage

    with urlopen(live_server.url + staticfiles_storage.url("build/app.css")) as response:
        assert response.status == 200 and "immutable" in response.headers["Cache-Control"]


def test_each_gunicorn_worker_settles_its_memory_once_it_has_loaded_the_application(monkeypatch):
    argv = serving.gunicorn_command(serving.plan("127.0.0.1", "8000"))
    assert argv[argv.index("--config") + 1] == "python:mappa.core.gunicorn_hooks"
    # gunicorn itself reads the hook from that module (as `mappa serve` starts it).
    shown = subprocess.run([sys.executable, "-m", "gunicorn", "--check-config", "--print-config",
                            "--config", "python:mappa.core.gunicorn_hooks", "mappa.wsgi:application"],
                           env={**os.environ, "MAPPA_DEMO": "1", "PYTHONPATH": str(ROOT)}, cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "post_worker_init                   = <post_worker_init()>" in shown.stdout
    from mappa.core import gunicorn_hooks, runtime

    settled = []
    monkeypatch.setattr(runtime, "settle", lambda: settled.append(True))
    gunicorn_hooks.post_worker_init(worker=None)
    assert settled == [True]
