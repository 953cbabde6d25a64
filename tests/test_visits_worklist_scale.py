"""The visit work list and the overdue visits list at any caseload (issue 18: the visit work list at national scale,
p95 < 150 ms with query counts constant): a caseload of 2 and one of 30, each with visits of every kind, a schedule
agreed with a supervisor, read with the same number of queries. The timings are the bench's (`make bench`, `BENCH_ONLY=visits`); this counts, it does not time."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mappa.core import facts, reference
from mappa.nominals import services as register
from mappa.visits.models import ScheduleOverride, Visit
from mappa.visits.registrations import work

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def high_rosh(monkeypatch):
    """Everyone has high RoSH, as the risk part would say: a probation visit every month is due on each case."""
    monkeypatch.setattr(facts, "_providers", [*facts._providers, lambda reader, nominal: facts.Facts(rosh="high")])


def caseload(world, size: int, tag: str) -> list:
    people = [register.create_nominal(actor=world.om, manager=world.om, data={
        "first_name": "Case", "last_name": f"{tag} {chr(97 + n // 26)}{chr(97 + n % 26)}"}) for n in range(size)]
    visits = []
    for i, person in enumerate(people):
        for n, kind in enumerate(("police", "probation", "joint")):
            day = TODAY - datetime.timedelta(days=200 * n + i)  # the last attended probation visit (joint) long ago
            visits.append(Visit(nominal=person, agency_id=world.om.agency_id, created_by=world.om, visit_agency=kind,
                                planned_for=day, due_on=day, outcome=("attended", "no_answer")[n % 2], occurred_on=day))
    Visit.objects.bulk_create(visits)
    ScheduleOverride.objects.create(nominal=people[0], agency_id=world.om.agency_id, created_by=world.om,
                                    visit_agency="probation", every_months=2, reason="Agreed at supervision",
                                    agreed_by=world.probation_sup, agreed_on=TODAY - datetime.timedelta(days=10))
    return people


def counted(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def provider_queries(user) -> int:
    with reference.remembered():  # as in a request (mappa.core.middleware)
        work(user, TODAY)  # what is read once per process (the scopes) is read before counting
    with reference.remembered():
        return counted(lambda: work(user, TODAY))


def test_the_visit_work_list_reads_the_same_number_of_queries_for_2_cases_or_30(world, login):
    caseload(world, 2, "Small")
    small = provider_queries(world.om), provider_queries(world.probation_sup)
    page = login(world.om)
    page.get("/?due=overdue&kind=home_visit")
    small_page = counted(lambda: page.get("/?due=overdue&kind=home_visit"))
    caseload(world, 28, "Large")
    large = provider_queries(world.om), provider_queries(world.probation_sup)
    assert large == small
    assert counted(lambda: page.get("/?due=overdue&kind=home_visit")) == small_page
    # And the list is whole: every case of the larger caseload with a visit due is on it.
    assert len({i.nominal_id for i in work(world.om, TODAY)}) >= 30


def test_the_overdue_visits_list_shows_only_overdue_home_visits(world, login):
    late, seen = caseload(world, 2, "Lately")
    Visit.objects.create(nominal=seen, agency_id=world.om.agency_id, created_by=world.om, visit_agency="probation",
                         planned_for=TODAY, due_on=TODAY, outcome="attended", occurred_on=TODAY)
    page = login(world.om).get("/?due=overdue&kind=home_visit").content.decode()
    assert late.last_name in page and seen.last_name not in page
