import contextlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mappa.audit import chain
from mappa.audit.models import AuditEvent
from mappa.core import backup


class Command(BaseCommand):
    help = ("Restore a backup made by `mappa backup` into an empty database (the configured one, or "
            "--database-url). A database that holds records is replaced only with --force.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")
        parser.add_argument("--database-url", help="restore into this database instead of DATABASE_URL's")
        parser.add_argument("--force", action="store_true",
                            help="replace everything in a database that already holds records")

    def handle(self, *args, file, database_url=None, force=False, **options):
        target = backup.database(database_url) if database_url else contextlib.nullcontext("default")
        with target as alias:
            try:
                backup.restore(alias, Path(file), force=force)
            except backup.BackupError as error:
                raise CommandError(str(error)) from None
            held = backup.holdings(alias)
            self.stdout.write("Restored " + ", ".join(f"{count} {label}" for label, count in held.items()) + ".")
            report = chain.verify(AuditEvent, using=alias)
        if report.problems:
            for line in report.problems[:20]:
                self.stdout.write(line)
            raise CommandError(f"Restored, but the audit chain in it is broken: {len(report.problems)} problems.")
        self.stdout.write(f"The audit chain verifies: {report.rows} rows in {len(report.chains)} monthly chains.")
