import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from mappa.core import serving


class Command(BaseCommand):
    help = "Serve mappa on http://HOST:PORT with gunicorn (--dev: Django's development server, reloading on change)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--dev", action="store_true", help="the development server, reloading on change")
        parser.add_argument("--no-worker", action="store_true",
                            help="start no background task worker (run `mappa worker` elsewhere; /readyz still asks for one)")

    def handle(self, *args, host, port, dev=False, no_worker=False, **options):
        if dev:
            self.stdout.write(f"Development server on http://{host}:{port}/  (Ctrl+C to stop)")
            call_command("runserver", f"{host}:{port}", use_reloader=True, use_threading=True)
            return
        stale = serving.static_files_stale()
        if stale:
            raise CommandError(f"{stale}: run `mappa collectstatic` (or `mappa setup`) first.")
        plan = serving.plan(host, port)
        self.stdout.write(f"Serving mappa on http://{host}:{port}/ with gunicorn: {plan.workers} workers of "
                          f"{plan.threads} threads (at most {plan.workers * plan.threads} database connections)")
        # /readyz answers "not ready" while no task worker is running (MAPPA_REQUIRE_WORKER=0 to serve without).
        os.environ.setdefault("MAPPA_REQUIRE_WORKER", "1")
        if not no_worker:
            self.stdout.write("Background tasks: one worker (`mappa worker`) started beside gunicorn")
        sys.stdout.flush()
        if not no_worker:
            serving.start_worker()
        command = serving.gunicorn_command(plan)
        os.execv(command[0], command)  # gunicorn takes this process's place: signals reach it directly
