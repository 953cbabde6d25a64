"""The audit log's hash chain: each row carries a hash of every stored column of itself, including the
hash of the row before it in the same month's chain, so a row changed or removed behind the application's
back shows up when the chain is checked (`mappa audit verify`).

Rows are chained as they are written, one chain per calendar month (UTC) of `at`: the month is the unit
PostgreSQL will partition the table by, and a month's chain needs nothing from another. On PostgreSQL the
previous hash is read under a transaction-level advisory lock keyed by the month, taken just before the
insert and released when its transaction ends; on SQLite every write transaction already holds the
database's write lock (transaction_mode IMMEDIATE), which serialises writers in the same way.
"""
import datetime
import hashlib
import ipaddress
import json
from dataclasses import dataclass, field

from django.db import connections, models

HASHED_OUT = {"hash"}  # the hash itself; every other stored column is covered
LOCK_CLASS = 0x61756474  # "audt": the advisory-lock namespace of the audit chain (the month is the second key)


def month_of(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).strftime("%Y-%m")


def _plain(field_, value):
    """A column's value as JSON, the same whether it comes from the instance about to be written or
    from the row read back from either database."""
    if isinstance(field_, models.JSONField):
        return json.loads(json.dumps(value, cls=field_.encoder))
    value = field_.to_python(value)
    if value is None:
        return None
    if isinstance(field_, models.GenericIPAddressField):
        return str(ipaddress.ip_address(value))
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bool, int, str)):
        return value
    return str(value)  # Decimal, UUID, float: their text


def columns(event) -> dict:
    """Every stored column but the hash, by column name. A NULL is left out, so that a nullable column
    added later leaves the hashes of the rows written before it as they were."""
    values = {}
    for field_ in type(event)._meta.concrete_fields:
        if field_.name in HASHED_OUT:
            continue
        value = _plain(field_, getattr(event, field_.attname))
        if value is not None:
            values[field_.column] = value
    return values


def digest(event) -> str:
    canonical = json.dumps(columns(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _next_id(cursor, vendor: str, table: str) -> int:
    if vendor == "postgresql":
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
    else:  # SQLite AUTOINCREMENT: past every id ever used, as the database itself would choose
        cursor.execute(f'SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), '
                       f'coalesce((SELECT max(id) FROM "{table}"), 0)) + 1', [table])
    return cursor.fetchone()[0]


def link(event, using: str) -> None:
    """Give a new event its id, month, previous hash and hash. Call inside the transaction that inserts it."""
    connection = connections[using]
    table = type(event)._meta.db_table
    event.chain = month_of(event.at)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            year, month = event.chain.split("-")
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, int(year) * 100 + int(month)])
        event.id = _next_id(cursor, connection.vendor, table)
        cursor.execute(f'SELECT hash FROM "{table}" WHERE chain = %s{_month_range(connection)} ORDER BY id DESC LIMIT 1',
                       [event.chain, *_month_bounds(connection, event.chain)])
        row = cursor.fetchone()
    event.prev_hash = row[0] if row else ""
    event.hash = digest(event)


def link_many(events: list, using: str) -> None:
    """Give several new events of one moment (one `at`, so one month) their ids, previous hashes and hashes, in a
    fixed number of statements however many there are: the month's lock once, the ids in one read, the chain's last
    hash once, then each event chained to the one before it in memory. Call inside the transaction that inserts
    them, in the order given (their ids ascend in that order)."""
    if not events:
        return
    connection = connections[using]
    table = type(events[0])._meta.db_table
    month = month_of(events[0].at)
    if any(month_of(event.at) != month for event in events):
        raise ValueError("Events linked together must fall in one month's chain")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            year, number = month.split("-")
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, int(year) * 100 + int(number)])
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [table, len(events)])
            ids = sorted(row[0] for row in cursor.fetchall())
        else:  # SQLite: the write lock is held; the ids after the last ever used, as one insert at a time would take
            first = _next_id(cursor, connection.vendor, table)
            ids = list(range(first, first + len(events)))
        cursor.execute(f'SELECT hash FROM "{table}" WHERE chain = %s{_month_range(connection)} ORDER BY id DESC LIMIT 1',
                       [month, *_month_bounds(connection, month)])
        row = cursor.fetchone()
    previous = row[0] if row else ""
    for event, event_id in zip(events, ids):
        event.id, event.chain, event.prev_hash = event_id, month, previous
        event.hash = previous = digest(event)


def _month_range(connection) -> str:
    """On PostgreSQL the month's time range too, so that only the month's partition is read
    (mappa.audit.partitions); the chain column alone would ask every partition."""
    return " AND at >= %s AND at < %s" if connection.vendor == "postgresql" else ""


def _month_bounds(connection, month: str) -> list:
    if connection.vendor != "postgresql":
        return []
    from mappa.audit.partitions import month_bounds

    return list(month_bounds(month))


@dataclass
class Chain:
    rows: int = 0
    last_id: int | None = None
    last_hash: str = ""


@dataclass
class Report:
    chains: dict[str, Chain] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(chain.rows for chain in self.chains.values())


def _problems(event, chain: Chain) -> list[str]:
    where = f"Row {event.id} ({event.chain} chain, written {event.at:%Y-%m-%d %H:%M:%S} by {event.actor_name or 'nobody'})"
    if not event.hash:
        return [f"{where} has no hash: it was written without being chained."]
    found = []
    if event.chain != month_of(event.at):
        found.append(f"{where}: its month does not match its time, {event.at.isoformat()}.")
    if digest(event) != event.hash:
        found.append(f"{where}: its stored columns do not match its hash: it was changed after it was written.")
    if event.prev_hash != chain.last_hash:
        if chain.last_id is None:
            found.append(f"{where} is the first row left in its chain but was chained to an earlier row: "
                         "the rows before it in that month were deleted.")
        else:
            found.append(f"{where} was not chained to row {chain.last_id}, the row before it: a row between them "
                         f"was deleted, or row {chain.last_id} was rewritten along with its hash.")
    return found


def verify(model, using: str = "default", month: str | None = None) -> Report:
    """Check every chain (or one month's) in id order, reading each row once."""
    report = Report()
    rows = model._base_manager.using(using).order_by("id")
    if month:
        rows = rows.filter(chain=month)
    for event in rows.iterator(chunk_size=2000):
        chain = report.chains.setdefault(event.chain, Chain())
        report.problems += _problems(event, chain)
        chain.rows += 1
        chain.last_id, chain.last_hash = event.id, event.hash
    return report


def chain_existing(model, using: str) -> int:
    """Chain rows written before the chain existed, in id order, and say how many (a data migration; the
    append-only triggers must be off while it runs)."""
    heads: dict[str, str] = {}
    manager, last_id, done = model._base_manager.using(using), 0, 0
    while batch := list(manager.filter(id__gt=last_id).order_by("id")[:2000]):
        for event in batch:
            event.chain = month_of(event.at)
            event.prev_hash = heads.get(event.chain, "")
            event.hash = heads[event.chain] = digest(event)
        manager.bulk_update(batch, ["chain", "prev_hash", "hash"])
        last_id, done = batch[-1].id, done + len(batch)
    return done
