import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from mappa.audit import chain, partitions
from mappa.audit.models import AuditEvent

SHOWN = 50  # problems listed; the rest are counted


class Command(BaseCommand):
    help = ("Check the audit log's hash chain: `mappa audit verify` (exits non-zero on any break); "
            "`mappa audit partitions` makes the coming months' partitions (PostgreSQL).")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="verify|partitions")
        verify = commands.add_parser("verify", help="check every row's hash and its link to the row before it")
        verify.add_argument("--month", help="check only this month's chain (YYYY-MM)")
        verify.add_argument("--database", default="default", help="the database alias to check")
        made = commands.add_parser("partitions", help="make this month's partition and the coming months' (PostgreSQL)")
        made.add_argument("--ahead", type=int, default=partitions.AHEAD, help="months after this one (default 3)")
        made.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args, subcommand, month=None, database="default", ahead=partitions.AHEAD, **options):
        if subcommand == "partitions":
            self.partitions(connections[database], ahead)
            return
        if month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
            raise CommandError(f"--month must be a month written YYYY-MM, such as 2026-12, not {month!r}")
        report = chain.verify(AuditEvent, using=database, month=month)
        for line in report.problems[:SHOWN]:
            self.stdout.write(line)
        if len(report.problems) > SHOWN:
            self.stdout.write(f"... and {len(report.problems) - SHOWN} more problems.")
        self.stdout.write(f"{report.rows} audit rows checked in {len(report.chains)} monthly chains.")
        for name, head in sorted(report.chains.items()):
            self.stdout.write(f"  {name}: {head.rows} rows, last row {head.last_id}, last hash {head.last_hash}")
        if report.problems:
            raise CommandError(f"The audit chain is broken: {len(report.problems)} problems (listed above).")
        self.stdout.write("The audit chain is whole: no row has been changed or removed.")

    def partitions(self, connection, ahead: int) -> None:
        if not partitions.is_partitioned(connection):
            self.stdout.write("The audit table is not partitioned (only on PostgreSQL): nothing to do.")
            return
        made = partitions.ensure_ahead(connection, ahead=ahead)
        self.stdout.write(f"Made {len(made)} partitions" + (f": {', '.join(made)}." if made else "."))
        names = partitions.partitions(connection)
        self.stdout.write(f"{len(names)} partitions: {names[0]} ... {names[-1]}" if names else "No partitions.")
