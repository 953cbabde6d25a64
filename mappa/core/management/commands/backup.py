import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from mappa.audit.models import Action
from mappa.audit.services import record
from mappa.core import backup


class Command(BaseCommand):
    help = ("Back up the whole database to a file: pg_dump's custom format on PostgreSQL, SQLite's online "
            "backup on SQLite. The file holds every case: keep it as safe as the database.")

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the file to write (default: var/backups/mappa-<date>-<time>.dump "
                                             "or .sqlite3); it must not exist yet")

    def handle(self, *args, output=None, **options):
        path = Path(output) if output else backup.default_output(connections["default"].vendor)
        try:
            backup.backup("default", path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        # A copy of every case has left the service: that is an export, and it is audited.
        record(None, Action.EXPORT, label="Backup of the whole database",
               details={"file": str(path.resolve()), "system_user": getpass.getuser()})
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
