"""Change numbers kept by the database (mappa.core.changes): every write to a case's records gives that case a new
number, whoever makes it and however; records about no one case that work lists rest on give case 0 one; reading
a case, signing in and the audit log change nothing."""
import datetime

import pytest
from django.db import connection
from django.utils import timezone

from mappa.accounts.models import Role
from mappa.core import changes
from mappa.nominals import services
from mappa.nominals.items import KINDS
from mappa.nominals.models import Activity, Cover
from mappa.victims.models import ContactEntry, Victim


def numbers(*cases) -> list[int]:
    found = changes.of_cases([c.pk for c in cases])
    return [found[c.pk] for c in cases]


def note(world, case, summary="Phoned about a job interview"):
    writer = world.other_office if case == world.elsewhere else world.om
    return services.create_item(actor=writer, nominal=case, kind=KINDS["activities"],
                                data={"kind": "information", "summary": summary, "occurred_at": timezone.now()})


def test_every_table_is_placed_and_each_placed_table_has_its_triggers(db):
    placed = changes.groups(connection)
    assert placed["unplaced"] == {}, (
        "Say in mappa.core.changes whether a change to these tables may change anyone's work list "
        f"(THROUGH, EVERYONE or UNREAD): {sorted(placed['unplaced'])}")
    assert "audit_auditevent" in placed["unread"]
    watched = set(placed["case"]) | set(placed["everyone"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname LIKE %s", [changes.PREFIX + "%"])
        else:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [changes.PREFIX + "%"])
        triggered = {row[0] for row in cursor.fetchall()}
    assert triggered == watched
    assert {"nominals_nominal", "nominals_activity", "victims_contactentry", "orders_notificationevent"} <= watched


def test_a_write_to_a_case_gives_it_a_new_number_and_leaves_other_cases_alone(world):
    before, elsewhere = numbers(world.case, world.elsewhere)
    note(world, world.case)
    after, elsewhere_after = numbers(world.case, world.elsewhere)
    assert after != before and after > 0
    assert elsewhere_after == elsewhere


def test_each_new_number_is_higher_than_any_before(world):
    seen = []
    for n in range(3):
        note(world, world.case, f"Note {n}")
        seen.append(numbers(world.case)[0])
    note(world, world.elsewhere)
    seen.append(numbers(world.elsewhere)[0])
    assert seen == sorted(set(seen))


def test_reading_a_case_and_its_audit_rows_change_nothing(world, login):
    before = numbers(world.case)
    response = login(world.om).get(f"/people/{world.case.pk}/")
    assert response.status_code == 200
    assert numbers(world.case) == before


def test_writes_no_service_made_are_caught_too(world):
    """A bulk update, a row moved from one case to another (as a merge moves them) and a delete."""
    before = numbers(world.case)
    Activity.objects.filter(nominal=world.case).update(summary="Changed behind the application's back")
    moved_from, moved_to = numbers(world.case, world.elsewhere)
    assert moved_from != before[0]
    Activity.objects.filter(pk=world.note.pk).update(nominal=world.elsewhere)
    assert all(a != b for a, b in zip(numbers(world.case, world.elsewhere), (moved_from, moved_to)))
    last = numbers(world.elsewhere)
    Activity.objects.filter(pk=world.note.pk).delete()
    assert numbers(world.elsewhere) != last


def test_the_persons_own_record_changing_gives_a_new_number(world):
    before = numbers(world.case)
    world.case.refresh_from_db()
    world.case.first_name = "Jonas"
    world.case.save()
    assert numbers(world.case) != before


def test_a_record_reached_through_another_changes_its_case(world):
    """A victim's contact entry names the victim, not the case: the victim's case changes."""
    victim = Victim.objects.create(nominal=world.case, name="A victim", created_by=world.om)
    before, elsewhere = numbers(world.case, world.elsewhere)
    ContactEntry.objects.create(victim=victim, occurred_on=datetime.date(2026, 1, 5), method="phone",
                                summary="Spoke about the licence conditions", created_by=world.om)
    assert numbers(world.case) != [before]
    assert numbers(world.elsewhere) == [elsewhere]


def test_records_about_no_one_case_change_the_number_of_everything(world):
    before = changes.of_everything()
    today = timezone.localdate()
    Cover.objects.create(absent=world.om, covering=world.colleague, starts_on=today, ends_on=today,
                         starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=8),
                         created_by=world.probation_sup)
    after_cover = changes.of_everything()
    assert after_cover != before
    world.colleague.role = Role.SUPERVISOR
    world.colleague.save()
    assert changes.of_everything() != after_cover


def test_signing_in_changes_nothing(world, client):
    world.om.set_password("a long password for the test")
    world.om.save()
    before = changes.of_everything()
    cases = numbers(world.case)
    client.force_login(world.om)  # writes last_login
    world.om.refresh_from_db()
    assert world.om.last_login is not None
    assert changes.of_everything() == before
    assert numbers(world.case) == cases


@pytest.mark.django_db
def test_a_case_never_written_has_number_zero():
    assert changes.of_cases([987654321]) == {987654321: 0}


@pytest.mark.django_db
def test_every_column_of_a_user_counts_but_the_sign_in_and_the_password():
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "accounts_user")}
    assert columns == set(changes.EVERYONE["accounts_user"]) | set(changes.USER_UNCOUNTED)
