"""Database triggers that refuse UPDATE and DELETE on audit events.

On PostgreSQL one statement trigger refuses UPDATE, DELETE and TRUNCATE; it also fires for the
update half of INSERT ... ON CONFLICT DO UPDATE and of MERGE, so those are refused as well. SQLite's
INSERT OR REPLACE (and REPLACE) removes the row it conflicts with without firing a delete trigger
(unless recursive_triggers is on), so there a third trigger refuses an insert whose id is taken.

On PostgreSQL the table is partitioned by month (mappa.audit.partitions). A statement trigger on the
partitioned table fires only for statements naming it, so each partition carries the same trigger too:
an UPDATE naming a month's partition directly is refused like one naming the table.

Installed by a migration and again after every migrate: SQLite rebuilds a table when a column
is added, which drops its triggers, so they must be put back whatever the schema change.
"""
NAME = "audit_auditevent_no_update"
FUNCTION = """CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'audit events are append-only';
    END;
    $$ LANGUAGE plpgsql"""


def _postgres(table: str) -> list[str]:
    return [
        f'DROP TRIGGER IF EXISTS {NAME} ON "{table}"',
        f"""CREATE TRIGGER {NAME} BEFORE UPDATE OR DELETE OR TRUNCATE ON "{table}"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_append_only()""",
    ]


POSTGRES = [FUNCTION, *_postgres("audit_auditevent")]
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


def _tables(connection) -> list[str]:
    from mappa.audit import partitions

    return ["audit_auditevent", *partitions.partitions(connection)]


def install(connection, tables=None) -> None:
    """The triggers on the audit table and (PostgreSQL) on each partition, or only on the `tables` named."""
    if connection.vendor == "postgresql":
        statements = [FUNCTION] + [sql for table in (tables or _tables(connection)) for sql in _postgres(table)]
    else:
        statements = SQLITE if connection.vendor == "sqlite" else []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def installed(connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_auditevent'")
            return cursor.fetchone()[0] == len(SQLITE)
        if connection.vendor == "postgresql":
            tables = _tables(connection)
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = %s AND tgrelid = ANY(%s::regclass[])",
                           [NAME, tables])
            return cursor.fetchone()[0] == len(tables)
    return False


def remove(connection) -> None:
    """Only for the test suite, whose transactional tests must empty every table afterwards."""
    if connection.vendor == "postgresql":
        statements = [f'DROP TRIGGER IF EXISTS {NAME} ON "{table}"' for table in _tables(connection)]
    else:
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_NAMES] if connection.vendor == "sqlite" else []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
