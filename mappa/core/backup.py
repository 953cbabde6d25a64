"""Backing up and restoring the whole database: `mappa backup` and `mappa restore`.

PostgreSQL: pg_dump's custom format, read back by pg_restore into an empty database (or one with the
tables but no records) in a single transaction. SQLite: SQLite's online backup API, which copies a
consistent snapshot while the service keeps running, in both directions.

A backup holds every case: the file is created readable by its owner only.
"""
import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.utils import load_backend
from django.utils import timezone

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, said plainly."""


def default_output(vendor: str) -> Path:
    suffix = "dump" if vendor == "postgresql" else "sqlite3"
    return settings.VAR_DIR / "backups" / f"mappa-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"


@contextlib.contextmanager
def database(url: str):
    """A connection alias for a database named by URL (another than the configured one), while in use."""
    import dj_database_url

    alias = "mappa_backup_target"
    config = dj_database_url.parse(url)
    for key, value in [("ATOMIC_REQUESTS", False), ("AUTOCOMMIT", True), ("CONN_MAX_AGE", 0),
                       ("CONN_HEALTH_CHECKS", False), ("OPTIONS", {}), ("TIME_ZONE", None), ("TEST", {})]:
        config.setdefault(key, value)
    # A connection of this thread only, not a configured alias: it lasts as long as it is needed.
    connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


def holdings(alias: str) -> dict[str, int]:
    """The records a database holds, by kind (none if it has no tables yet)."""
    from mappa.accounts.models import User
    from mappa.audit.models import AuditEvent
    from mappa.nominals.models import Nominal

    tables = set(connections[alias].introspection.table_names())
    return {label: model._base_manager.using(alias).count()
            for label, model in [("people", Nominal), ("users", User), ("audit rows", AuditEvent)]
            if model._meta.db_table in tables}


def _private_file(path: Path) -> None:
    """Create the file empty, readable and writable by its owner only; refuse to overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise BackupError(f"{path} already exists: name another file with --output") from None


def backup(alias: str, output: Path) -> Path:
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups are made of PostgreSQL and SQLite databases, not {vendor}")
    _private_file(output)
    try:
        (_pg_backup if vendor == "postgresql" else _sqlite_backup)(alias, output)
    except BaseException:
        output.unlink(missing_ok=True)
        raise
    return output


def restore(alias: str, source: Path, force: bool = False) -> None:
    connection = connections[alias]
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}")
    with source.open("rb") as file:
        start = file.read(len(SQLITE_MAGIC))
    made_by = "postgresql" if start.startswith(PG_MAGIC) else "sqlite" if start == SQLITE_MAGIC else None
    if made_by is None:
        raise BackupError(f"{source} is not a mappa backup (neither a pg_dump custom-format file nor SQLite)")
    if made_by != connection.vendor:
        raise BackupError(f"{source} is a {made_by} backup; the database to restore into is {connection.vendor}")
    held = holdings(alias)
    if any(held.values()) and not force:
        counts = ", ".join(f"{count} {label}" for label, count in held.items() if count)
        raise BackupError(f"The database {connection.settings_dict['NAME']} already holds records ({counts}). "
                          "Restoring replaces everything in it: run again with --force to do that.")
    connection.close()
    (_pg_restore if made_by == "postgresql" else _sqlite_restore)(alias, source, replace=bool(held))
    connection.close()


# SQLite: the online backup API, page by page, through the open connection.

def _sqlite_backup(alias: str, output: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(output)
    try:
        connection.connection.backup(target)
        if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"The copy in {output} does not read back whole")
    finally:
        target.close()


def _sqlite_restore(alias: str, source: Path, replace: bool) -> None:
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    connection = connections[alias]
    try:
        if backup_file.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is damaged: SQLite's check of it failed")
        connection.ensure_connection()
        backup_file.backup(connection.connection)
    finally:
        backup_file.close()


# PostgreSQL: pg_dump and pg_restore, connected as the application is (libpq environment variables,
# so no password appears on a command line).

def _server_major(alias: str) -> int:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.pg_version // 10000


def pg_tool(name: str, server_major: int) -> str:
    """The pg_dump or pg_restore to use: the server's own version's if installed, else the one on the PATH,
    which must be at least the server's version."""
    versioned = Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")
    found = str(versioned) if versioned.exists() else shutil.which(name)
    install = f"install the PostgreSQL {server_major} client (on Debian: apt install postgresql-client-{server_major})"
    if not found:
        raise BackupError(f"{name} was not found on this machine: {install}")
    text = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
    major = int(re.search(r"(\d+)(\.\d+)?", text).group(1))
    if major < server_major:
        raise BackupError(f"{found} is PostgreSQL {major}, older than the database server ({server_major}): {install}")
    return found


def _pg_environment(alias: str) -> dict:
    config = connections[alias].settings_dict
    options = config.get("OPTIONS", {})
    values = {"PGHOST": config.get("HOST"), "PGPORT": config.get("PORT"), "PGUSER": config.get("USER"),
              "PGPASSWORD": config.get("PASSWORD"), "PGSSLMODE": options.get("sslmode")}
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(command: list[str], alias: str, what: str) -> str:
    done = subprocess.run(command, env=_pg_environment(alias), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _pg_backup(alias: str, output: Path) -> None:
    major = _server_major(alias)
    name = connections[alias].settings_dict["NAME"]
    _run([pg_tool("pg_dump", major), "--format=custom", "--no-password", f"--file={output}", f"--dbname={name}"],
         alias, "pg_dump")
    _run([pg_tool("pg_restore", major), "--list", str(output)], alias, "Reading the backup back")


def _pg_restore(alias: str, source: Path, replace: bool) -> None:
    major = _server_major(alias)
    name = connections[alias].settings_dict["NAME"]
    connections[alias].close()
    command = [pg_tool("pg_restore", major), "--no-password", "--no-owner", "--no-privileges", "--exit-on-error"]
    if not replace:
        _run([*command, "--single-transaction", f"--dbname={name}", str(source)], alias, "pg_restore")
        return
    # Tables already there (records in them only with --force): dropped and made again. pg_restore --clean
    # cannot drop the audit table's partitions (mappa.audit.partitions) key by key, so the audit table goes
    # whole first, in the same transaction: pg_restore writes the statements and psql runs them after the
    # drop, all or nothing.
    script = subprocess.Popen([*command, "--clean", "--if-exists", "--file=-", str(source)], env=_pg_environment(alias),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = subprocess.run([pg_tool("psql", major), "--no-password", "--no-psqlrc", "--quiet", "--single-transaction",
                           "--set=ON_ERROR_STOP=1", f"--dbname={name}", "--command=DROP TABLE IF EXISTS audit_auditevent CASCADE",
                           "--file=-"], stdin=script.stdout, env=_pg_environment(alias), capture_output=True, text=True)
    script.stdout.close()
    errors = script.stderr.read().decode(errors="replace")
    if script.wait() != 0 or done.returncode != 0:
        raise BackupError(f"pg_restore failed: {errors.strip() or done.stderr.strip() or done.stdout.strip()}")
