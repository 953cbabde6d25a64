"""The annual report from the register: the Essex 2008-09 figures from a register built to match them, who may
build it, what a narrower reader is told, the cases behind a figure, CSV, PDF and the API. The report is built as
background work (tests/test_reports_builds.py has its progress and snapshots); `built` runs it here."""
import csv
import datetime
import io

import pytest
from rest_framework.test import APIClient

from mappa.accounts.models import Agency, Area, Role, Team
from mappa.arrangements.models import Eligibility, LevelDecision
from mappa.audit.models import Action, AuditEvent
from mappa.jobs import worker
from mappa.nominals.models import Nominal, Partner
from mappa.orders.models import CivilOrder, OrderEvent
from mappa.reports import queries, services
from tests.conftest import make_user, spelled

D = datetime.date
DIVISIONS = [("South Eastern Police Division", 172), ("South Western Police Division", 177),
             ("Central Police Division", 159), ("Eastern Police Division", 147), ("Western Police Division", 87)]


def essex_register():
    """Essex on 31 March 2009 as its annual report gives it: 999 eligible (742 / 238 / 19), 117 at level 2 and 10 at
    level 3 during the year, registered sexual offenders by police division, and the SOPO applications. Written
    with the ORM (the services would take minutes for a thousand people); the report reads it as any register."""
    essex = Area.objects.create(code="essex", name="Essex")
    police = Agency.objects.create(code="essex-police", name="Essex Police", kind="police")
    probation = Agency.objects.create(code="essex-probation", name="Essex Probation", kind="probation")
    divisions = [Team.objects.create(agency=police, area=essex, name=name) for name, _ in DIVISIONS]
    office = Team.objects.create(agency=probation, area=essex, name="Chelmsford probation office")
    unit = Team.objects.create(agency=police, area=essex, name="Essex MAPPA unit")
    coordinator = make_user("essexcoord", unit, Role.COORDINATOR)
    teams = [team for team, (_, n) in zip(divisions, DIVISIONS, strict=True) for _ in range(n)]
    teams += [office] * (238 + 19)
    Nominal.objects.bulk_create([Nominal(first_name="Person", last_name=f"Essex{spelled(i)}", team=team)
                                 for i, team in enumerate(teams)])
    people = list(Nominal.objects.filter(team__area=essex).order_by("pk"))
    categories = [1] * 742 + [2] * 238 + [3] * 19
    Eligibility.objects.bulk_create([
        Eligibility(nominal=p, category=c, identified_on=D(2006, 5, 1), lead_agency=police if c == 1 else probation,
                    agency=police) for p, c in zip(people, categories, strict=True)])
    episodes = list(Eligibility.objects.filter(nominal__team__area=essex).order_by("nominal_id"))
    by_cat = {c: [e for e in episodes if e.category == c] for c in (1, 2, 3)}
    at_level = {2: by_cat[1][:72] + by_cat[2][:26] + by_cat[3][:19], 3: by_cat[1][72:79] + by_cat[2][26:29]}

    def decision(e, level, on):
        return LevelDecision(eligibility=e, nominal_id=e.nominal_id, level=level, forum="meeting", decided_by=coordinator,
                             decided_on=on, rationale="Agreed at the meeting", information_considered="Reports",
                             next_review=on + datetime.timedelta(days=112), agency=police)
    LevelDecision.objects.bulk_create(
        [decision(e, 1, D(2006, 6, 1)) for e in episodes]
        + [decision(e, level, D(2008, 6, 1)) for level, chosen in at_level.items() for e in chosen])
    sopo_people = [e.nominal_id for e in by_cat[1][400:436]]
    CivilOrder.objects.bulk_create([CivilOrder(nominal_id=pk, kind="sopo", applied_on=D(2008, 7, 1), agency=police)
                                    for pk in sopo_people])
    orders = list(CivilOrder.objects.filter(nominal_id__in=sopo_people).order_by("nominal_id"))
    OrderEvent.objects.bulk_create([OrderEvent(nominal_id=o.nominal_id, order=o, kind="granted", occurred_on=D(2009, 1, 10),
                                               agency=police) for o in orders[:18]])
    return essex, coordinator, divisions


@pytest.fixture
def essex(db):
    area, coordinator, divisions = essex_register()
    return area, coordinator, divisions


def built(user, area, year=2008):
    """Ask for the report as `user` and let a worker build it."""
    services.request_build(actor=user, area=area, year=year)
    assert worker.work("test-worker", batch=True) == 1


def values(report, key):
    table = next(t for t in report.tables if t.key == key)
    return {row.label: [f.value for f in row.cells] for row in table.rows}


def test_the_essex_figures_come_from_the_register(essex, world, django_assert_num_queries):
    area, coordinator, _ = essex
    with django_assert_num_queries(13):
        report = queries.build_report(coordinator, area, 2008)
    assert values(report, "eligible") == {"Registered sexual offenders": [742], "Violent offenders": [238],
                                          "Other dangerous offenders": [19], "Total": [999]}
    assert values(report, "level2") == {"Registered sexual offenders": [72], "Violent offenders": [26],
                                        "Other dangerous offenders": [19], "Total": [117]}
    assert values(report, "level3") == {"Registered sexual offenders": [7], "Violent offenders": [3],
                                        "Other dangerous offenders": [0], "Total": [10]}
    assert values(report, "rso") == {**{name: [n] for name, n in DIVISIONS}, "Total": [742],
                                     "Per 100,000 head of population": [46]}
    assert values(report, "orders_sopo") == {"Applied for": [36], "Interim order issued": [0], "Full order issued": [18]}
    # 13 queries (11 reads and 2 of reference data), whatever the size of the area. Cases held in another area are not Essex's.
    Eligibility.objects.create(nominal=world.case, category=1, identified_on=D(2006, 1, 1),
                               lead_agency=world.agencies["police"], agency=world.agencies["police"])
    assert values(queries.build_report(coordinator, area, 2008), "eligible")["Total"] == [999]


def test_the_coordinator_sees_the_report_and_opens_the_cases_behind_a_figure(essex, client):
    area, coordinator, _ = essex
    client.force_login(coordinator)
    page = client.get("/reports/annual/essex/?year=2008").content.decode()
    assert "MAPPA annual report: Essex, 2008-09" in page and "has not been built for you" in page
    assert client.get("/reports/annual/essex/2008/figures/level3.c2/").status_code == 404  # nothing built yet
    built(coordinator, area)
    page = client.get("/reports/annual/essex/?year=2008").content.decode()
    assert 'data-figure="eligible.total">' in page and ">999</a>" in page
    assert "Figures for every record held in the area" in page
    assert "Snapshot on 31 March 2009" in page and "Whole year, 1 April 2008 to 31 March 2009" in page
    assert "<svg" in page
    cases = client.get("/reports/annual/essex/2008/figures/level3.c2/").content.decode()
    assert "Offenders managed via MAPPA meetings: Level 3: Violent offenders" in cases
    assert cases.count('href="/mappa/people/') == 3
    assert AuditEvent.objects.filter(actor=coordinator, action=Action.VIEW, object_label__contains="cases behind").exists()
    assert client.get("/reports/annual/essex/2008/figures/no.such/").status_code == 404
    assert client.get("/reports/annual/").url == "/reports/annual/essex/"


def test_a_supervisor_gets_the_figures_for_the_cases_they_may_see_and_says_so(essex, client):
    area, coordinator, divisions = essex
    supervisor = make_user("westsup", divisions[4], Role.SUPERVISOR)
    elsewhere = Nominal.objects.filter(team=divisions[0]).first()
    Partner.objects.create(nominal=elsewhere, user=supervisor, added_by=coordinator)
    report = queries.build_report(supervisor, area, 2008)
    assert values(report, "eligible")["Registered sexual offenders"] == [88]  # their division's 87 and a partnership
    assert values(report, "rso")["South Eastern Police Division"] == [1]
    client.force_login(supervisor)
    built(supervisor, area)
    page = client.get("/reports/annual/essex/?year=2008").content.decode()
    assert "Figures for the cases you may see" in page
    cases = client.get("/reports/annual/essex/2008/figures/eligible.c2/").content.decode()
    assert "No cases behind this figure." in cases


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.PARTNER_READONLY])
def test_only_coordinators_and_supervisors_of_the_area_build_it(essex, client, role, world):
    area, _, divisions = essex
    client.force_login(make_user("someone", divisions[0], role))
    assert client.get("/reports/annual/essex/").status_code == 404
    assert client.get("/reports/annual/").status_code == 404
    client.force_login(world.admin)
    assert client.get("/reports/annual/essex/").status_code == 404
    client.force_login(world.coordinator)  # a co-ordinator of another area
    assert client.get("/reports/annual/essex/").status_code == 404
    assert client.get("/reports/annual/essex/2008/report.csv").status_code == 404
    assert client.post("/reports/annual/essex/build/", {"year": 2008}).status_code == 404
    assert APIClient().get("/api/v1/reports/annual/essex/2008/").status_code in (401, 403)


def test_a_bad_year_is_refused_plainly(essex, client):
    _, coordinator, _ = essex
    client.force_login(coordinator)
    page = client.get("/reports/annual/essex/?year=2007").content.decode()
    assert "Choose a year from 2008 to" in page  # no rule for where a reporting year begins before 2008
    assert client.get("/reports/annual/essex/2007/report.csv").status_code == 404
    assert client.get("/reports/annual/essex/?year=nonsense").status_code == 200


def test_csv_and_pdf(essex, client):
    area, coordinator, _ = essex
    built(coordinator, area)
    client.force_login(coordinator)
    response = client.get("/reports/annual/essex/2008/report.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1] == ["Table", "Row", "Column", "Figure", "Counting basis", "Counting rule"]
    eligible = [r for r in rows if r[0] == "Number of MAPPA eligible offenders"]
    assert [r[1:5] for r in eligible][-1] == ["Total", "Offenders", "999", "Snapshot on 31 March 2009"]
    assert AuditEvent.objects.filter(actor=coordinator, action=Action.EXPORT).count() == 1
    assert rows[0][0].startswith("MAPPA annual report, Essex, 1 April 2008 to 31 March 2009, built ")
    board = [r for r in rows if r[0] == "MAPPA level recorded"]
    assert [r[1:4] for r in board][-1] == ["Per cent with a level recorded", "Offenders", "100"]
    pdf = client.get("/reports/annual/essex/2008/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_api_gives_each_figure_with_its_basis_and_rule(essex):
    _, coordinator, _ = essex
    api = APIClient()
    api.force_authenticate(coordinator)
    assert api.get("/api/v1/reports/annual/essex/2008/").status_code == 404  # not built for this caller yet
    asked = api.post("/api/v1/reports/annual/essex/2008/")
    assert asked.status_code == 202 and asked.json()["status"] == "queued"
    assert api.post("/api/v1/reports/annual/essex/2008/").status_code == 409  # already under way
    worker.work("test-worker", batch=True)
    data = api.get("/api/v1/reports/annual/essex/2008/").json()
    eligible = next(t for t in data["tables"] if t["key"] == "eligible")
    total = eligible["rows"][-1]["cells"][0]
    assert total["value"] == 999 and total["basis"] == "snapshot" and total["cases"] == 999 and total["rule"]
    assert data["start"] == "2008-04-01" and data["end"] == "2009-03-31" and data["built_at"] and data["stale"] == ""
    assert [t["key"] for t in data["board"]][:2] == ["board_levels", "board_level_recorded"]
    schema = api.get("/api/schema/").content.decode()
    assert "/api/v1/reports/annual/{area}/{year}/" in schema


def test_an_areas_records_and_items_are_what_the_policy_gives_everyone(world):
    """policy.nominals_in_area and items_in_area, the report's reads, give each persona exactly what nominals_for
    and items_for give them within the area (the co-ordinator's query is only simpler)."""
    from django.utils import timezone

    from mappa.access import policy
    from mappa.nominals.models import Activity, Nominal

    # A record merged into another is counted once, as the survivor (as everywhere else).
    Nominal.objects.filter(pk=world.elsewhere.pk).update(merged_into=world.case, merged_at=timezone.now())
    assert world.elsewhere not in set(policy.nominals_in_area(world.coordinator, world.north.pk))
    for user in (world.coordinator, world.south_coordinator, world.om, world.probation_sup, world.police, world.health,
                 world.housing, world.officer, world.admin):
        for area in Area.objects.all():
            assert set(policy.nominals_in_area(user, area.pk)) == set(policy.nominals_for(user).filter(team__area=area))
            assert set(policy.items_in_area(user, Activity, area.pk)) == \
                set(policy.items_for(user, Activity).filter(nominal__team__area=area))
    police_sees = set(policy.items_in_area(world.coordinator, Activity, world.north.pk))
    assert world.intel in police_sees and world.health_note not in police_sees
