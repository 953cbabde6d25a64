"""/healthz and /readyz for the load balancer and the process supervisor. They answer before anything else
(sign-in, host checks, sessions) and show no case data: /healthz says the process answers, /readyz that the
database and the cache answer, every migration has been applied and (where settings.REQUIRE_WORKER, as under
`mappa serve`) a background task worker has been seen recently."""
import datetime
import functools
import json
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse
from django.utils import timezone

log = logging.getLogger("mappa.health")

PATHS = ("/healthz", "/readyz")


def check_database() -> str:
    connection.ensure_connection()
    if not connection.is_usable():
        raise ConnectionError("the connection is not usable")
    return "ok"


def check_cache() -> str:
    key = f"mappa:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    answered = cache.get(key)
    cache.delete(key)
    if answered != "1":
        raise ConnectionError("the cache did not keep a value")
    return "ok"


@functools.cache
def migrations_on_disk() -> frozenset:
    """Every migration this code holds: read from the files once per process (about 100 ms), since the files
    do not change while it runs; a deployment starts new processes. Whether each is applied is asked every time."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_migrations() -> str:
    unapplied = migrations_on_disk() - set(MigrationRecorder(connection).applied_migrations())
    if unapplied:
        raise LookupError(f"{len(unapplied)} migrations not applied")
    return "ok"


def check_worker() -> str:
    from mappa.jobs.models import WorkerBeat

    since = timezone.now() - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    if not WorkerBeat.objects.filter(seen_at__gte=since, stopped_at__isnull=True).exists():
        raise LookupError(f"no task worker seen in {settings.WORKER_STALE_SECONDS} seconds")
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "migrations": check_migrations}


def checks() -> dict:
    return {**CHECKS, "worker": check_worker} if settings.REQUIRE_WORKER else CHECKS


def readiness() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in checks().items():
        try:
            results[name] = check()
        except Exception as exc:  # a failed check is the answer, not an error page
            log.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = "failed: " + (str(exc) if isinstance(exc, LookupError) else type(exc).__name__)
    return all(v == "ok" for v in results.values()), results


def answer(request) -> HttpResponse:
    if request.path == "/healthz":
        response = HttpResponse("ok", content_type="text/plain")
    else:
        ready, checks = readiness()
        body = {"status": "ready" if ready else "not ready", "checks": checks}
        response = HttpResponse(json.dumps(body), content_type="application/json", status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """First in the chain, so that a probe needs no allowed host name, session or sign-in, and is not logged
    as a request (probes come every few seconds)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in PATHS and request.method in ("GET", "HEAD"):
            return answer(request)
        return self.get_response(request)
