"""Bad input gets a clear answer and changes nothing: never an error page from deep inside."""
import pytest
from django.test import Client

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
    assert response["Content-Type"].startswith("application/json") and "detail" in response.json()


@pytest.mark.parametrize("query, field", [
    ({"manager": HUGE}, "manager"), ({"manager": "abc"}, "manager"), ({"unallocated": "maybe"}, "unallocated"),
    ({"q": "Davis", "date_of_birth": "1990-02-31"}, "date_of_birth"),
])
def test_the_api_refuses_filters_it_cannot_use(world, login, query, field):
    response = login(world.om).get("/api/v1/nominals/", query)
    assert response.status_code == 400
    assert field in response.json()


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
    assert refused.status_code == 400 and "kind" in refused.json()
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
    police = login(world.police).get(f"/people/{world.case.pk}/")
    assert "[VICTIM DETAILS]" in police.context["marking"] and "[INTELLIGENCE" in police.context["marking"]
    children = login(world.children).get(f"/people/{world.case.pk}/")
    assert children.context["marking"] == "OFFICIAL-SENSITIVE"


def test_the_api_explains_a_bad_date_and_a_link_to_an_unknown_record(world, login):
    url = f"/api/v1/nominals/{world.case.pk}/relationships/"
    body = login(world.om).post(url, {"kind": "associate", "other_nominal": 999999}, content_type="application/json").json()
    assert body["other_nominal"] == ["No record you can see has the id 999999"]
    created = login(world.om).post("/api/v1/nominals/", {"first_name": "Ann", "last_name": "Other",
                                                         "date_of_birth": "1990-02-31"}, content_type="application/json")
    assert created.status_code == 400 and "real date" in created.json()["date_of_birth"][0]


def test_emergency_reason_has_a_limit(world, login):
    page = login(world.officer).post("/emergency-access/", {"identifier": "2009/0012345A", "reason": "x" * 2001}).content.decode()
    assert "2000 characters or fewer" in page


def test_a_postcode_too_long_is_just_not_a_real_postcode(world, login):
    page = login(world.om).post(f"/people/{world.case.pk}/addresses/new/", {
        "status": "proposed", "kind": "home", "line1": "1 Long Road", "postcode": "ABCDEFGHIJKL"}).content.decode()
    assert "Enter a real postcode, like SW1A 1AA" in page and "characters or fewer" not in page
