import os
import signal

from django.core.management.base import BaseCommand, CommandError

from mappa.jobs import worker


class Command(BaseCommand):
    help = "Run background tasks (e-mails, long jobs) from the database queue until stopped (--batch: until none is ready)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds to wait when no task is ready (default 1)")
        parser.add_argument("--batch", action="store_true", help="run the tasks that are ready, then stop")
        parser.add_argument("--max-tasks", type=int, default=None, help="stop after running this many")
        parser.add_argument("--queue", action="append", dest="queues", help="only this queue (repeatable; default all)")
        parser.add_argument("--backend", default="default", help="the task backend (settings.TASKS) to work for")
        parser.add_argument("--with-parent", action="store_true",
                            help="stop when the process that started this one ends (how `mappa serve` runs it)")

    def handle(self, *args, interval, batch, max_tasks, queues, backend, with_parent, **options):
        if interval < 0 or (max_tasks is not None and max_tasks < 1):
            raise CommandError("--interval must be 0 or more and --max-tasks 1 or more")
        stopping = []
        parent = os.getppid()

        def stop(signum, frame):
            stopping.append(signum)  # the task under way finishes first; none is left half-run

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

        def keep_going() -> bool:
            return not stopping and not (with_parent and os.getppid() != parent)

        worker_id = worker.new_worker_id()
        self.stdout.write(f"Worker {worker_id} running background tasks" + (" (batch)" if batch else ""))
        self.stdout.flush()
        try:
            done = worker.work(worker_id, backend=backend, queues=queues, interval=interval, batch=batch,
                               max_tasks=max_tasks, keep_going=keep_going)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Worker {worker_id} stopped after {done} task{'s' if done != 1 else ''}")
