"""Home visits on pages and through the API: the case page's panel and tab, the forms, the schema, and
restricted hazards kept from readers who may not see them."""
import datetime

import pytest
from django.utils import timezone

from mappa.core import facts
from mappa.visits.models import Hazard, Visit
from tests.conftest import known_facts

TODAY = timezone.localdate()
J = {"content_type": "application/json"}


@pytest.fixture
def registered(world, monkeypatch):
    """The person is registered with high RoSH, as the orders and risk parts would say."""
    known_facts(monkeypatch, world.case, rosh="high", notification_requirements=facts.Flag(
        True, facts.Source("Notification requirements"), since=TODAY - datetime.timedelta(days=60)))
    return world


def date(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_the_case_page_shows_the_visits_panel_and_tab(registered, login):
    page = login(registered.police).get(f"/people/{registered.case.pk}/")
    assert page.status_code == 200
    assert b"Home visits" in page.content and f"/visits/{registered.case.pk}/".encode() in page.content


def test_plan_check_and_record_a_visit_on_the_pages(registered, login):
    w = registered
    client = login(w.police)
    case = w.case.pk
    assert client.get(f"/visits/{case}/").status_code == 200
    made = client.post(f"/visits/{case}/add/", {"visit_agency": "police", **date("planned_for", TODAY)})
    assert made.status_code == 302
    visit = Visit.objects.get(nominal=w.case)
    early = client.post(f"/visits/{case}/{visit.pk}/outcome/", {"version": visit.version, "outcome": "attended",
                                                                 **date("occurred_on", TODAY)})
    assert early.status_code == 200 and b"pre-visit check" in early.content
    check_page = client.get(f"/visits/{case}/{visit.pk}/check/")
    assert check_page.status_code == 200 and b"Seen near a school" in check_page.content  # intelligence the police may see
    from mappa.audit.models import Action, AuditEvent
    assert AuditEvent.objects.filter(actor=w.police, action=Action.VIEW, nominal=w.case, object_type="visit",
                                     details__what="pre-visit check").count() == 1
    saved = client.post(f"/visits/{case}/{visit.pk}/check/", {
        "version": visit.version, "record_read": "on", "pnc_checked": "on", "pnc_result": "Not wanted", "crewing": "double",
        "officer": "PC Ahmed", "hazard_kind": "weapon", "hazard_details": "Crossbow in the shed", "hazard_handling": "intelligence"})
    assert saved.status_code == 302
    visit.refresh_from_db()
    done = client.post(f"/visits/{case}/{visit.pk}/outcome/", {"version": visit.version, "outcome": "attended",
                                                                "observations": "All well", **date("occurred_on", TODAY)})
    assert done.status_code == 302
    assert Visit.objects.get(pk=visit.pk).outcome == "attended"
    assert b"Crossbow in the shed" in client.get(f"/visits/{case}/").content
    probation_page = login(w.om).get(f"/visits/{case}/")
    assert probation_page.status_code == 200 and b"Crossbow" not in probation_page.content


def test_bad_input_is_refused_plainly_on_the_page(registered, login):
    w = registered
    response = login(w.police).post(f"/visits/{w.case.pk}/add/", {"visit_agency": "police"})
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    assert not Visit.objects.filter(nominal=w.case).exists()


def test_visits_through_the_api_and_in_the_schema(registered, client):
    w = registered
    client.force_login(w.police)
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/nominals/{nominal_pk}/visits/" in paths
    base = f"/api/v1/nominals/{w.case.pk}/visits/"
    created = client.post(base, {"visit_agency": "police", "planned_for": str(TODAY)}, **J)
    assert created.status_code == 201
    vid, version = created.json()["id"], created.json()["version"]
    refused = client.post(f"{base}{vid}/outcome/", {"version": version, "outcome": "attended"}, **J)
    assert refused.status_code == 400 and "pre-visit check" in refused.content.decode()
    checked = client.post(f"{base}{vid}/check/", {
        "version": version, "record_read": True, "pnc_checked": True, "pnc_result": "Not wanted", "crewing": "single",
        "officer": "PC Ahmed", "hazards": [{"kind": "dog", "details": "Dog in the yard", "handling": "intelligence"}]}, **J)
    assert checked.status_code == 200, checked.content
    stale = client.post(f"{base}{vid}/outcome/", {"version": version, "outcome": "no_answer"}, **J)
    assert stale.status_code == 409
    outcome = client.post(f"{base}{vid}/outcome/", {"version": checked.json()["version"], "outcome": "no_answer"}, **J)
    assert outcome.status_code == 200
    listing = client.get(base).json()
    assert {s["agency"] for s in listing["schedules"]} == {"police", "probation"} and listing["visits"][0]["outcome"] == "no_answer"
    assert client.get(f"{base}{vid}/").json()["hazards"][0]["details"] == "Dog in the yard"
    client.force_login(w.om)
    assert client.get(f"{base}{vid}/").json()["hazards"] == []
    assert Hazard.objects.count() == 1
    assert client.post(f"{base}{vid}/warrant/", {"version": 1}, **J).status_code == 400


def test_a_restricted_visit_and_override_are_not_dated_or_explained_to_readers_outside_them(registered):
    """The schedule counts every attended visit, but a reader outside a visit's restriction is not told its
    date (nor changes since it), and an agreed schedule's restricted reason is not shown to them."""
    from mappa.visits import queries
    from mappa.visits.models import ScheduleOverride

    w = registered
    hidden_day = TODAY - datetime.timedelta(days=10)
    Visit.objects.create(nominal=w.case, visit_agency="police", planned_for=hidden_day, outcome="attended",
                         occurred_on=hidden_day, handling="intelligence", agency=w.police.agency, created_by=w.police)
    ScheduleOverride.objects.create(nominal=w.case, visit_agency="probation", every_months=2, reason="Covert operation",
                                    agreed_by=w.police_sup, agreed_on=TODAY, handling="intelligence",
                                    agency=w.police.agency, created_by=w.police_sup)
    police = {d.agency: d for d in queries.schedules(w.police, w.case, TODAY)}
    probation = {d.agency: d for d in queries.schedules(w.om, w.case, TODAY)}
    assert police["police"].last_attended == hidden_day
    assert probation["police"].last_attended is None
    assert police["police"].due == probation["police"].due  # the rule still weighs the hidden visit
    assert "Covert operation" in police["probation"].schedule.reason
    assert "Covert operation" not in probation["probation"].schedule.reason
    assert probation["probation"].override is None and probation["probation"].schedule.interval == {"months": 2}


def test_a_stale_pre_visit_check_shows_the_other_officers_check_for_review(registered, login):
    w = registered
    client = login(w.police)
    client.post(f"/visits/{w.case.pk}/add/", {"visit_agency": "police", **date("planned_for", TODAY)})
    visit = Visit.objects.get(nominal=w.case)
    check = {"record_read": "on", "pnc_checked": "on", "pnc_result": "Not wanted", "crewing": "double", "officer": "PC Ahmed"}
    assert client.post(f"/visits/{w.case.pk}/{visit.pk}/check/", {"version": visit.version, **check}).status_code == 302
    late = client.post(f"/visits/{w.case.pk}/{visit.pk}/check/", {"version": visit.version, **check, "crewing": "single",
                                                                   "pnc_result": "Wanted on warrant"})
    assert late.status_code == 200 and b'data-testid="conflict"' in late.content and b"Not wanted" in late.content
    visit.refresh_from_db()
    assert (visit.crewing, visit.pnc_result) == ("double", "Not wanted")
