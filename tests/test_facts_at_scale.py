"""Facts over a caseload: the same answers one by one and all at once, in a fixed number of queries."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.core import extensions, facts
from mappa.nominals import services


def caseload(world, n):
    return [services.create_nominal(actor=world.om, manager=world.om, data={"first_name": f"P{i}", "last_name": "Test"})
            for i in range(n)]


def test_facts_for_many_agree_with_facts_one_by_one(world):
    people = [world.case, world.unallocated, *caseload(world, 3)]
    many = facts.facts_for_many(people)
    assert many == {n.pk: facts.facts_for(n) for n in people}


def test_facts_for_a_caseload_take_the_same_queries_for_3_or_30_people(world):
    def count(people):
        with CaptureQueriesContext(connection) as captured:
            facts.facts_for_many(people)
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
