"""On PostgreSQL the audit table is partitioned by month (mappa.audit.partitions): rows go into their month's
partition, a month without one still takes rows (the default partition) and they move when its partition is
made, every partition refuses changes like the table, and the hash chain holds throughout."""
import datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from mappa.audit import chain, partitions
from mappa.audit.models import Action, AuditEvent
from mappa.audit.services import record

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("partitioning is PostgreSQL's: run with DATABASE_URL=postgres://...")


def partition_of(event_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event_id])
        return cursor.fetchone()[0]


def test_the_table_is_partitioned_by_month_with_a_key_holding_the_month(db):
    assert partitions.is_partitioned(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'audit_auditevent'::regclass "
                       "AND contype = 'p'")
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, at)"
    names = partitions.partitions(connection)
    this_month = f"{datetime.datetime.now(datetime.UTC):%Y-%m}"
    assert partitions.DEFAULT in names
    assert {partitions.name_of(m) for m in partitions.months_from(this_month, partitions.AHEAD + 1)} <= set(names)


def test_a_row_goes_into_its_months_partition(world):
    event = record(world.om, Action.VIEW, world.case, nominal=world.case)
    assert partition_of(event.id) == partitions.name_of(event.chain)


def test_a_month_without_a_partition_takes_rows_and_they_move_when_it_is_made(world):
    later = datetime.datetime(2031, 5, 14, 10, 30, tzinfo=datetime.UTC)
    events = [AuditEvent(at=later + datetime.timedelta(minutes=i), actor=world.om, action=Action.VIEW, nominal=world.case)
              for i in range(3)]
    for event in events:
        event.save()
    assert {partition_of(e.id) for e in events} == {partitions.DEFAULT}

    assert partitions.ensure(connection, ["2031-05"]) == ["2031-05"]
    assert {partition_of(e.id) for e in events} == {partitions.name_of("2031-05")}
    report = chain.verify(AuditEvent, month="2031-05")
    assert report.problems == [] and report.rows == 3
    # and the new partition refuses changes as the table does
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'UPDATE "{partitions.name_of("2031-05")}" SET reason = %s', ["rewritten"])


def test_a_change_naming_a_partition_directly_is_refused(world):
    event = record(world.om, Action.VIEW, world.case, nominal=world.case)
    for sql in (f'UPDATE "{partition_of(event.id)}" SET reason = \'x\' WHERE id = %s',
                f'DELETE FROM "{partition_of(event.id)}" WHERE id = %s'):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.id])
    assert AuditEvent.objects.filter(pk=event.id).exists()


def test_the_partitions_command_makes_the_coming_months(db, capsys):
    call_command("audit", "partitions", "--ahead", "14")
    this_month = f"{datetime.datetime.now(datetime.UTC):%Y-%m}"
    wanted = {partitions.name_of(m) for m in partitions.months_from(this_month, 15)}
    assert wanted <= set(partitions.partitions(connection))
    assert "Made" in capsys.readouterr().out


def test_month_bounds_run_into_the_next_year():
    assert partitions.month_bounds("2026-12") == (datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
                                                 datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC))
    assert partitions.months_from("2026-11", 4) == ["2026-11", "2026-12", "2027-01", "2027-02"]
