"""The number of SQL queries a page makes does not grow with a person's history or the register."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.nominals import services
from mappa.nominals.items import KINDS
from tests.conftest import spelled


def queries(client, url, **params) -> int:
    client.get(url, params)  # warm: the session and caches settle
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


def grow_history(world, n):
    add = lambda slug, **data: services.create_item(actor=world.om, nominal=world.case, kind=KINDS[slug], data=data)  # noqa: E731
    for i in range(n):
        add("activities", kind="note", summary=f"Note {i}", occurred_at=timezone.now() - datetime.timedelta(hours=i + 1))
        add("aliases", first_name="Jon", last_name="Davis" + spelled(i))
        add("addresses", status="previous", line1=f"{i} Old Road", postcode="BR1 2AB")
        add("vehicles", registration=f"AB{i:02d} CDE")


# The overview, the register's details, and pages of the parts: each with the case header on top.
CASE_PAGES = ["/people/{}/", "/people/{}/details/", "/people/{}/activities/", "/risk/people/{}/", "/orders/{}/",
              "/plans/{}/", "/visits/{}/"]


@pytest.mark.parametrize("page", CASE_PAGES)
def test_case_page_queries_do_not_depend_on_history(world, login, page):
    client = login(world.om)
    url = page.format(world.case.pk)
    before = queries(client, url)
    grow_history(world, 30)
    assert queries(client, url) == before


def test_search_queries_do_not_depend_on_how_many_match(world, login):
    client = login(world.om)
    # Two people with the same name from the start: breaking their tie reads the latest activity, in one
    # query however many tie.
    services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Jonah", "last_name": "Davis"})
    before = queries(client, "/people/", q="Jonah Davis")
    for _ in range(30):
        services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Jonah", "last_name": "Davis"})
        services.create_nominal(actor=world.colleague, data={"first_name": "Jonas", "last_name": "Davies"})
    assert queries(client, "/people/", q="Jonah Davis") == before


def test_caseload_queries_do_not_depend_on_its_size(world, login):
    client = login(world.om)
    before = queries(client, "/")
    for i in range(30):
        services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Person" + spelled(i), "last_name": "Test"})
    assert queries(client, "/") == before


def test_case_page_queries_do_not_depend_on_links_to_other_records(world, login):
    # Whether the reader may open a linked person's record is worked out with the rows, not after them.
    client = login(world.om)
    url = f"/people/{world.case.pk}/details/"
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
        nominal = services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Person" + spelled(i), "last_name": "Test"})
        mappa.identify(actor=world.om, nominal=nominal, category=2, identified_on=today, basis="Robbery")
        for days_ago in range(0, 150, 50):
            decide(nominal, days_ago)
    assert queries(client, "/mappa/co-ordinator/") == before


def grow_parts_history(world, nominal, n):
    """A long history in the other parts: convictions with custodial sentences, custody, a notification
    requirement, plan items."""
    from decimal import Decimal

    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDER_KINDS
    from mappa.plans import services as plans

    def add(slug, actor=world.om, **data):
        return orders.create_record(actor=actor, nominal=nominal, kind=ORDER_KINDS[slug], data=data)

    today = timezone.localdate()
    for i in range(n):
        on = today - datetime.timedelta(days=400 * (n - i) + 30)
        conviction = add("convictions", offence=f"Assault {i}", convicted_on=on, violent=True, sexual=i % 3 == 0)
        add("sentences", conviction=conviction, kind="custody", sentenced_on=on, length_months=Decimal("6"), custody_from=on,
            release_date=on + datetime.timedelta(days=90), released_on=on + datetime.timedelta(days=90),
            licence_start=on + datetime.timedelta(days=90), licence_end=on + datetime.timedelta(days=180))
        if i % 3 == 0:
            add("notification", conviction=conviction, relevant_date=on)
        plans.add_item(actor=world.om, nominal=nominal, data={"heading": "supervision", "what": f"Visit {i}", "owner": world.om,
                                                              "due": today + datetime.timedelta(days=i)})


def test_home_page_queries_do_not_depend_on_the_history_in_the_parts(world, login):
    client = login(world.om)
    grow_parts_history(world, world.case, 2)
    before = queries(client, "/")
    grow_parts_history(world, world.case, 15)
    assert queries(client, "/") == before


def test_a_supervisors_home_page_queries_do_not_depend_on_how_much_waits_for_approval(world, login):
    from mappa.plans import services as plans
    from mappa.risk import services as risk
    from mappa.risk.models import RiskType, Tool
    from tests.test_risk_services import OGRS3_VALUES

    risk.record_training(actor=world.admin, user=world.om, tool=Tool.OGRS3, trained_on=timezone.localdate())
    plans.add_item(actor=world.om, nominal=world.case, data={"heading": "supervision", "what": "Weekly reporting"})
    client = login(world.probation_sup)

    def more_to_approve():
        a = risk.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.RECONVICTION, tool=Tool.OGRS3,
                                   assessed_on=timezone.localdate(), values=OGRS3_VALUES)
        risk.complete_assessment(actor=world.om, assessment=a, version=a.version)
        plans.complete_review(actor=world.om, nominal=world.case, data={
            "considered": "OASys", "victim_views": "VLO: none", "changes": "None", "outcome": "no_change"},
            confirm_copied=True)

    more_to_approve()
    before = queries(client, "/")
    for _ in range(3):
        more_to_approve()
    page = client.get("/").content.decode()
    assert queries(client, "/") == before
    assert "Approve: " in page and "Endorse the plan review by" in page
