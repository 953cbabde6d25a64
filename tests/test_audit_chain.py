"""The audit log is hash-chained: a row changed or removed behind the application's back is found by
`mappa audit verify`, which names the row and what is wrong, and fails."""
import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from mappa.audit import chain, triggers
from mappa.audit.models import Action, AuditEvent
from mappa.audit.services import record


def verify() -> str:
    from io import StringIO

    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as error:
        raise AssertionError(out.getvalue()) from error
    return out.getvalue()


def broken() -> str:
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError, match="The audit chain is broken"):
        call_command("audit", "verify", stdout=out)
    return out.getvalue()


def behind_the_apps_back(sql, params=()):
    """Raw SQL with the append-only triggers lifted (inside the test's transaction: they come back after)."""
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    triggers.install(connection)


def rows():
    return list(AuditEvent.objects.order_by("id"))


def test_an_untouched_log_verifies(world):
    out = verify()
    assert "The audit chain is whole" in out
    assert f"{AuditEvent.objects.count()} audit rows checked" in out


def test_every_row_is_chained_to_the_one_before_it_in_its_month(world):
    events = rows()
    assert events[0].prev_hash == "" and all(len(event.hash) == 64 for event in events)
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:]))
    assert {event.chain for event in events} == {chain.month_of(events[0].at)}


def test_an_edited_row_is_found(world):
    event = rows()[5]
    behind_the_apps_back("UPDATE audit_auditevent SET reason = 'tampered' WHERE id = %s", [event.pk])
    out = broken()
    assert f"Row {event.pk} " in out and "changed after it was written" in out
    assert out.count("Row ") == 1  # the next row still links to the stored hash: one problem, where it is


def test_a_row_rewritten_with_a_fresh_hash_breaks_the_next_link(world):
    event, following = rows()[5:7]
    event.reason = "tampered"
    behind_the_apps_back("UPDATE audit_auditevent SET reason = 'tampered', hash = %s WHERE id = %s",
                         [chain.digest(event), event.pk])
    out = broken()
    assert f"Row {following.pk} " in out and f"was not chained to row {event.pk}" in out


def test_a_deleted_row_is_found(world):
    before, gone, after = rows()[3:6]
    behind_the_apps_back("DELETE FROM audit_auditevent WHERE id = %s", [gone.pk])
    out = broken()
    assert f"Row {after.pk} " in out and f"was not chained to row {before.pk}" in out


def test_a_deleted_first_row_is_found(world):
    behind_the_apps_back("DELETE FROM audit_auditevent WHERE id = %s", [rows()[0].pk])
    assert "the rows before it in that month were deleted" in broken()


def test_a_row_written_without_the_chain_is_found(world):
    event = rows()[0]
    behind_the_apps_back(
        "INSERT INTO audit_auditevent (at, actor_name, actor_agency, action, object_type, object_id, object_label, "
        "handling, user_agent, channel, reason, changes, details, chain, prev_hash, hash) "
        "VALUES (%s, 'someone', '', 'view', '', '', '', '', '', 'cli', '', '{}', '{}', '', '', '')", [event.at])
    assert "has no hash: it was written without being chained" in broken()


STORED = [f for f in AuditEvent._meta.concrete_fields if f.name != "hash"]


@pytest.mark.parametrize("field", STORED, ids=[f.name for f in STORED])
def test_every_stored_column_is_covered_by_the_hash(world, field):
    """A change to any column (those added later included: the list is read from the model) is found."""
    event = AuditEvent.objects.filter(actor__isnull=False, ip_address__isnull=True).order_by("id")[2]
    other = {
        "id": event.pk + 100000, "at": event.at - datetime.timedelta(seconds=1), "actor_id": world.police.pk,
        "nominal_id": world.south_case.pk, "agency_id": world.agencies["health"].pk, "ip_address": "10.9.9.9",
        "changes": '{"x": [1, 2]}', "details": '{"x": 1}', "chain": "1999-01", "prev_hash": "0" * 64,
    }.get(field.attname, "tampered")
    behind_the_apps_back(f"UPDATE audit_auditevent SET {field.column} = %s WHERE id = %s", [other, event.pk])
    assert "Row " in broken()


def test_a_null_column_is_left_out_so_a_nullable_column_added_later_keeps_old_hashes(world):
    event = AuditEvent.objects.filter(ip_address__isnull=True).first()
    assert "ip_address" not in chain.columns(event)
    assert chain.digest(event) == event.hash


def test_rows_of_another_month_chain_separately(world):
    late = AuditEvent(at=datetime.datetime(2026, 1, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC),
                      actor_name="someone", action=Action.VIEW)
    late.save()
    assert late.chain == "2026-01" and late.prev_hash == ""
    record(None, Action.VIEW, label="after")
    out = verify()
    assert "2026-01: 1 rows" in out


def test_verify_can_check_one_month_and_refuses_a_bad_month(world):
    month = rows()[0].chain
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", "--month", month, stdout=out)
    assert "whole" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("audit", "verify", "--month", "December")


@pytest.mark.postgres
def test_concurrent_writers_keep_one_unbroken_chain(transactional_db):
    """Writers in parallel each take the month's lock for their insert only: the chain stays whole."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time; run with DATABASE_URL=postgres://...")

    def write(n):
        try:
            for i in range(15):
                record(None, Action.VIEW, label=f"writer {n} row {i}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert AuditEvent.objects.count() == 90
    assert "The audit chain is whole" in verify()
