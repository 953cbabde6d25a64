"""PostgreSQL statements bound and prepared on the server (settings: MAPPA_DB_PREPARED; core/server_statements.py)."""
import pytest
from django.db import connection
from django.urls import reverse

from mappa.core import server_statements
from tests.conftest import start_settings


def database_options(**env) -> str:
    """The default database's OPTIONS as mappa.settings makes them in a fresh interpreter with `env`."""
    done = start_settings("from mappa import settings; print(sorted(settings.DATABASES['default']['OPTIONS'].items()))",
                          MAPPA_DEMO="1", **env)
    assert done.returncode == 0, done.stderr
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
