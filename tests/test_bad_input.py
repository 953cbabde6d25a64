"""Bad input gets a clear answer and changes nothing: never an error page from deep inside."""
import pytest
from django.test import Client
from django.utils import timezone

from mappa.nominals.models import Nominal

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def test_huge_numbers_in_a_date_are_a_plain_error(world, login):
    page = login(world.om).get("/people/", {"q": "", "dob_day": HUGE, "dob_month": "1", "dob_year": "1980"})
    assert page.status_code == 200
    assert "Date of birth must be a real date" in page.content.decode()
    before = Nominal.objects.count()
    made = login(world.om).post("/people/new/", {"first_name": "Ann", "last_name": "Other", "date_of_birth_day": "1",
                                                 "date_of_birth_month": HUGE, "date_of_birth_year": "1980"})
    assert made.status_code == 200 and "must be a real date" in made.content.decode()
    assert Nominal.objects.count() == before


@pytest.mark.parametrize("path", [f"/people/{HUGE}/", f"/people/{HUGE}/addresses/", "/people/abc/"])
def test_an_id_that_cannot_exist_is_not_found(world, login, path):
    response = login(world.om).get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() and "OFFICIAL" in response.content.decode()


@pytest.mark.parametrize("path", [f"/api/v1/nominals/{HUGE}/", "/api/v1/nominals/abc/", "/api/v1/nowhere/",
                                  f"/api/v1/nominals/1/addresses/{HUGE}/"])
def test_the_api_answers_not_found_in_json(world, login, path):
    response = login(world.om).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json" and "detail" in response.json()


@pytest.mark.parametrize("query, field", [
    ({"manager": HUGE}, "manager"), ({"manager": "abc"}, "manager"), ({"unallocated": "maybe"}, "unallocated"),
    ({"q": "Davis", "date_of_birth": "1990-02-31"}, "date_of_birth"),
])
def test_the_api_refuses_filters_it_cannot_use(world, login, query, field):
    response = login(world.om).get("/api/v1/nominals/", query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_api_filters_by_manager_and_allocation(world, login):
    client = login(world.om)
    mine = [row["id"] for row in client.get("/api/v1/nominals/", {"manager": world.om.pk}).json()["results"]]
    assert world.case.pk in mine and world.unallocated.pk not in mine
    held = [row["id"] for row in client.get("/api/v1/nominals/", {"unallocated": "true"}).json()["results"]]
    assert held == [world.unallocated.pk]
    managed = [row["id"] for row in client.get("/api/v1/nominals/", {"unallocated": "false"}).json()["results"]]
    assert world.unallocated.pk not in managed and world.case.pk in managed


def test_activities_filter_by_type_and_refuse_an_unknown_type(world, login):
    client = login(world.om)
    url = f"/api/v1/nominals/{world.case.pk}/activities/"
    visits = client.get(url, {"kind": "home_visit"}).json()["results"]
    assert visits and {row["kind"] for row in visits} == {"home_visit"}
    assert client.get(url, {"kind": "party"}).status_code == 400


def test_record_changes_are_not_chosen_by_users(world, login):
    client = login(world.om)
    url = f"/api/v1/nominals/{world.case.pk}/activities/"
    refused = client.post(url, {"kind": "change", "summary": "Pretend change", "occurred_at": "2026-01-01T10:00:00Z"},
                          content_type="application/json")
    assert refused.status_code == 400 and "kind" in refused.json()["errors"]
    form = client.get(f"/people/{world.case.pk}/activities/new/").content.decode()
    assert 'value="home_visit"' in form and 'value="change"' not in form


def test_an_unexpected_error_shows_the_service_page(world, settings):
    settings.DEBUG = False
    from mappa.core import errors

    request = Client().get("/").wsgi_request
    page = errors.server_error(request)
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.content.decode()
    assert "OFFICIAL" in page.content.decode()


@pytest.mark.parametrize("name", ["123 <script>", "Smith2", "a@b"])
def test_names_must_be_written_as_names(world, login, name):
    page = login(world.om).post("/people/new/", {"first_name": "Ann", "last_name": name, "gender": "unknown"}).content.decode()
    assert "Last name must only include letters, spaces, hyphens and apostrophes" in page
    assert not Nominal.objects.filter(first_name="Ann").exists()


def test_generic_form_messages_name_the_field(world, login):
    page = login(world.om).post("/people/new/", {"first_name": "Ann", "last_name": "Other", "gender": "",
                                                 "middle_names": "x" * 201}).content.decode()
    assert "Select the gender" in page and "This field is required" not in page
    assert "Middle names must be 200 characters or fewer" in page


def test_the_case_page_marking_names_the_restricted_items_it_shows(world, login):
    police = login(world.police)
    assert "[VICTIM DETAILS]" in police.get(f"/people/{world.case.pk}/details/").context["marking"]  # a victim
    assert "[INTELLIGENCE" in police.get(f"/people/{world.case.pk}/activities/").context["marking"]  # a police note
    children = login(world.children).get(f"/people/{world.case.pk}/details/")
    assert children.context["marking"] == "OFFICIAL-SENSITIVE"


def test_the_api_explains_a_bad_date_and_a_link_to_an_unknown_record(world, login):
    url = f"/api/v1/nominals/{world.case.pk}/relationships/"
    body = login(world.om).post(url, {"kind": "associate", "other_nominal": 999999}, content_type="application/json").json()
    assert body["errors"]["other_nominal"] == ["No record you can see has the id 999999"]
    created = login(world.om).post("/api/v1/nominals/", {"first_name": "Ann", "last_name": "Other",
                                                         "date_of_birth": "1990-02-31"}, content_type="application/json")
    assert created.status_code == 400 and "real date" in created.json()["errors"]["date_of_birth"][0]


def test_emergency_reason_has_a_limit(world, login):
    page = login(world.officer).post("/emergency-access/", {"identifier": "2009/0012345A", "reason": "x" * 2001}).content.decode()
    assert "2000 characters or fewer" in page


def test_a_postcode_too_long_is_just_not_a_real_postcode(world, login):
    page = login(world.om).post(f"/people/{world.case.pk}/addresses/new/", {
        "status": "proposed", "kind": "home", "line1": "1 Long Road", "postcode": "ABCDEFGHIJKL"}).content.decode()
    assert "Enter a real postcode, like SW1A 1AA" in page and "characters or fewer" not in page


# --- ids and numbers in query parameters: only ASCII digits within a record id's bound ----------------

ODD_NUMBERS = ["²", "١٢", HUGE, "-1", "0"]  # a superscript and Arabic-Indic digits pass str.isdigit()


def _licence(world):
    import datetime

    from mappa.licences import services as licences

    today = timezone.localdate()
    return licences.create_licence(actor=world.om, nominal=world.case, data={
        "kind": "standard", "start_date": today - datetime.timedelta(days=30),
        "end_date": today + datetime.timedelta(days=300), "issued_by": "HMP Brackford"})


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_pages_ignore_an_id_in_the_address_that_is_not_one(world, login, value):
    licence = _licence(world)
    pk = world.case.pk
    pages = [
        (world.om, f"/plans/{pk}/", {"agency": value}),
        (world.om, f"/mappa/people/{pk}/level/", {"meeting": value}),
        (world.coordinator, "/mappa/co-ordinator/", {"category": value, "level": value}),
        (world.om, f"/licences/people/{pk}/zones/new/", {"condition": value}),
        (world.om, f"/licences/people/{pk}/locations/new/", {"address": value}),
        (world.om, f"/licences/{licence.pk}/variations/new/", {"kind": "vary", "condition": value}),
    ]
    for user, path, query in pages:
        response = login(user).get(path, query)
        assert response.status_code == 200, path


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_the_api_refuses_an_id_in_the_address_that_is_not_one(world, login, value):
    client = login(world.om)
    for path, name in [("/api/v1/nominals/", "manager"), (f"/api/v1/nominals/{world.case.pk}/plan/items/", "agency")]:
        response = client.get(path, {name: value})
        assert response.status_code == 400, path
        assert "whole number" in response.json()["errors"][name][0]


def test_an_id_in_the_address_still_filters(world, login):
    from mappa.plans import services as plans

    plans.add_item(actor=world.om, nominal=world.case, data={"heading": "supervision", "what": "Weekly reporting", "owner": world.om})
    client = login(world.om)
    url = f"/api/v1/nominals/{world.case.pk}/plan/items/"
    assert len(client.get(url, {"agency": world.om.agency_id}).json()["results"]) == 1
    assert client.get(url, {"agency": world.police.agency_id}).json()["results"] == []
    assert world.case.pk in [row["id"] for row in client.get("/api/v1/nominals/", {"manager": str(world.om.pk)}).json()["results"]]


# --- request bodies the API cannot use -----------------------------------------------------------------

def test_json_nested_too_deep_is_refused_plainly(world, login):
    body = "[" * 50_000 + "]" * 50_000
    for path in ["/api/v1/nominals/", f"/api/v1/nominals/{world.case.pk}/vehicles/", "/api/v1/risk/score/"]:
        response = login(world.om).post(path, body, content_type="application/json")
        assert response.status_code == 400, path
        assert "nested" in response.json()["detail"]
    nested = {"registration": "AB12 CDE"}
    for _ in range(100):
        nested = {"inner": nested}
    response = login(world.om).post(f"/api/v1/nominals/{world.case.pk}/vehicles/", nested, content_type="application/json")
    assert response.status_code == 400 and "nested" in response.json()["detail"]


@pytest.mark.parametrize("body", ["[]", "null", "123", '"version"'])
def test_a_body_that_is_not_a_json_object_is_refused_plainly(world, login, body):

    from mappa.risk import services as risk
    from mappa.risk.models import RiskType, Tool
    from tests.test_risk_services import OGRS3_VALUES

    assessment = risk.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.RECONVICTION,
                                        tool=Tool.OGRS3, assessed_on=timezone.localdate(), values=OGRS3_VALUES)
    licence = _licence(world)
    client = login(world.om)
    paths = [("patch", f"/api/v1/nominals/{world.case.pk}/"),
             ("patch", f"/api/v1/nominals/{world.case.pk}/addresses/{world.address.pk}/"),
             ("post", f"/api/v1/nominals/{world.case.pk}/vehicles/"),
             ("post", f"/api/v1/nominals/{world.case.pk}/assessments/{assessment.pk}/complete/"),
             ("patch", f"/api/v1/licences/{licence.pk}/")]
    for method, path in paths:
        response = getattr(client, method)(path, body, content_type="application/json")
        assert response.status_code == 400, path
        problem = response.json()
        assert problem["detail"] == "The body must be a JSON object, such as {\"version\": 3}", path
        assert problem["errors"] == {"non_field_errors": [problem["detail"]]}, path


@pytest.mark.parametrize("version", ["²", HUGE, 1.5, True, [1], -1])
def test_a_version_that_is_not_a_whole_number_is_refused(world, login, version):
    licence = _licence(world)
    client = login(world.om)
    for path, change in [(f"/api/v1/nominals/{world.case.pk}/", {"last_name": "Davison"}),
                         (f"/api/v1/licences/{licence.pk}/", {"issued_by": "HMP Elsewhere"})]:
        response = client.patch(path, {"version": version, **change}, content_type="application/json")
        assert response.status_code == 400, path
        assert "version" in response.json()["errors"], path


# --- a date before the guidance that sets a rule: a plain refusal that names the rule -------------------

def _with_a_plan(world):
    from mappa.plans import services as plans

    plans.add_item(actor=world.om, nominal=world.case, data={"heading": "supervision", "what": "Weekly reporting",
                                                             "owner": world.om})


@pytest.mark.parametrize("slug, body, rule", [
    ("further-offences", {"offence": "Wounding", "occurred_on": "2010-05-31", "while_under": "licence", "violent": True,
                          "maximum_penalty_years": "999"},
     "There is no guidance in force on 31 May 2010 for “A further offence is serious when sexual or violent and carrying "
     "this maximum penalty or more”: the earliest is from 1 June 2010"),
    ("custody", {"kind": "remand", "started_on": "1999-12-01", "ended_on": "2000-01-01"},
     "There is no guidance in force on 1 January 2000 for “Days (beginning with conviction, caution or release) to make "
     "the initial notification”: the earliest is from 1 May 2004"),
])
def test_a_date_before_the_guidance_is_refused_in_the_api_naming_the_rule(world, login, slug, body, rule):
    from mappa.orders.models import Breach, CustodyPeriod, FurtherOffence

    _with_a_plan(world)
    response = login(world.om).post(f"/api/v1/nominals/{world.case.pk}/{slug}/", body, content_type="application/json")
    assert response.status_code == 400
    assert rule in " ".join(response.json()["errors"]["non_field_errors"])
    assert not (FurtherOffence.objects.exists() or Breach.objects.exists() or CustodyPeriod.objects.exists())


def test_a_breach_before_the_plans_guidance_is_recorded_and_asks_for_a_review_now(world, login):
    """A breach of 2009 learned of today is history to record: the plan review it asks for is judged by the
    guidance in force when it is recorded."""
    from mappa.orders.models import Breach
    from mappa.plans.models import PlanReviewTrigger

    _with_a_plan(world)
    response = login(world.om).post(f"/api/v1/nominals/{world.case.pk}/breaches/",
                                    {"against": "licence", "occurred_on": "2009-03-31", "what": "Seen near a school"},
                                    content_type="application/json")
    assert response.status_code == 201
    assert Breach.objects.get().occurred_on.isoformat() == "2009-03-31"
    assert PlanReviewTrigger.objects.filter(kind="breach").exists()


def test_a_date_before_the_guidance_is_a_form_error_on_the_page(world, login):
    from mappa.orders.models import FurtherOffence

    page = login(world.om).post(f"/orders/{world.case.pk}/further-offences/new/", {
        "offence": "Wounding", "while_under": "licence", "violent": "on", "maximum_penalty_years": "999",
        "occurred_on_day": "31", "occurred_on_month": "5", "occurred_on_year": "2010"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "There is a problem" in text
    assert "There is no guidance in force on 31 May 2010" in text and "the earliest is from 1 June 2010" in text
    assert not FurtherOffence.objects.exists()


def test_other_parts_refuse_a_date_before_their_guidance_the_same_way(world, login):
    client = login(world.om)
    scored = client.post("/api/v1/risk/score/", {"tool": "ogrs3", "assessed_on": "2008-01-01", "inputs": {
        "gender": "male", "date_of_birth": "1980-01-01", "date_of_current_conviction": "2007-05-01", "offence_code": "028/01",
        "total_sanctions": 3, "age_at_first_sanction": 16, "date_at_start_of_follow_up": "2007-05-01"}},
        content_type="application/json")
    assert scored.status_code == 400
    assert "There is no guidance in force on 1 January 2008" in " ".join(scored.json()["errors"]["non_field_errors"])


def test_json_typed_into_a_page_nested_too_deep_is_a_form_error(world, login):
    page = login(world.admin).post("/risk/tables/", {"definition": "[" * 50_000 + "]" * 50_000,
                                                     "effective_from_day": "1", "effective_from_month": "1",
                                                     "effective_from_year": "2020"})
    assert page.status_code == 200 and "nested too deeply" in page.content.decode()
