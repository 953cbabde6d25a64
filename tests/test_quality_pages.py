"""The data-quality pages: the inspectors' figures from a register built in the database (paras 4.9 and 4.14), who
may see the measures (both ways), that a reader's figures and failing cases never reach beyond the records and items
they may see (every persona), the failing cases with links to where each is put right, paginated, the trend, and the
navigation link."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from mappa.access import policy
from mappa.accounts.models import Agency, Area, Role, Team
from mappa.arrangements.models import Eligibility, LevelDecision
from mappa.audit.models import AuditEvent
from mappa.core import extensions
from mappa.nominals.models import Nominal
from mappa.orders.models import NotificationRequirement
from mappa.quality import queries, rules
from mappa.risk.models import Assessment
from tests.conftest import make_user, spelled

D = datetime.date


def inspected_register():
    """The 62 records of para 4.14 in one area: ethnicity missing in 27; registration details missing in 6;
    Risk Matrix 2000 entered on 56, 15 of them not approved by a supervisor; the MAPPA level not recorded in 1
    (para 4.9). Written with the ORM; the measures read it as any register."""
    area = Area.objects.create(code="inspected", name="Inspected area")
    police = Agency.objects.create(code="insp-police", name="Inspected police", kind="police")
    ppu = Team.objects.create(agency=police, area=area, name="Public protection unit")
    unit = Team.objects.create(agency=police, area=area, name="Inspected MAPPA unit")
    coordinator = make_user("inspcoord", unit, Role.COORDINATOR)
    officer = make_user("inspofficer", ppu)
    Nominal.objects.bulk_create([
        Nominal(first_name="Person", last_name=f"Record{spelled(i)}", team=ppu, manager=officer,
                ethnicity="" if i < 27 else "White British") for i in range(62)])
    people = list(Nominal.objects.filter(team=ppu).order_by("pk"))
    Eligibility.objects.bulk_create([Eligibility(nominal=p, category=1, identified_on=D(2008, 1, 1), lead_agency=police,
                                                 agency=police) for p in people])
    episodes = list(Eligibility.objects.filter(nominal__team=ppu).order_by("nominal_id"))
    LevelDecision.objects.bulk_create([LevelDecision(
        eligibility=e, nominal_id=e.nominal_id, level=1, forum="lead_agency", decided_by=coordinator,
        decided_on=D(2008, 2, 1), rationale="Managed by the police alone", information_considered="The record",
        next_review=timezone.localdate() + datetime.timedelta(days=60), agency=police,
        coordinator_notified_at=timezone.now()) for e in episodes[1:]])
    NotificationRequirement.objects.bulk_create([NotificationRequirement(
        nominal=p, relevant_date=D(2008, 3, 1), agency=police) for p in people[6:]])
    Assessment.objects.bulk_create([Assessment(
        nominal=p, risk_type="reconviction", tool="rm2000", assessed_on=D(2008, 3, 10), level="medium", agency=police,
        status="completed" if i < 15 else "approved", completed_at=timezone.now(),
        approved_at=None if i < 15 else timezone.now()) for i, p in enumerate(people[6:])])
    return area, coordinator


@pytest.fixture
def inspected(db):
    return inspected_register()


def figures(user, area, key):
    today = timezone.localdate()
    found = queries.info(key, today)
    return rules.figure(rules.MEASURES[key].evaluate(queries.rows_for(user, area), today, found.settings))


def test_the_inspectors_figures_come_from_the_register(inspected, django_assert_num_queries):
    area, coordinator = inspected
    # A fixed number of reads, whatever the area's size: one for each kind of row, three more to judge victims by
    # the statutory contact scheme (their convictions, sentences and the scheme's dated history and timescales). The
    # sentences programme referrals are under, and a supervisor's staff with their training and supervision, are
    # read only when there are any: the co-ordinator has no team to see, and these records no referral.
    with django_assert_num_queries(27):
        queries.rows_for(coordinator, area)
    assert (figures(coordinator, area, "ethnicity").failed, figures(coordinator, area, "ethnicity").counted) == (27, 62)
    assert (figures(coordinator, area, "registration").failed, figures(coordinator, area, "registration").counted) == (6, 62)
    approved = figures(coordinator, area, "rm2000_approved")
    assert (approved.failed, approved.counted, approved.percent) == (15, 56, 73)
    assert (figures(coordinator, area, "level_recorded").passed, figures(coordinator, area, "level_recorded").counted) == (61, 62)
    assert figures(coordinator, area, "named_manager").percent == 100
    assert figures(coordinator, area, "level1_notified").percent == 100


def test_the_coordinator_sees_the_measures_and_opens_the_failing_cases(inspected, client):
    area, coordinator = inspected
    client.force_login(coordinator)
    page = client.get(reverse("quality:measures", args=[area.code])).content.decode()
    row = re.search(r'data-measure="ethnicity".*?</tr>', page, re.S).group(0)
    assert "35 of 62 (56%)" in row and "Below" in row
    assert "Figures for every record held in the area" in page
    detail = client.get(reverse("quality:measure", args=[area.code, "ethnicity"]))
    text = detail.content.decode()
    assert "27 failing" in text and "para 4.14" in text
    # Each failing case links to where it is put right; the co-ordinator may not change the person's details, so
    # the link opens the record and says who puts it right.
    first = Nominal.objects.filter(team__area=area, ethnicity="").order_by("last_name", "pk").first()
    assert f'href="{reverse("nominals:detail", args=[first.pk])}"' in text
    assert reverse("nominals:edit", args=[first.pk]) not in text
    assert "The record's manager or team puts this right" in text
    assert len(re.findall(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">\S+, ', text)) == 27
    # The trend: the end of each of the last 12 months, and today.
    trend = re.search(r'data-testid="trend".*?</table>', text, re.S).group(0)
    assert trend.count("<tr") == 14  # a header and 13 rows
    assert AuditEvent.objects.filter(actor=coordinator, object_label="Data quality measure: failing cases").exists()


def test_failing_cases_are_paginated(inspected, client):
    area, coordinator = inspected
    team = Team.objects.get(name="Public protection unit")
    Nominal.objects.bulk_create([Nominal(first_name="Extra", last_name=f"Zed{spelled(i)}", team=team) for i in range(40)])
    client.force_login(coordinator)
    url = reverse("quality:measure", args=[area.code, "ethnicity"])
    first, second = client.get(url).content.decode(), client.get(url + "?page=2").content.decode()
    assert "67 failing, 50 a page" in first and 'rel="next"' in first
    rows = lambda html: len(re.findall(r'href="/people/\d+/"', html))  # noqa: E731
    assert (rows(first), rows(second)) == (50, 17)


def test_a_team_or_a_manager_narrows_the_figures(inspected, client):
    area, coordinator = inspected
    officer = Nominal.objects.filter(team__area=area).first().manager
    other = make_user("inspother", officer.team)
    Nominal.objects.create(first_name="Only", last_name="Theirs", team=officer.team, manager=other, ethnicity="")
    client.force_login(coordinator)
    page = client.get(reverse("quality:measure", args=[area.code, "ethnicity"]) + f"?manager={other.pk}").content.decode()
    assert "1 failing" in page and "THEIRS, Only" in page and "RECORDZERO" not in page.upper().replace(" ", "")
    # A manager whose cases the reader does not hold is not offered, and is ignored.
    stranger = make_user("stranger", Team.objects.get(name="Inspected MAPPA unit"))
    ignored = client.get(reverse("quality:measures", args=[area.code]) + f"?manager={stranger.pk}").content.decode()
    assert "35 of 63" in ignored


@pytest.mark.parametrize("persona,allowed", [
    ("coordinator", True), ("probation_sup", True), ("police_sup", True), ("om", False), ("colleague", False),
    ("housing", False), ("officer", False), ("admin", False), ("south_coordinator", False), ("south", False)])
def test_only_coordinators_and_supervisors_of_the_area_see_the_measures(world, client, persona, allowed):
    user = getattr(world, persona)
    client.force_login(user)
    for url in (reverse("quality:measures", args=["north"]), reverse("quality:measure", args=["north", "ethnicity"]),
                reverse("quality:audits", args=["north"])):
        assert client.get(url).status_code == (200 if allowed else 404), url
    # Southshire's co-ordinator has the link too, to their own area's measures.
    own_area = allowed or persona == "south_coordinator"
    assert any(link.url_name == "quality:index" for link in extensions.nav_for(user)) == own_area
    assert client.get(reverse("quality:index")).status_code == (302 if own_area else 404)


def test_an_unknown_measure_answers_404(world, client):
    client.force_login(world.coordinator)
    assert client.get(reverse("quality:measure", args=["north", "nothing"])).status_code == 404


PERSONAS = ["coordinator", "probation_sup", "police_sup", "om", "colleague", "other_office", "police", "children",
            "housing", "health", "officer", "admin", "south", "south_coordinator"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_reader_never_gets_counts_or_cases_beyond_what_they_may_see(world, persona):
    """Every measure's checks name only records the reader may read, and count every item they may see only:
    here an approved Risk Matrix 2000 restricted as intelligence counts for the police, never for probation."""
    user = getattr(world, persona)
    Assessment.objects.create(nominal=world.case, risk_type="reconviction", tool="rm2000", assessed_on=D(2025, 1, 1),
                              level="high", status="approved", completed_at=timezone.now(), approved_at=timezone.now(),
                              agency=world.agencies["police"], handling="intelligence")
    visible = set(policy.nominals_for(user).filter(team__area=world.north).values_list("pk", flat=True))
    rows = queries.rows_for(user, world.north)
    assert {p.pk for p in rows.people} == visible
    today = timezone.localdate()
    team = set(policy.team_members_for(user).values_list("pk", flat=True))  # staff only a team's supervisor sees
    for found in queries.measures(today):
        checks = rules.MEASURES[found.key].evaluate(rows, today, found.settings)
        if rules.MEASURES[found.key].about == rules.STAFF:
            assert {c.staff_id for c in checks} <= team and all(c.nominal_id is None for c in checks), found.key
        else:
            assert {c.nominal_id for c in checks} <= visible, found.key
    approved = [a for a in rows.assessments if a.nominal_id == world.case.pk]
    sees_it = world.case.pk in visible and user.agency is not None and user.agency.kind == "police"
    assert bool(approved) == sees_it


def test_a_supervisor_is_told_the_figures_are_for_the_cases_they_may_see(world, client):
    client.force_login(world.probation_sup)
    page = client.get(reverse("quality:measure", args=["north", "ethnicity"])).content.decode()
    assert "Figures for the cases you may see" in page
    assert "DAVIS, Jonah" in page and "SMITH, Peter" in page
    assert "DAVIES, Jon" not in page  # held by another office: not theirs to see
    assert "2 failing" in page
    # Their team's records are theirs to change: the links go to where ethnicity is recorded.
    assert reverse("nominals:edit", args=[world.case.pk]) in page and reverse("nominals:edit", args=[world.unallocated.pk]) in page


def test_the_api_gives_each_measure_with_its_figure_and_source(inspected, world):
    area, coordinator = inspected
    api = APIClient()
    api.force_authenticate(coordinator)
    data = api.get(f"/api/v1/quality/{area.code}/").json()
    ethnicity = next(m for m in data["measures"] if m["key"] == "ethnicity")
    assert (ethnicity["passed"], ethnicity["counted"], ethnicity["qm"], ethnicity["meets"]) == (35, 62, "QM-01", False)
    assert "para 4.14" in ethnicity["source"]
    api.force_authenticate(world.probation_sup)  # a supervisor of another area
    assert api.get(f"/api/v1/quality/{area.code}/").status_code == 404
    assert "/api/v1/quality/{area}/" in api.get("/api/schema/").content.decode()


def test_visit_and_intelligence_measures_come_from_the_register_and_link_to_where_they_are_put_right(world, client):
    from mappa.intelligence.models import IntelligenceItem
    from mappa.visits.models import Visit

    today = timezone.localdate()
    police = world.agencies["police"]
    Visit.objects.create(nominal=world.case, agency=police, visit_agency="police", planned_for=today - datetime.timedelta(days=10),
                         outcome="attended", occurred_on=today - datetime.timedelta(days=10))  # no check recorded
    Visit.objects.create(nominal=world.case, agency=police, visit_agency="police", planned_for=today - datetime.timedelta(days=5),
                         outcome="no_answer", occurred_on=today - datetime.timedelta(days=5),
                         checked_at=timezone.now() - datetime.timedelta(days=6), pnc_checked=True)
    overdue = IntelligenceItem.objects.create(
        nominal=world.case, information="Seen with a child", source_type="frontline", obtained_on=today - datetime.timedelta(days=9),
        submitted_at=timezone.now() - datetime.timedelta(days=8), due_on=today - datetime.timedelta(days=5), created_by=world.police)
    IntelligenceItem.objects.create(  # still within its time: not counted
        nominal=world.unallocated, information="A new car", source_type="partner", obtained_on=today,
        submitted_at=timezone.now(), due_on=today + datetime.timedelta(days=3), created_by=world.police)
    rows = queries.rows_for(world.coordinator, world.north)
    for key, expected in (("visit_checked", (1, 2)), ("visit_pnc", (1, 2)), ("intelligence_evaluated", (0, 1))):
        found = queries.info(key, today)
        figure = rules.figure(rules.MEASURES[key].evaluate(rows, today, found.settings))
        assert (figure.passed, figure.counted) == expected, key
    # The supervisor answers for the team's intelligence: the failing item links to its evaluation. The co-ordinator
    # may not evaluate it, so theirs links to the case.
    evaluate = reverse("intelligence:evaluate", args=[world.case.pk, overdue.pk])
    client.force_login(world.probation_sup)
    page = client.get(reverse("quality:measure", args=["north", "intelligence_evaluated"])).content.decode()
    assert "QM-36" in page and "Information not evaluated" in page and evaluate in page
    client.force_login(world.coordinator)
    page = client.get(reverse("quality:measure", args=["north", "intelligence_evaluated"])).content.decode()
    assert "DAVIS, Jonah" in page and evaluate not in page and "Seen with a child" not in page
    page = client.get(reverse("quality:measure", args=["north", "visit_checked"])).content.decode()
    assert "QM-92" in page and "No pre-visit check recorded" in page and reverse("visits:visits", args=[world.case.pk]) in page
