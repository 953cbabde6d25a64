"""What has changed, as the database itself records it: a change number for each case, and one for everything
else a work list may rest on.

A work list kept between pages (a stored work queue) is right only while nothing it was worked out from has
changed. Every write to a case's records, whoever makes it and however (a service, a bulk update, a merge moving
rows, a migration), passes through the database, so triggers note it there: each table holding a case's records
gives the case a new change number (CaseChange.seq, from one ever-rising sequence) in the same transaction as the
write. Tables of records about no one case that a work list may still depend on (teams, users, covers, reference
data...) give the row of case 0 a new number instead: after one of those, every stored list is to be
worked out again. Tables that no work list reads (the audit log, sessions, sign-in attempts, background jobs) are
left alone, so that reading a case (which writes an audit row) changes nothing.

Every table must be placed in one of those groups: tests/test_changes.py fails on a table of none, so a new part
cannot forget to say whether its records change anyone's work. A case's number only ever changes to a new one;
a case never written since the triggers were installed has no row (its number is 0).
"""
from dataclasses import dataclass

from django.db import connection as default_connection

FUNCTION = "mappa_cases_changed"
PREFIX = "mappa_changed_"
EVERYTHING = 0  # the case number of the row that changes with records about no one case
TABLE = "core_casechange"


@dataclass(frozen=True)
class Via:
    """How a changed row names its case: its own `column` (nominal_id), or, with `table`, the `case` column of the
    rows of `table` whose `key` equals its `column` (a victim's contact entry: the victim's case)."""

    column: str
    table: str = ""
    key: str = "id"
    case: str = "nominal_id"

    def rows_sql(self, rows: str) -> str:
        """The case ids of the rows of the set `rows` (PostgreSQL's transition table)."""
        if not self.table:
            return f"SELECT r.{self.column} AS id FROM {rows} r"
        return f"SELECT t.{self.case} AS id FROM {rows} r JOIN {self.table} t ON t.{self.key} = r.{self.column}"

    def row_sql(self, row: str) -> str:
        """The case ids of the one row `row` (SQLite's NEW or OLD)."""
        if not self.table:
            return f"SELECT {row}.{self.column} AS id"
        return f"SELECT t.{self.case} AS id FROM {self.table} t WHERE t.{self.key} = {row}.{self.column}"


# Records of a case reached through another record, not a nominal_id of their own.
THROUGH = {
    "victims_contactentry": (Via("victim_id", "victims_victim"),),
    "victims_conditionrequest": (Via("victim_id", "victims_victim"),),
    "risk_peerreview": (Via("assessment_id", "risk_assessment"),),
    "intelligence_intelligencelink": (Via("item_id", "intelligence_intelligenceitem"), Via("person_id")),
    "arrangements_meeting": (Via("id", "arrangements_agendacase", key="meeting_id"),),
    "arrangements_attendee": (Via("meeting_id", "arrangements_agendacase", key="meeting_id"),),
}

# Records about no one case that a work list may rest on: a change to one changes every list. {table: the columns
# whose change counts, or () for any change}.
EVERYONE = {
    "accounts_area": (),
    "accounts_agency": (),
    "accounts_team": (),
    # Every column but USER_UNCOUNTED: who a user is, where they work and what they may do.
    "accounts_user": ("username", "first_name", "last_name", "email", "role", "agency_id", "team_id", "is_active",
                      "is_superuser", "is_staff", "date_joined", "job_title", "victim_liaison"),
    "core_referencesetting": (),
    "nominals_cover": (),
    "nominals_namevariant": (),
    "interventions_programme": (),
    "licences_cataloguecondition": (),
    "quality_themedaudit": (),
    "risk_instrumenttable": (),
    "risk_trainingrecord": (),
    "workforce_courserecord": (),
    "workforce_staffsupervision": (),
}

# Columns of accounts_user whose change counts for nothing: every sign-in writes last_login, and a new password
# changes no one's work. tests/test_changes.py checks that every other column is counted.
USER_UNCOUNTED = ("id", "last_login", "password")

# Tables that no work list reads, with why.
UNREAD = {
    TABLE: "the change numbers themselves",
    "core_storedwork": "the stored work lists, kept by what these numbers say",
    "core_storedworkstate": "the stored work lists, kept by what these numbers say",
    "audit_auditevent": "the audit log: every read of a case writes a row",
    "audit_refusedrequests": "counts of refused requests",
    "core_notification": "alerts to users, read live on the home page, not part of the work list",
    "arrangements_meetingpack": "a meeting's printed pack",
    "reports_snapshot": "built reports",
    "jobs_job": "background jobs", "jobs_workerbeat": "the task worker's heartbeat",
    "accounts_apitoken": "API tokens", "otp_totp_totpdevice": "second factors",
    "accounts_user_groups": "Django's groups, unused", "accounts_user_user_permissions": "Django's permissions, unused",
    "auth_group": "Django's groups, unused", "auth_group_permissions": "Django's groups, unused",
    "auth_permission": "Django's permissions, unused",
    "django_session": "sessions", "django_migrations": "migrations", "django_content_type": "content types",
    "axes_accessattempt": "sign-in attempts", "axes_accessfailurelog": "sign-in failures",
    "axes_accesslog": "sign-ins", "axes_accessattemptexpiration": "sign-in attempts",
}


def tables(connection) -> list[str]:
    """Every table of the database but the audit log's monthly partitions (the audit log is UNREAD)."""
    from mappa.audit import partitions

    parts = set(partitions.partitions(connection)) if connection.vendor == "postgresql" else set()
    return sorted(t for t in connection.introspection.table_names() if t not in parts)


def case_column(connection, table: str) -> str | None:
    """The column naming the case a row of `table` is about: nominal_id, or id for the register itself."""
    if table == "nominals_nominal":
        return "id"
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    return "nominal_id" if "nominal_id" in columns else None


def groups(connection) -> dict[str, dict]:
    """{"case": {table: (Via, ...)}, "everyone": {table: columns}, "unread": {...},
    "unplaced": {table: None}} for every table of the database."""
    found = {"case": {}, "everyone": {}, "unread": {}, "unplaced": {}}
    for table in tables(connection):
        if table in UNREAD:
            found["unread"][table] = UNREAD[table]
        elif table in EVERYONE:
            found["everyone"][table] = EVERYONE[table]
        elif table in THROUGH:
            found["case"][table] = THROUGH[table]
        elif column := case_column(connection, table):
            found["case"][table] = (Via(column),)
        else:
            found["unplaced"][table] = None
    return found


def install(connection=None) -> None:
    """The triggers on every table that has a case's records or that work lists rest on (again after a migration,
    which on SQLite may rebuild a table without them)."""
    connection = connection or default_connection
    placed = groups(connection)
    statements = _postgres(placed) if connection.vendor == "postgresql" else _sqlite(placed)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _postgres(placed: dict) -> list[str]:
    out = [f"""CREATE OR REPLACE FUNCTION {FUNCTION}(ids bigint[]) RETURNS void AS $$
        INSERT INTO {TABLE} (nominal_id, seq)
        SELECT id, nextval('{TABLE}_seq') FROM (SELECT DISTINCT id FROM unnest(ids) AS u(id) WHERE id IS NOT NULL ORDER BY id) c
        ON CONFLICT (nominal_id) DO UPDATE SET seq = excluded.seq
        $$ LANGUAGE sql"""]
    for table, cases in placed["case"].items():
        def changed(rows: str, cases=cases) -> str:
            return " UNION ".join(via.rows_sql(rows) for via in cases)

        out.append(f"""CREATE OR REPLACE FUNCTION {PREFIX}{table}() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'INSERT' THEN PERFORM {FUNCTION}(ARRAY({changed('new_rows')}));
              ELSIF TG_OP = 'DELETE' THEN PERFORM {FUNCTION}(ARRAY({changed('old_rows')}));
              ELSE PERFORM {FUNCTION}(ARRAY({changed('new_rows')} UNION {changed('old_rows')}));
              END IF;
              RETURN NULL;
            END $$ LANGUAGE plpgsql""")
        # A trigger with transition tables answers one kind of statement.
        for event, referencing in (("INSERT", "NEW TABLE AS new_rows"), ("DELETE", "OLD TABLE AS old_rows"),
                                   ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows")):
            name = f"{PREFIX}{event.lower()}"
            out += [f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
                    f'CREATE TRIGGER {name} AFTER {event} ON "{table}" REFERENCING {referencing} '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}{table}()"]
    out.append(f"""CREATE OR REPLACE FUNCTION {PREFIX}everyone() RETURNS trigger AS $$
        BEGIN PERFORM {FUNCTION}(ARRAY[{EVERYTHING}::bigint]); RETURN NULL; END $$ LANGUAGE plpgsql""")
    for table, columns in placed["everyone"].items():
        update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
        name = f"{PREFIX}everyone"
        out += [f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
                f'CREATE TRIGGER {name} AFTER INSERT OR {update} OR DELETE OR TRUNCATE ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}everyone()"]
    return out


def _sqlite_note(ids_sql: str) -> str:
    return (f"INSERT INTO {TABLE} (nominal_id, seq) SELECT id, (SELECT coalesce(max(seq), 0) FROM {TABLE}) + "
            f"row_number() OVER (ORDER BY id) FROM (SELECT DISTINCT id FROM ({ids_sql}) WHERE id IS NOT NULL) "
            f"WHERE true ON CONFLICT (nominal_id) DO UPDATE SET seq = excluded.seq;")


def _sqlite(placed: dict) -> list[str]:
    out = []
    for table, cases in placed["case"].items():
        for event, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["NEW", "OLD"])):
            # SQLite's triggers run for each row: the row is a one-row table here, as the transition table is there.
            ids = " UNION ".join(via.row_sql(row) for via in cases for row in rows)
            name = f"{PREFIX}{table}_{event.lower()}"
            out += [f"DROP TRIGGER IF EXISTS {name}",
                    f'CREATE TRIGGER {name} AFTER {event} ON "{table}" FOR EACH ROW BEGIN {_sqlite_note(ids)} END']
    for table, columns in placed["everyone"].items():
        for event in ("INSERT", "DELETE", f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"):
            name = f"{PREFIX}{table}_{event.split()[0].lower()}"
            out += [f"DROP TRIGGER IF EXISTS {name}",
                    f'CREATE TRIGGER {name} AFTER {event} ON "{table}" FOR EACH ROW BEGIN '
                    f"{_sqlite_note(f'SELECT {EVERYTHING} AS id')} END"]
    return out


def number_of(case_ref):
    """A case's change number as an expression over `case_ref` (an OuterRef to a case id column), 0 as of_cases."""
    from django.db.models import Subquery, Value
    from django.db.models.functions import Coalesce

    from mappa.core.models import CaseChange

    return Coalesce(Subquery(CaseChange.objects.filter(nominal_id=case_ref).values("seq")[:1]), Value(0))


def of_cases(ids) -> dict[int, int]:
    """{case id: its change number} for the cases of `ids`; 0 for one not changed since the triggers were put in."""
    from mappa.core.lookups import Many
    from mappa.core.models import CaseChange

    ids = list(ids)
    found = dict(CaseChange.objects.filter(nominal_id__any=Many(ids)).values_list("nominal_id", "seq")) if ids else {}
    return {pk: found.get(pk, 0) for pk in ids}


def of_everything() -> int:
    """The change number of the records about no one case (teams, covers, reference data...)."""
    return of_cases([EVERYTHING])[EVERYTHING]
