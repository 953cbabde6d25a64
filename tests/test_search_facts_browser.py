"""Searching by a vehicle in a real browser: the fields under "Add a postcode, PNC number, vehicle or phone number"."""
import pytest
from playwright.sync_api import expect

from mappa.nominals import services
from mappa.nominals.items import KINDS
from tests.browser import sign_in

pytestmark = pytest.mark.browser


def test_a_misread_vehicle_finds_the_person_and_says_why(world, live_server, page):  # noqa: F811
    services.create_item(actor=world.om, nominal=world.case, kind=KINDS["vehicles"], data={"registration": "AB12 CDE"})
    sign_in(page, live_server, "om")
    page.goto(f"{live_server.url}/people/")
    page.get_by_text("Add a postcode, PNC number, vehicle or phone number").click()
    page.get_by_label("Vehicle registration").fill("a812 cde")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="DAVIS, Jonah")).to_be_visible()
    expect(page.get_by_test_id("why")).to_contain_text("Vehicle AB12 CDE, you searched A812 CDE: B and 8 look alike")
    assert "registration=a812" in page.url
    page.reload()  # the fields searched stay open
    expect(page.get_by_label("Vehicle registration")).to_have_value("a812 cde")
    assert page.csp_errors == []
