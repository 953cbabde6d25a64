"""How many prepared statements each PostgreSQL connection keeps (settings: MAPPA_DB_PREPARED).

psycopg prepares a statement the fifth time a connection runs it and keeps the last 100 it prepared. A web
thread serves every kind of page, and a home page, two case pages and a search already run about 150 different
statements, so with 100 each page's statements pushed out the last page's before they were used again. Each
connection keeps KEEP instead: about 15 MB of plans at most in its PostgreSQL process (a plan is tens of kB).
"""
from django.db.backends.signals import connection_created

KEEP = 500


def keep_prepared(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None:
        connection.connection.prepared_max = KEEP


def register() -> None:
    connection_created.connect(keep_prepared, dispatch_uid="keep-prepared-statements")
