"""How `mappa serve` runs the application: gunicorn, with a worker process per CPU and a few threads each.

Each thread keeps its own database connection (for MAPPA_DB_CONN_MAX_AGE seconds after its last use, checked
before reuse), so the processes hold at most workers x threads connections: the workers and threads are
counted from the CPUs, not set high, and MAPPA_WORKERS and MAPPA_THREADS change them.

Beside gunicorn it starts one background task worker (`mappa worker --with-parent`), which stops when the
gunicorn process that takes `mappa serve`'s place ends. More workers, on this machine or others, may run
`mappa worker` themselves: no two run the same task."""
import os
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings

from mappa.env import env_int


@dataclass(frozen=True)
class Plan:
    host: str
    port: str
    workers: int
    threads: int
    timeout: int
    log_level: str
    trusted_proxies: str


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use, not every CPU of the machine
    except AttributeError:
        return os.cpu_count() or 1


def plan(host: str, port: str) -> Plan:
    return Plan(
        host=host,
        port=str(port),
        workers=max(1, env_int("MAPPA_WORKERS", max(2, cpus()))),
        threads=max(1, env_int("MAPPA_THREADS", 4)),
        timeout=env_int("MAPPA_REQUEST_TIMEOUT", 60),
        log_level=settings.LOG_LEVEL.lower(),
        trusted_proxies=",".join(map(str, settings.TRUSTED_PROXIES)),
    )


def bind_address(host: str, port: str) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def gunicorn_command(plan: Plan) -> list[str]:
    """The command line that serves the application. No access log: the application logs each request itself,
    without query strings (they can hold names searched for)."""
    return [
        sys.executable, "-m", "gunicorn", "mappa.wsgi:application",
        "--config", "python:mappa.core.gunicorn_hooks",  # each worker settles its memory once loaded (core.runtime)
        "--bind", bind_address(plan.host, plan.port),
        "--worker-class", "gthread",
        "--workers", str(plan.workers),
        "--threads", str(plan.threads),
        "--timeout", str(plan.timeout),
        "--graceful-timeout", "30",
        "--keep-alive", "5",
        # A worker is replaced after this many requests (spread so they are not all replaced at once), which
        # also closes its database connections.
        "--max-requests", "2000",
        "--max-requests-jitter", "200",
        "--log-level", plan.log_level,
        "--error-logfile", "-",
        # Only the trusted proxies may say the request came over HTTPS; nobody if none is configured.
        "--forwarded-allow-ips", plan.trusted_proxies or "",
        "--no-control-socket",  # not used, and it would need a writable home directory
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "mappa.cli", "worker", "--with-parent"]


def start_worker() -> subprocess.Popen:
    """The task worker, as a child of this process (and so of gunicorn once it takes this process's place)."""
    return subprocess.Popen(worker_command(), env=os.environ.copy())


def static_files_stale() -> str:
    """Why the collected static files cannot serve the pages as they are ("" if they can): never collected,
    or a source changed since. The pages name each file by its collected, hashed name."""
    from django.contrib.staticfiles.finders import get_finders

    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if not manifest.exists():
        return f"the static files have not been collected into {settings.STATIC_ROOT}"
    collected = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            if storage.path(path) and os.path.getmtime(storage.path(path)) > collected:
                return f"{path} changed after the static files were collected"
    return ""
