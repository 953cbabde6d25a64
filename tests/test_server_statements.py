"""PostgreSQL statements bound and prepared on the server (settings: MAPPA_DB_PREPARED; core/server_statements.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from mappa.core import server_statements

ROOT = Path(__file__).resolve().parent.parent


def database_options(**env) -> str:
    """The default database's OPTIONS as mappa.settings makes them in a fresh interpreter with `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MAPPA_", "DJANGO_"))}
    clean.update(env, PYTHONPATH=str(ROOT), MAPPA_VAR_DIR=str(ROOT / "var"), MAPPA_DEMO="1")
    done = subprocess.run([sys.executable, "-c", "from mappa import settings; print(sorted(settings.DATABASES['default']['OPTIONS'].items()))"],
                          env=clean, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_postgresql_statements_are_bound_and_prepared_on_the_server_unless_turned_off():
    on = database_options(DATABASE_URL="postgres://nobody@localhost/nothing")
    assert "('prepare_threshold', 5)" in on and "('server_side_binding', True)" in on
    off = database_options(DATABASE_URL="postgres://nobody@localhost/nothing", MAPPA_DB_PREPARED="off")
    assert "prepare_threshold" not in off and "server_side_binding" not in off
    assert "prepare" not in database_options(DATABASE_URL="sqlite:///:memory:")  # SQLite has no such thing


def prepared_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_a_connection_keeps_the_statements_of_many_pages_prepared(world, login):
    if connection.vendor != "postgresql":
        pytest.skip("run with DATABASE_URL=postgres://...")
    connection.ensure_connection()
    assert connection.connection.prepared_max == server_statements.KEEP
    client = login(world.om)
    pages = [reverse("home"), reverse("nominals:detail", args=[world.case.pk]), reverse("nominals:search") + "?q=test",
             reverse("nominals:item_list", args=[world.case.pk, "activities"])]
    for _ in range(6):  # psycopg prepares a statement the fifth time the connection runs it
        for page in pages:
            assert client.get(page).status_code == 200
    # The four pages' statements are prepared and kept side by side.
    assert prepared_count() > 40
