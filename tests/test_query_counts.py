"""The number of SQL queries a page makes does not grow with a person's history or the register."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.nominals import services
from mappa.nominals.items import KINDS


def queries(client, url, **params) -> int:
    client.get(url, params)  # warm: the session and caches settle
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


def grow_history(world, n):
    add = lambda slug, **data: services.create_item(actor=world.om, nominal=world.case, kind=KINDS[slug], data=data)  # noqa: E731
    for i in range(n):
        add("activities", kind="note", summary=f"Note {i}", occurred_at=timezone.now() - datetime.timedelta(hours=i + 1))
        add("aliases", first_name="Jon", last_name=f"Davis{chr(97 + i % 26)}{i}")
        add("addresses", status="previous", line1=f"{i} Old Road", postcode="BR1 2AB")
        add("vehicles", registration=f"AB{i:02d} CDE")


def test_case_page_queries_do_not_depend_on_history(world, login):
    client = login(world.om)
    url = f"/people/{world.case.pk}/"
    before = queries(client, url)
    grow_history(world, 30)
    assert queries(client, url) == before


def test_search_queries_do_not_depend_on_how_many_match(world, login):
    client = login(world.om)
    before = queries(client, "/people/", q="Jonah Davis")
    for i in range(30):
        services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Jonah", "last_name": "Davis"})
        services.create_nominal(actor=world.colleague, data={"first_name": "Jonas", "last_name": "Davies"})
    assert queries(client, "/people/", q="Jonah Davis") == before


def test_caseload_queries_do_not_depend_on_its_size(world, login):
    client = login(world.om)
    before = queries(client, "/")
    for i in range(30):
        services.create_nominal(actor=world.om, manager=world.om, data={"first_name": f"Person{i}", "last_name": "Test"})
    assert queries(client, "/") == before


def test_case_page_queries_do_not_depend_on_links_to_other_records(world, login):
    # Whether the reader may open a linked person's record is worked out with the rows, not after them.
    client = login(world.om)
    url = f"/people/{world.case.pk}/"
    before = queries(client, url)
    # One link the reader may follow, and one the police partner made to a record only the police hold.
    police_only = services.create_nominal(actor=world.police, manager=world.police,
                                          data={"first_name": "Dean", "last_name": "Marsh"})
    for actor, other in ((world.om, world.unallocated), (world.police, police_only)):
        services.create_item(actor=actor, nominal=world.case, kind=KINDS["relationships"],
                             data={"kind": "associate", "other_nominal": other, "other_name": other.full_name})
    page = client.get(url).content.decode()
    assert queries(client, url) == before
    assert f'href="/people/{world.unallocated.pk}/"' in page  # readable: linked
    assert f'href="/people/{police_only.pk}/"' not in page and "Dean Marsh" in page  # named only


def test_coordinator_view_queries_do_not_depend_on_decision_history_or_the_areas_size(world, login):
    # The decision in force is kept on each episode: the view reads no decision history.
    from mappa.arrangements import services as mappa

    def decide(nominal, days_ago):
        mappa.decide_level(actor=world.om, nominal=nominal, level=1, forum="lead_agency",
                           decided_on=today - datetime.timedelta(days=days_ago), rationale="Reviewed",
                           information_considered="OASys")

    today = timezone.localdate()
    mappa.identify(actor=world.om, nominal=world.case, category=1, identified_on=today, basis="Registered")
    decide(world.case, 0)
    client = login(world.coordinator)
    before = queries(client, "/mappa/co-ordinator/")
    for days_ago in range(1, 30):
        decide(world.case, days_ago * 7)
    for i in range(10):
        nominal = services.create_nominal(actor=world.om, manager=world.om, data={"first_name": f"Person{i}", "last_name": "Test"})
        mappa.identify(actor=world.om, nominal=nominal, category=2, identified_on=today, basis="Robbery")
        for days_ago in range(0, 150, 50):
            decide(nominal, days_ago)
    assert queries(client, "/mappa/co-ordinator/") == before
