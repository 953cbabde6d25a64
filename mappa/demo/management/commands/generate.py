"""python -m django generate --nominals 250000 --seed 1: a synthetic national-scale register."""
import datetime
import importlib.util
import time

from django.core.management.base import BaseCommand, CommandError

from mappa.demo import generator, generator_audit, generator_interventions, generator_supervision
from mappa.nominals.models import Nominal


class Command(BaseCommand):
    help = "Generate a synthetic register (areas, agencies, teams, users, nominals and their records) for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--nominals", type=int, default=250_000, help="How many nominals (default 250,000).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same register.")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None,
                            help="The day the register is generated as of (YYYY-MM-DD, default today).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the register already holds nominals (to reuse a dataset).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")
        parser.add_argument("--audit-rows", type=int, default=None,
                            help="Audit rows of history (default 8 for each nominal: 2 million for 250,000; "
                                 "30000000 for a year at a national service's rate; 0 for none).")
        parser.add_argument("--audit-months", type=int, default=12, help="The whole months before this one they cover.")
        parser.add_argument("--audit-only", action="store_true",
                            help="Only add the audit history, to the register already there.")
        parser.add_argument("--supervision-only", action="store_true",
                            help="Only add the supervision of the community orders (requirements, appointments, "
                                 "warnings) to the register already there, for the orders that have none.")
        parser.add_argument("--interventions-only", action="store_true",
                            help="Only add the interventions (programme referrals, sessions, one-to-one work) of the "
                                 "sexual and violent offenders under supervision, for those who have none.")

    def handle(self, *args, **options):
        missing = [name for name in ("faker", "tqdm") if importlib.util.find_spec(name) is None]
        if missing:
            raise CommandError(f"mappa generate needs {' and '.join(missing)}, of the bench extra: "
                               "pip install -e '.[bench]' (make bench and make test install it); "
                               "a service installed from requirements-runtime.lock has no generator")
        n = options["nominals"]
        if options["supervision_only"]:
            generator_supervision.generate_supervision(
                seed=options["seed"], today=options["today"], progress=not options["no_progress"] and options["verbosity"] > 0,
                log=lambda message: self.stderr.write(message))
            return
        if options["interventions_only"]:
            generator_interventions.generate_interventions(
                seed=options["seed"], today=options["today"], progress=not options["no_progress"] and options["verbosity"] > 0,
                log=lambda message: self.stderr.write(message))
            return
        if options["audit_only"]:
            self._audit(options, Nominal.objects.count())
            return
        if n < 2:
            raise CommandError("Generate at least 2 nominals")
        if options["if_empty"] and Nominal.objects.exists():
            self.stdout.write(f"The register already holds {Nominal.objects.count():,} nominals: nothing generated.")
            return
        progress = not options["no_progress"] and options["verbosity"] > 0
        result = generator.generate(
            n, seed=options["seed"], today=options["today"], progress=progress,
            log=(lambda message: self.stderr.write(message)) if options["verbosity"] > 0 else (lambda message: None),
        )
        self._audit(options, n)
        if options["verbosity"] == 0:
            return
        width = max(len(label) for label in result.counts)
        self.stdout.write("")
        self.stdout.write("Rows written")
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<{width}}  {count:>12,}")
        self.stdout.write(f"  {'total':<{width}}  {sum(result.counts.values()):>12,}")
        self.stdout.write("Time by stage")
        for label, seconds in result.timings.items():
            self.stdout.write(f"  {label:<{width}}  {seconds:>11.1f}s")
        self.stdout.write(f"Generated in {result.elapsed:.1f}s")
        markers = "" if result.markers_added else " (markers already existed: not added again)"
        self.stdout.write(
            f"Benchmark records: small history id={result.bench_small_id} ({generator.BENCH_SMALL}), "
            f"long history id={result.bench_large_id} ({generator.BENCH_LARGE}){markers}"
        )

    def _audit(self, options, nominals: int) -> None:
        rows = options["audit_rows"] if options["audit_rows"] is not None else generator_audit.default_rows(nominals)
        if rows <= 0:
            return
        started = time.monotonic()
        progress = not options["no_progress"] and options["verbosity"] > 0
        by_month = generator_audit.generate_audit(rows, seed=options["seed"], months=options["audit_months"],
                                                  today=options["today"], progress=progress,
                                                  log=lambda message: self.stderr.write(message))
        if options["verbosity"]:
            self.stdout.write(f"Audit history: {sum(by_month.values()):,} rows over {len(by_month)} months "
                              f"in {time.monotonic() - started:.1f}s")
