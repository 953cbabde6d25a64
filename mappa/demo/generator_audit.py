"""A realistic audit history for the synthetic register (`mappa generate --audit-rows N`), for the bench's
audit-heavy scenarios: who viewed my cases, a case's access log, a supervisor's views of the team's cases.

Every case read writes a row, so most rows are reads of case pages and their parts, by the people who work the
case: its manager most, then colleagues of the team, the team's supervisors and partners of other agencies in
the area; then searches, changes, exports and sign-ins. Rows fall in the whole months before this one (this
month's chain is left to the service), at working hours more than at night, and a few cases draw far more
reads than the rest (the long-history benchmark case most of all). Each month's rows are chained exactly as
the service chains them (mappa.audit.chain), after whatever the month already holds, so `mappa audit verify`
passes, and written with COPY into the month's partition (made first) on PostgreSQL.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import random
import sys
import time

from django.db import connection, transaction

from mappa.accounts.models import AgencyKind, Role, User
from mappa.audit import chain, partitions
from mappa.audit.models import Action, AuditEvent
from mappa.nominals.models import Identifier, IdentifierKind, Nominal
from mappa.nominals.names import normalise_identifier

# (action, share of rows): reads dominate, as they do in a case-management service.
ACTIONS = [(Action.VIEW, 0.82), (Action.SEARCH, 0.07), (Action.UPDATE, 0.05), (Action.CREATE, 0.03),
           (Action.SIGN_IN, 0.025), (Action.EXPORT, 0.005)]
# What a read was of (details "what"), beside the case page itself (no "what").
VIEWS = [None, None, None, "Activity log", "Addresses", "change history", "Risk page", "MAPPA page", "Orders overview"]
# Who reads a case: its manager, a colleague of its team, a supervisor of the team, a partner in the area.
READERS = [("manager", 0.5), ("team", 0.22), ("supervisor", 0.12), ("partner", 0.16)]
BROWSERS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Edg/131.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"]
COLUMNS = ["id", "at", "actor_id", "actor_name", "actor_agency", "action", "object_type", "object_id", "object_label",
           "nominal_id", "handling", "agency_id", "ip_address", "user_agent", "channel", "request_id", "reason",
           "changes", "details", "chain", "prev_hash", "hash"]
LARGE_SHARE = 0.003  # of the rows: reads of the long-history benchmark case


def default_rows(nominals: int) -> int:
    """Eight rows for each person on the register: 2 million for the national 250,000."""
    return nominals * 8


class People:
    """Who may read each case, loaded once from the register."""

    def __init__(self, rng: random.Random):
        users = list(User.objects.filter(is_active=True, team__isnull=False)
                     .values_list("pk", "first_name", "last_name", "username", "role", "team_id", "team__area_id",
                                  "agency__name", "agency__kind"))
        self.name = {u[0]: (f"{u[1]} {u[2]}".strip() or u[3], u[7] or "") for u in users}
        self.team, self.supervisors, self.partners = {}, {}, {}
        for pk, _f, _l, _u, role, team, area, _a, kind in users:
            if role == Role.SUPERVISOR:
                self.supervisors.setdefault(team, []).append(pk)
            elif role == Role.PRACTITIONER:
                self.team.setdefault(team, []).append(pk)
                if kind != AgencyKind.PROBATION:
                    self.partners.setdefault(area, []).append(pk)
        self.everyone = [u[0] for u in users]
        cases = Nominal.objects.filter(merged_into__isnull=True).values_list(
            "pk", "manager_id", "team_id", "team__area_id", "first_name", "last_name")
        self.cases = list(cases)
        rng.shuffle(self.cases)
        large = (Identifier.objects.filter(kind=IdentifierKind.NATIONAL, normalised=normalise_identifier("BENCH-LARGE"))
                 .values_list("nominal_id", flat=True).first())
        self.large = next((c for c in self.cases if c[0] == large), None)

    def case(self, rng: random.Random):
        """A case, a few of them far more often than the rest (a quarter of reads go to 2% of cases)."""
        if self.large and rng.random() < LARGE_SHARE:
            return self.large
        if rng.random() < 0.25:
            return self.cases[rng.randrange(max(1, len(self.cases) // 50))]
        return self.cases[rng.randrange(len(self.cases))]

    def reader(self, case, rng: random.Random) -> int:
        _pk, manager, team, area, _f, _l = case
        who = rng.choices([r for r, _ in READERS], weights=[w for _, w in READERS])[0]
        pools = {"manager": [manager] if manager else [], "team": self.team.get(team, []),
                 "supervisor": self.supervisors.get(team, []), "partner": self.partners.get(area, [])}
        pool = pools[who] or pools["team"] or self.everyone
        return rng.choice(pool)


def _moment(month: str, rng: random.Random) -> datetime.datetime:
    """A time in the month, in working hours nine times in ten."""
    start, end = partitions.month_bounds(month)
    day = start + datetime.timedelta(days=rng.randrange((end - start).days))
    seconds = rng.randrange(8 * 3600, 18 * 3600) if rng.random() < 0.9 else rng.randrange(86400)
    return day + datetime.timedelta(seconds=seconds, microseconds=rng.randrange(1_000_000))


def _pick(choices, rng: random.Random):
    """One of [(value, weight)], by weight (the weights add up to 1)."""
    r, total = rng.random(), 0.0
    for value, weight in choices:
        total += weight
        if r < total:
            return value
    return choices[-1][0]


def _event(people: People, at: datetime.datetime, rng: random.Random) -> dict:
    """One row's columns (no id, chain or hashes yet), as the service would have written them."""
    action = _pick(ACTIONS, rng)
    case = people.case(rng)
    actor = people.reader(case, rng)
    name, agency = people.name[actor]
    pk, _m, _t, _a, first, last = case
    row = {"at": at, "actor_id": actor, "actor_name": name, "actor_agency": agency, "action": str(action),
           "object_type": "", "object_id": "", "object_label": "", "nominal_id": None, "handling": "", "agency_id": None,
           "ip_address": f"10.{actor // 65536 % 256}.{actor // 256 % 256}.{actor % 256}",
           "user_agent": BROWSERS[actor % len(BROWSERS)], "channel": "api" if rng.random() < 0.08 else "web",
           "request_id": f"{rng.getrandbits(128):032x}", "reason": "", "changes": {}, "details": {}}
    if action in (Action.VIEW, Action.EXPORT):
        what = rng.choice(VIEWS) if action == Action.VIEW else None
        row.update(object_type="nominal", object_id=str(pk), object_label=f"{first} {last}".strip(), nominal_id=pk,
                   details={"what": what} if what else ({"format": "pdf"} if action == Action.EXPORT else {}))
    elif action == Action.SEARCH:
        row["details"] = {"q": last, "results": rng.randrange(1, 25)}
    elif action in (Action.UPDATE, Action.CREATE):
        row.update(object_type="activity", object_id=str(rng.randrange(1, 10**7)), object_label="Case note", nominal_id=pk)
        if action == Action.UPDATE:
            row.update(changes={"summary": ["Case note", "Case note (corrected)"]}, details={"version": rng.randrange(2, 6)})
    return row


def _digest(row: dict) -> str:
    """chain.digest of the row, without making a model instance for each of millions of rows (the first row
    of each month is checked against chain.digest itself)."""
    values = {k: v for k, v in row.items() if v is not None and k != "hash"}
    values["at"] = row["at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _as_event(row: dict) -> AuditEvent:
    return AuditEvent(**row)


def generate_audit(rows: int, *, seed: int = 1, months: int = 12, today: datetime.date | None = None,
                   progress: bool = True, log=None) -> dict:
    """Write `rows` audit events over the `months` whole months before `today`'s month. Returns rows by month."""
    log = log or (lambda message: print(message, file=sys.stderr))
    rng = random.Random(f"audit:{seed}")
    today = today or datetime.datetime.now(datetime.UTC).date()
    first = partitions.months_from(f"{today:%Y-%m}", 1)[0]
    year, number = map(int, first.split("-"))
    back = (year * 12 + number - 1) - months
    chosen = partitions.months_from(f"{back // 12:04d}-{back % 12 + 1:02d}", months)
    started = time.monotonic()
    people = People(rng)
    if not people.cases:
        raise RuntimeError("The register holds no people: generate it first")
    partitions.ensure(connection, chosen)
    done = {}
    for index, month in enumerate(chosen):
        count = rows // months + (1 if index < rows % months else 0)
        done[month] = _write_month(month, count, people, rng)
        if progress:
            log(f"  audit {month}: {count:,} rows ({time.monotonic() - started:.0f}s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{AuditEvent._meta.db_table}"')
    return done


def _write_month(month: str, count: int, people: People, rng: random.Random) -> int:
    """One month's rows, in time order, chained after the month's last row, in one transaction."""
    times = sorted(_moment(month, rng) for _ in range(count))
    table = AuditEvent._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            year, number = month.split("-")
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [chain.LOCK_CLASS, int(year) * 100 + int(number)])
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", [count])
            ids = [row[0] for row in cursor.fetchall()]
        else:
            cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
            start = cursor.fetchone()[0] + 1
            ids = list(range(start, start + count))
        cursor.execute(f'SELECT hash FROM "{table}" WHERE chain = %s ORDER BY id DESC LIMIT 1', [month])
        row = cursor.fetchone()
        head = row[0] if row else ""
        def chained():
            nonlocal head
            for pk, at in zip(ids, times):
                row = _event(people, at, rng)
                row.update(id=pk, chain=month, prev_hash=head)
                row["hash"] = head = _digest(row)
                if pk == ids[0] and chain.digest(_as_event(row)) != row["hash"]:
                    raise RuntimeError("The audit generator's hashes no longer match mappa.audit.chain.digest")
                yield row

        if connection.vendor == "postgresql":
            if _is_superuser(cursor):
                cursor.execute("SET LOCAL session_replication_role = replica")  # actors are users: no check per row
            cols = ", ".join(f'"{c}"' for c in COLUMNS)
            with cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in chained():
                    copy.write_row(tuple(json.dumps(row[c]) if c in ("changes", "details") else row[c] for c in COLUMNS))
        else:
            batch = []
            for row in chained():
                batch.append(_as_event(row))
                if len(batch) == 2000:
                    AuditEvent.objects.bulk_create(batch)
                    batch = []
            AuditEvent.objects.bulk_create(batch)
    return count


def _is_superuser(cursor) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])
