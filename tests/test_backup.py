"""A backup restored into an empty database holds every record, version and audit row, and its audit chain
verifies (PostgreSQL when DATABASE_URL names it: pg_dump and pg_restore; SQLite otherwise: the backup API)."""
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from mappa.audit import chain
from mappa.audit.models import AuditEvent
from mappa.core import backup


def contents(alias):
    """Every row of the project's tables, by primary key, with its version where it has one."""
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("mappa."):
            continue
        fields = ["pk", "version"] if any(f.name == "version" for f in model._meta.concrete_fields) else ["pk"]
        if model is AuditEvent:
            fields = ["pk", "hash"]
        found[model._meta.label] = set(model._base_manager.using(alias).values_list(*fields))
    return found


@pytest.fixture
def empty_database(tmp_path):
    """A second, empty database, by URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_every_record_version_and_audit_row(transactional_db, world, tmp_path, empty_database):
    before = contents("default")
    assert before["audit.AuditEvent"] and before["nominals.Nominal"]
    file = tmp_path / "mappa.backup"
    call_command("backup", "--output", str(file))
    assert file.stat().st_mode & 0o077 == 0  # the owner's alone
    assert AuditEvent.objects.filter(object_label="Backup of the whole database").exists()  # audited as an export

    call_command("restore", str(file), "--database-url", empty_database)
    with backup.database(empty_database) as alias:
        assert contents(alias) == before
        report = chain.verify(AuditEvent, using=alias)
        assert report.problems == [] and report.rows == len(before["audit.AuditEvent"])

    with pytest.raises(CommandError, match="already holds records .* --force"):
        call_command("restore", str(file), "--database-url", empty_database)
    call_command("restore", str(file), "--database-url", empty_database, "--force")
    with backup.database(empty_database) as alias:
        assert contents(alias) == before


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("hello")
    with pytest.raises(CommandError, match="is not a mappa backup"):
        call_command("restore", str(file))
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore", str(tmp_path / "missing"))


def test_an_existing_output_file_is_not_overwritten(db, tmp_path):
    file = tmp_path / "taken"
    file.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--output", str(file))
    assert file.read_text() == "keep me"
