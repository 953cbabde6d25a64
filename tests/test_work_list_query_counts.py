"""The home page's work lists and the victims page run a fixed number of SQL queries whatever the caseload: the
same count for a small caseload and one ten times its size (issues 19 and 20: a caseload of a few hundred victims
took hundreds of queries)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.audit import chain
from mappa.audit.models import AuditEvent
from mappa.nominals import services as register
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS as ORDER_KINDS
from mappa.victims import services as victims
from mappa.victims.models import Victim
from mappa.victims.registrations import victim_contact_due
from tests.conftest import make_user, spelled


def counted(run) -> tuple[int, object]:
    run()  # warm: the session and caches settle
    with CaptureQueriesContext(connection) as captured:
        answer = run()
    return len(captured.captured_queries), answer


def page_queries(client, url, **params) -> int:
    def run():
        response = client.get(url, params)
        assert response.status_code == 200
        return response
    return counted(run)[0]


def add_case(world, manager, n, *, victims_each=1):
    """A case the manager holds, with a violent conviction, a custodial sentence ending in release within the next
    months, and past victims who opted in to statutory contact: each victim puts the liaison officer's input due."""
    today = timezone.localdate()
    person = register.create_nominal(actor=manager, manager=manager,
                                     data={"first_name": "Person" + spelled(n), "last_name": "Caseload"})
    conviction = orders.create_record(actor=manager, nominal=person, kind=ORDER_KINDS["convictions"], data={
        "kind": "conviction", "offence": "Wounding with intent", "convicted_on": today - datetime.timedelta(days=400),
        "violent": True})
    sentenced = today - datetime.timedelta(days=380)
    orders.create_record(actor=manager, nominal=person, kind=ORDER_KINDS["sentences"], data={
        "conviction": conviction, "kind": "custody", "sentenced_on": sentenced, "length_months": 24,
        "custody_from": sentenced, "release_date": today + datetime.timedelta(days=60)})
    for k in range(victims_each):
        victims.add_victim(actor=manager, nominal=person, data={
            "kind": "past", "name": f"Victim {spelled(n)} {spelled(k)}", "relationship": "Former partner",
            "conviction": conviction, "scheme_offered_on": sentenced + datetime.timedelta(days=10),
            "scheme_response": "opted_in", "scheme_responded_on": sentenced + datetime.timedelta(days=20)})
    person.conviction = conviction
    return person


def grow(world, manager, start, stop, **kw):
    return [add_case(world, manager, n, **kw) for n in range(start, stop)]


def test_victim_contact_due_reads_the_same_whatever_the_caseload(world):
    today = timezone.localdate()
    grow(world, world.om, 0, 5, victims_each=2)
    few, items = counted(lambda: victim_contact_due(world.om, today))
    assert len(items) == 10  # each victim's liaison input before release is due
    grow(world, world.om, 5, 50, victims_each=2)
    many, items = counted(lambda: victim_contact_due(world.om, today))
    assert len(items) == 100 and {i.what for i in items} == {"Victim liaison officer's input before release planning"}
    assert many == few


def test_the_victims_page_reads_and_audits_in_a_fixed_number_of_queries(world, login):
    person = add_case(world, world.om, 0, victims_each=5)
    client = login(world.om)
    url = f"/victims/people/{person.pk}/"
    few = page_queries(client, url)
    for k in range(5, 50):
        victims.add_victim(actor=world.om, nominal=person, data={
            "kind": "past", "name": f"Victim more {spelled(k)}", "relationship": "Neighbour", "conviction": person.conviction})
    assert page_queries(client, url) == few


def test_the_victims_page_still_records_a_read_of_each_victim_in_the_chain(world, login):
    person = add_case(world, world.om, 0, victims_each=3)
    client = login(world.om)
    before = AuditEvent.objects.count()
    assert client.get(f"/victims/people/{person.pk}/").status_code == 200
    reads = list(AuditEvent.objects.filter(object_type="victim", action="view").order_by("id"))
    assert AuditEvent.objects.count() == before + 3
    assert sorted(int(e.object_id) for e in reads) == sorted(Victim.objects.filter(nominal=person).values_list("pk", flat=True))
    assert {e.details["what"] for e in reads} == {"victims"} and {e.actor_id for e in reads} == {world.om.pk}
    # The rows written together are chained as rows written one at a time are: verify finds nothing wrong.
    report = chain.verify(AuditEvent)
    assert report.problems == [] and report.rows == AuditEvent.objects.count()
    # And a row written after them, one at a time, follows on from the last of them.
    register.record_view(world.om, person)
    assert chain.verify(AuditEvent).problems == []


def test_the_victim_liaison_officers_access_view_names_each_victim_read(world, login):
    person = add_case(world, world.om, 0, victims_each=2)
    client = login(world.om)
    client.get(f"/victims/people/{person.pk}/")
    page = client.get(f"/victims/people/{person.pk}/access/").content.decode()
    for victim in Victim.objects.filter(nominal=person):
        assert f"Viewed {str(victim).lower()} (web, victims)" in page


@pytest.mark.parametrize("where", ["/", "/?work=team"])
def test_a_supervisors_home_page_reads_the_same_whatever_the_teams_caseload(world, login, where):
    grow(world, world.om, 0, 5)
    grow(world, world.colleague, 100, 103)
    client = login(world.probation_sup)
    few = page_queries(client, where)
    grow(world, world.om, 5, 30)
    grow(world, world.colleague, 103, 125)
    page = client.get(where).content.decode()
    assert page_queries(client, where) == few
    assert "Victim liaison officer&#x27;s input before release planning" in page or "liaison" in page


def test_a_supervisors_team_queue_reads_the_same_whatever_the_teams_size(world, login):
    grow(world, world.om, 0, 3)
    client = login(world.probation_sup)
    few = page_queries(client, "/?work=team")
    for k in range(6):  # six more practitioners in the team, each with cases
        member = make_user(f"member{k}", world.teams["probation"])
        grow(world, member, 200 + 10 * k, 202 + 10 * k)
    assert page_queries(client, "/?work=team") == few


def test_a_practitioners_home_page_reads_the_same_whatever_the_caseload(world, login):
    grow(world, world.om, 0, 5)
    client = login(world.om)
    few = page_queries(client, "/")
    grow(world, world.om, 5, 50)
    page = client.get("/").content.decode()
    assert page_queries(client, "/") == few
    assert "Person" in page  # the caseload's people are on the page


@pytest.mark.django_db
def test_the_team_queue_read_at_once_holds_exactly_what_each_members_own_list_holds(settings):
    """Each provider asked once for the whole team gives each member the items their own list gives them: on the
    demo's teams, the queue equals the one made of every member's own work list."""
    import io
    from collections import Counter
    from dataclasses import replace

    from django.core.management import call_command

    from mappa.access import policy
    from mappa.accounts.models import Role, User
    from mappa.core import extensions, reference
    from mappa.nominals import caseload, queue

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    supervisors = list(User.objects.filter(role=Role.SUPERVISOR, team__isnull=False, is_active=True))
    assert supervisors
    seen_kinds = set()
    for supervisor in supervisors:
        held = set(policy.nominals_for(supervisor).filter(team_id=supervisor.team_id).values_list("pk", flat=True))
        members = list(User.objects.filter(team_id=supervisor.team_id, is_active=True, role__in=policy.WRITING_ROLES)
                       .select_related("agency", "team"))
        with reference.remembered():
            one_by_one = queue.team_queue(((m.display_name, extensions.work_for(m, today)) for m in members), held)
            at_once = caseload.team_work(supervisor, today)
        # Work about no case is named for whoever reads it ("Your training" on one's own list), so it is compared
        # without its name.
        def same(items):
            return Counter(replace(i, nominal_name="") if not i.nominal_id else i for i in items)

        assert same(at_once) == same(one_by_one), supervisor.username
        seen_kinds |= {i.kind for i in at_once}
    assert len(seen_kinds) >= 3  # the demo's teams have work of several kinds to compare


def test_the_value_in_force_among_dated_rows_is_the_latest_begun_by_the_day(db):
    from mappa.core import reference

    rows = [(datetime.date(2005, 4, 4), "first"), (datetime.date(2012, 12, 3), "second")]
    assert reference.in_force_among(rows, datetime.date(2005, 4, 3)) is None  # before the guidance
    assert reference.in_force_among(rows, datetime.date(2005, 4, 4)) == "first"
    assert reference.in_force_among(rows, datetime.date(2012, 12, 2)) == "first"
    assert reference.in_force_among(rows, datetime.date(2030, 1, 1)) == "second"
    # The same answer as reading the row in force on each day, for the scheme the work list judges victims by.
    key = "victims.contact_scheme"
    every = reference.every_row(key)
    for day in [every[0][0], every[-1][0], datetime.date(2020, 6, 1)]:
        assert reference.in_force_among(every, day) == reference.value(key, day)
