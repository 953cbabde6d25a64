"""Facts over a caseload: the same answers one by one and all at once, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.core import extensions, facts
from mappa.nominals import services
from tests.conftest import spelled


def caseload(world, n):
    return [services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "P" + spelled(i), "last_name": "Test"})
            for i in range(n)]


def test_facts_for_many_agree_with_facts_one_by_one(world):
    people = [world.case, world.unallocated, *caseload(world, 3)]
    many = facts.facts_for_many(world.om, people)
    assert many == {n.pk: facts.facts_for(world.om, n) for n in people}


def test_facts_for_a_caseload_take_the_same_queries_for_3_or_30_people(world):
    def count(people):
        with CaptureQueriesContext(connection) as captured:
            facts.facts_for_many(world.om, people)
        return len(captured.captured_queries)

    assert count(caseload(world, 3)) == count(caseload(world, 30))


def test_the_work_list_takes_the_same_queries_for_a_small_and_a_large_caseload(world):
    today = timezone.localdate()

    def count():
        with CaptureQueriesContext(connection) as captured:
            extensions.work_for(world.om, today)
        return len(captured.captured_queries)

    caseload(world, 2)
    small = count()
    caseload(world, 30)
    assert count() == small


def test_within_a_page_each_persons_facts_are_gathered_once(world):
    def count(block):
        with CaptureQueriesContext(connection) as captured:
            block()
        return len(captured.captured_queries)

    once = count(lambda: facts.facts_for(world.om, world.case))
    with facts.remembered():
        first = facts.facts_for(world.om, world.case)
        assert count(lambda: facts.facts_for(world.om, world.case)) == 0
        assert count(lambda: facts.facts_for_many(world.om, [world.case])) == 0
        assert facts.facts_for(world.om, world.case) == first
    assert once > 0 and count(lambda: facts.facts_for(world.om, world.case)) == once  # forgotten after the block


def test_the_case_page_gathers_the_persons_facts_once(world, login, monkeypatch):
    calls = []
    real = facts._gather
    monkeypatch.setattr(facts, "_gather", lambda reader, nominals, *args: calls.append(len(nominals)) or real(reader, nominals, *args))
    assert login(world.om).get(f"/people/{world.case.pk}/").status_code == 200
    # The person's facts once (header and panels share them), and the caseload's once for the work list
    # that "What needs doing" is drawn from.
    assert len(calls) <= 2


def test_the_work_list_and_facts_are_the_same_as_when_read_one_person_at_a_time(world, monkeypatch):
    # The work list reads only the facts it needs, for the whole caseload at once, from light rows; a
    # person's facts read on their own come from the legal status panel's snapshot.
    from tests.test_query_counts import grow_parts_history

    people = [world.case, *caseload(world, 3)]
    grow_parts_history(world, world.case, 12)
    grow_parts_history(world, people[1], 2)
    assert facts.facts_for_many(world.om, people) == {n.pk: facts.facts_for(world.om, n) for n in people}
    today = timezone.localdate()
    with facts.remembered():
        work = extensions.work_for(world.om, today)
    assert {"plan_item", "risk_rm2000"} <= {w.kind for w in work}
    monkeypatch.setattr(facts, "facts_for_many", lambda reader, nominals, only=None: {n.pk: facts.facts_for(reader, n) for n in nominals})
    assert extensions.work_for(world.om, today) == work


def test_a_partial_request_does_not_stand_in_for_the_whole_facts(world):
    from tests.test_query_counts import grow_parts_history

    grow_parts_history(world, world.case, 2)
    whole = facts.facts_for(world.om, world.case)
    with facts.remembered():
        part = facts.facts_for_many(world.om, [world.case], only=("on_licence", "release_date"))[world.case.pk]
        assert part.sanctions == () and part.on_licence == whole.on_licence
        assert facts.facts_for(world.om, world.case) == whole
    with pytest.raises(ValueError):
        facts.facts_for_many(world.om, [world.case], only=("no_such_fact",))


def test_one_persons_facts_read_each_record_once_even_outside_a_page(world):
    # The orders part gives sanctions and legal status through two providers that share one snapshot.
    with CaptureQueriesContext(connection) as captured:
        facts.facts_for(world.om, world.case)
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in captured.captured_queries if " FROM " in q["sql"]]
    assert tables.count('"orders_conviction"') == 1 and tables.count('"orders_sentence"') == 1


def test_the_orders_links_filled_in_for_many_people_are_the_pages_addresses():
    from django.urls import reverse

    from mappa.orders.queries import Links

    links = Links.make()
    for pk, item in ((1, 7), (42, 1), (9_007_199_254_740_993, 12)):
        assert links.overview(pk) == reverse("orders:overview", args=[pk])
        for kind in ("notification", "civil-orders", "sentences"):
            assert links.record(pk, kind, item) == reverse("orders:edit", args=[pk, kind, item])
