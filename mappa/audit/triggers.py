"""Database triggers that refuse UPDATE and DELETE on audit events.

On PostgreSQL one statement trigger refuses UPDATE, DELETE and TRUNCATE; it also fires for the
update half of INSERT ... ON CONFLICT DO UPDATE and of MERGE, so those are refused as well. SQLite's
INSERT OR REPLACE (and REPLACE) removes the row it conflicts with without firing a delete trigger
(unless recursive_triggers is on), so there a third trigger refuses an insert whose id is taken.

Installed by a migration and again after every migrate: SQLite rebuilds a table when a column
is added, which drops its triggers, so they must be put back whatever the schema change.
"""
POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'audit events are append-only';
    END;
    $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update ON audit_auditevent",
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_auditevent
      FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_append_only()""",
]
SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_replace BEFORE INSERT ON audit_auditevent "
    "WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
]
SQLITE_NAMES = ["audit_auditevent_no_update", "audit_auditevent_no_delete", "audit_auditevent_no_replace"]


def install(connection) -> None:
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_auditevent'")
            return cursor.fetchone()[0] == len(SQLITE)
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_auditevent_no_update'")
            return cursor.fetchone()[0] == 1
    return False


def remove(connection) -> None:
    """Only for the test suite, whose transactional tests must empty every table afterwards."""
    statements = {
        "postgresql": ["DROP TRIGGER IF EXISTS audit_auditevent_no_update ON audit_auditevent"],
        "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_NAMES],
    }.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
