"""The audit table partitioned by month on PostgreSQL (declarative range partitioning on `at`, in UTC).

Every case read writes a row, so a national service writes hundreds of millions a year. One partition per
calendar month keeps each month's indexes small, lets a query for recent reads ("who viewed my cases", the
last 30 days) touch only the months it covers, and lets an old month be archived by detaching its partition.
A month's partition holds exactly the month's hash chain (mappa.audit.chain), so each can be verified alone.

Partitions are made ahead of time: for this month and the next AHEAD months after every `migrate`, by each
task worker once an hour, and by `mappa audit partitions`. A row for a month with no partition still goes in:
into the default partition, from which the month's rows are moved when its partition is made.

The primary key on PostgreSQL is (id, at): a partitioned table's unique keys must include the partition key.
Django's model keeps `id` as its primary key, which is safe: every id comes from the one sequence (taken by
chain.link under the month's lock), no two rows share one, and the append-only triggers stop any row's id or
time being changed afterwards. On SQLite nothing changes: one table, `id` its key.
"""
import datetime

from django.db import transaction

from mappa.audit import triggers

TABLE = "audit_auditevent"
DEFAULT = f"{TABLE}_default"
AHEAD = 3  # months made ahead of the current one


def month_bounds(month: str) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of a month (YYYY-MM, UTC) and of the month after it."""
    year, number = map(int, month.split("-"))
    start = datetime.datetime(year, number, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=datetime.UTC)
    return start, end


def bounds_sql(month: str) -> str:
    """A partition's bounds written into the statement: DDL takes no parameters when they are bound by the server
    (settings: server-side binding), and these are instants month_bounds makes from two whole numbers."""
    start, end = month_bounds(month)
    return f"FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"


def months_from(month: str, count: int) -> list[str]:
    """`month` and the count-1 months after it."""
    year, number = map(int, month.split("-"))
    found = []
    for step in range(count):
        y, m = divmod(number - 1 + step, 12)
        found.append(f"{year + y:04d}-{m + 1:02d}")
    return found


def name_of(month: str) -> str:
    return f"{TABLE}_{month.replace('-', '_')}"


def is_partitioned(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return bool(row and row[0] == "p")


def partitions(connection) -> list[str]:
    """The names of the partitions, the default one included (none when the table is not partitioned)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname", [TABLE])
        return [row[0] for row in cursor.fetchall()]


def ensure(connection, months) -> list[str]:
    """Make the partitions of these months (YYYY-MM) that do not exist yet; returns the months made. Rows of a
    month that went into the default partition meanwhile are moved into the new one, unchanged (their hashes
    hold), in the same transaction."""
    if not is_partitioned(connection):
        return []
    existing, made = set(partitions(connection)), []
    for month in months:
        name = name_of(month)
        if name in existing:
            continue
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            _make(cursor, month, name)
        triggers.install(connection, tables=[name])
        made.append(month)
    return made


def _make(cursor, month: str, name: str) -> None:
    start, end = month_bounds(month)
    cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{DEFAULT}" WHERE at >= %s AND at < %s)', [start, end])
    if not cursor.fetchone()[0]:
        cursor.execute(f'CREATE TABLE "{name}" PARTITION OF "{TABLE}" FOR VALUES {bounds_sql(month)}')
        return
    # The month's rows are in the default partition: copy them into a new table, remove them from the default
    # partition (its append-only trigger lifted for this one statement) and attach the table as the month.
    # Checks of foreign keys deferred to the end of the transaction are made now: the ALTERs need none pending.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f'CREATE TABLE "{name}" (LIKE "{TABLE}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)')
    cursor.execute(f'INSERT INTO "{name}" SELECT * FROM "{DEFAULT}" WHERE at >= %s AND at < %s', [start, end])
    cursor.execute(f'ALTER TABLE "{DEFAULT}" DISABLE TRIGGER {triggers.NAME}')
    cursor.execute(f'DELETE FROM "{DEFAULT}" WHERE at >= %s AND at < %s', [start, end])
    cursor.execute(f'ALTER TABLE "{DEFAULT}" ENABLE TRIGGER {triggers.NAME}')
    cursor.execute(f'ALTER TABLE "{TABLE}" ATTACH PARTITION "{name}" FOR VALUES {bounds_sql(month)}')


def ensure_ahead(connection, today: datetime.date | None = None, ahead: int = AHEAD) -> list[str]:
    """This month's partition and the next `ahead` months'."""
    today = today or datetime.datetime.now(datetime.UTC).date()
    return ensure(connection, months_from(f"{today:%Y-%m}", ahead + 1))


def partition_table(connection) -> None:
    """Turn the unpartitioned audit table into a partitioned one with the same columns, rows, indexes, foreign
    keys and triggers (the migration). The ids go on from the same number, now from a sequence of the new table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes i WHERE i.tablename = %s AND i.indexname NOT IN "
                       "(SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s) AND contype = 'p')",
                       [TABLE, TABLE])
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = to_regclass(%s) AND contype = 'f'", [TABLE])
        foreign_keys = cursor.fetchall()
        cursor.execute(f'SELECT DISTINCT to_char(at AT TIME ZONE \'UTC\', \'YYYY-MM\') FROM "{TABLE}"')
        months = {row[0] for row in cursor.fetchall()}
        old = f"{TABLE}_unpartitioned"
        cursor.execute(f'ALTER TABLE "{TABLE}" RENAME TO "{old}"')
        cursor.execute(f'CREATE TABLE "{TABLE}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE) '
                       "PARTITION BY RANGE (at)")
        cursor.execute(f'CREATE TABLE "{DEFAULT}" PARTITION OF "{TABLE}" DEFAULT')
        this_month = f"{datetime.datetime.now(datetime.UTC):%Y-%m}"
        for month in sorted(months | set(months_from(this_month, AHEAD + 1))):
            cursor.execute(f'CREATE TABLE "{name_of(month)}" PARTITION OF "{TABLE}" FOR VALUES {bounds_sql(month)}')
        cursor.execute(f'INSERT INTO "{TABLE}" SELECT * FROM "{old}"')
        cursor.execute(f'SELECT max(id) FROM "{TABLE}"')
        last = cursor.fetchone()[0]
        cursor.execute(f'DROP TABLE "{old}"')  # and the identity sequence that gave its ids
        cursor.execute(f'CREATE SEQUENCE "{TABLE}_id_seq" OWNED BY "{TABLE}".id')
        cursor.execute(f"SELECT setval('{TABLE}_id_seq', %s, %s)", [last or 1, last is not None])
        cursor.execute(f"ALTER TABLE \"{TABLE}\" ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
        cursor.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{TABLE}_pkey" PRIMARY KEY (id, at)')
        for sql in indexes:
            cursor.execute(sql)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{name}" {definition}')
    triggers.install(connection)
