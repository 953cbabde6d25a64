"""Every read and change is recorded, and the record cannot be altered afterwards."""
import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from mappa.audit.models import Action, AuditEvent
from mappa.nominals import services
from mappa.nominals.items import KINDS


def events(**filters):
    return AuditEvent.objects.filter(**filters)


def test_case_page_view_is_recorded_with_origin(world, client):
    client.force_login(world.police)
    client.get(f"/people/{world.case.pk}/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="TestBrowser/1")
    event = events(action=Action.VIEW, actor=world.police, nominal=world.case).get()
    assert event.ip_address == "10.1.2.3"
    assert event.user_agent == "TestBrowser/1"
    assert event.channel == "web"
    assert event.actor_agency == str(world.police.agency)


@pytest.mark.parametrize("path", ["", "activities/", "history/", "addresses/", "edit/", "partners/", "allocate/",
                                  "viewed-by/", "vehicles/new/"])
def test_every_case_read_is_recorded(world, client, path):
    client.force_login(world.om)
    before = events(action=Action.VIEW, nominal=world.case).count()
    assert client.get(f"/people/{world.case.pk}/{path}").status_code == 200
    assert events(action=Action.VIEW, nominal=world.case).count() == before + 1


def test_api_reads_are_recorded(world, client):
    client.force_login(world.police)
    client.get(f"/api/v1/nominals/{world.case.pk}/")
    client.get(f"/api/v1/nominals/{world.case.pk}/addresses/{world.address.pk}/")
    channels = list(events(action=Action.VIEW, actor=world.police).values_list("channel", "object_type"))
    assert ("api", "nominal") in channels and ("api", "address") in channels


def test_searches_are_recorded(world, client):
    client.force_login(world.om)
    client.get("/people/", {"q": "smyth"})
    event = events(action=Action.SEARCH, actor=world.om).latest("at")
    assert event.details["q"] == "smyth"
    # The alias "John Smyth" of Jonah Davis, and Peter Smith held by the same team.
    assert event.details["results"] == 2


def test_change_records_old_and_new_values_and_who(world):
    services.update_nominal(actor=world.colleague, nominal=world.case, data={"last_name": "Davison"}, version=world.case.version)
    event = events(action=Action.UPDATE, object_type="nominal", object_id=str(world.case.pk)).latest("at")
    assert event.changes == {"last_name": ["Davis", "Davison"]}
    assert event.actor == world.colleague


def test_change_history_is_shown_on_the_page(world, client):
    services.update_item(actor=world.om, item=world.address, data={"town": "Eastbury"}, version=world.address.version)
    client.force_login(world.police)
    page = client.get(f"/people/{world.case.pk}/history/").content.decode()
    assert "Bradwell" in page and "Eastbury" in page and "Om Tester" in page


def test_refused_change_writes_nothing(world):
    count = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.update_nominal(actor=world.housing, nominal=world.case, data={"last_name": "X"}, version=world.case.version)
    world.case.refresh_from_db()
    assert world.case.last_name == "Davis"
    assert AuditEvent.objects.count() == count


def test_audit_rows_cannot_be_changed_through_the_orm(world):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.parametrize("sql", ["UPDATE audit_auditevent SET reason = 'tampered'", "DELETE FROM audit_auditevent"])
def test_database_refuses_to_change_audit_rows(world, sql):
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.count() == count
    assert not AuditEvent.objects.filter(reason="tampered").exists()


def test_queryset_update_is_refused_by_the_database(world):
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            AuditEvent.objects.update(reason="tampered")


def test_manager_sees_who_viewed_their_case(world, client):
    client.force_login(world.police)
    client.get(f"/people/{world.case.pk}/")
    client.force_login(world.om)
    home = client.get("/").content.decode()
    assert "Police Tester" in home
    log = client.get(f"/people/{world.case.pk}/viewed-by/").content.decode()
    assert "Police Tester" in log


def test_home_page_groups_views_and_shows_supervisors_their_teams_cases(world, client):
    client.force_login(world.police)
    for _ in range(3):
        client.get(f"/people/{world.case.pk}/")
    client.force_login(world.housing)
    client.get(f"/people/{world.case.pk}/")
    for reader, heading in [(world.om, "Who has viewed your cases recently"),
                            (world.probation_sup, "Who has viewed your team's cases recently")]:
        client.force_login(reader)
        home = client.get("/").content.decode()
        assert heading in home
        viewers = home.split('data-testid="viewers"')[1].split("</ul>")[0]
        assert viewers.count("Police Tester") == 1 and "3 times" in viewers  # one line, not three
        assert "Housing Tester" in viewers
    client.force_login(world.coordinator)  # manages no cases and sees no access logs
    assert "Who has viewed" not in client.get("/").content.decode()


def test_only_manager_and_supervisors_see_the_access_log(world, client):
    for user, status in [(world.om, 200), (world.probation_sup, 200), (world.colleague, 404), (world.police, 404)]:
        client.force_login(user)
        assert client.get(f"/people/{world.case.pk}/viewed-by/").status_code == status


def test_item_creation_is_audited_in_the_same_transaction(world):
    before = events(action=Action.CREATE, object_type="vehicle").count()
    services.create_item(actor=world.om, nominal=world.case, kind=KINDS["vehicles"], data={"registration": "ab12 cde"})
    event = events(action=Action.CREATE, object_type="vehicle").latest("at")
    assert events(action=Action.CREATE, object_type="vehicle").count() == before + 1
    assert event.changes["registration"] == [None, "AB12 CDE"]


def test_creation_records_who_manages_the_record(world):
    event = events(action=Action.CREATE, object_type="nominal", object_id=str(world.case.pk)).get()
    assert event.changes["manager"] == [None, "Om Tester"]
    assert event.changes["team"][1].startswith("probation team")


def _columns_of(event) -> tuple[str, list]:
    """An INSERT's column list and values that copy `event` under its own id, for raw SQL."""
    names = ["id", "at", "actor_name", "actor_agency", "action", "object_type", "object_id", "object_label", "handling",
             "user_agent", "channel", "reason", "changes", "details"]
    values = [event.pk, event.at, "someone else", "", event.action, "", "", "", "", "", "cli", "tampered", "{}", "{}"]
    return ", ".join(names), values


def _refused(sql, params=()):
    with pytest.raises(DatabaseError):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_sqlite_refuses_to_replace_an_audit_row(world):
    if connection.vendor != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    event = AuditEvent.objects.order_by("id").first()
    columns, values = _columns_of(event)
    marks = ", ".join(["%s"] * len(values))
    for verb in ["INSERT OR REPLACE", "REPLACE"]:
        _refused(f"{verb} INTO audit_auditevent ({columns}) VALUES ({marks})", values)
    _refused(f"INSERT INTO audit_auditevent ({columns}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET reason = 'tampered'",
             values)
    _refused("UPDATE OR REPLACE audit_auditevent SET reason = 'tampered'")
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason
    assert not AuditEvent.objects.filter(reason="tampered").exists()
    # An ordinary new row is still written.
    before = AuditEvent.objects.count()
    services.update_nominal(actor=world.om, nominal=world.case, data={"last_name": "Davison"}, version=world.case.version)
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.postgres
def test_postgresql_refuses_every_way_of_rewriting_an_audit_row(world):
    if connection.vendor != "postgresql":
        pytest.skip("run with DATABASE_URL=postgres://...")
    event = AuditEvent.objects.order_by("id").first()
    columns, values = _columns_of(event)
    marks = ", ".join(["%s"] * len(values))
    _refused("UPDATE audit_auditevent SET reason = 'tampered'")
    _refused("DELETE FROM audit_auditevent")
    _refused("TRUNCATE audit_auditevent")
    _refused(f"INSERT INTO audit_auditevent ({columns}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET reason = 'tampered'",
             values)
    _refused("MERGE INTO audit_auditevent a USING (SELECT %s::bigint AS id) s ON a.id = s.id "
             "WHEN MATCHED THEN UPDATE SET reason = 'tampered'", [event.pk])
    _refused("MERGE INTO audit_auditevent a USING (SELECT %s::bigint AS id) s ON a.id = s.id WHEN MATCHED THEN DELETE",
             [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).reason == event.reason
    assert not AuditEvent.objects.filter(reason="tampered").exists()
