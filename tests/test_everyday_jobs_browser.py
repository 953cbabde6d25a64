"""The everyday jobs counted in clicks, in headless Chromium over the demo: each job is done the way a new user
would do it, every link and button clicked goes through one counter, and each job must take fewer clicks than it
did when the service was first tried as a new user would (issue 22).

What counts: each link or button clicked. Typing, ticking a box and choosing from a list are not counted, before
or after. The "before" numbers were measured with the same steps on the service as it was then (commit 3bd3617,
the demo loaded the same way); the first job, find a case and update it, is counted in test_case_page_browser.py."""
import re

import pytest

from mappa.nominals.models import Nominal
from tests.test_case_page_browser import Clicks
from tests.test_layout_browser import demo, signed_in  # noqa: F401

pytestmark = pytest.mark.browser

# Clicks the same job took before (commit 3bd3617), with the step that is gone.
BEFORE = {
    # Find the person to read their record number (3 clicks), then type it into the agenda form.
    "meeting": 10,
    # No postcode lookup: the point was clicked on the map, after "Locate an address" and choosing the address.
    "address": 5,
    # Home opened on the empty "Cases you manage" tab for a partner who manages no one.
    "partner": 3,
    # The officer's empty search pointed nowhere: back to Home for the emergency access link, identifier typed again.
    "emergency": 5,
}


def test_running_a_level_2_meeting_from_agenda_to_minutes_pdf(demo, live_server):  # noqa: F811
    """The co-ordinator adds Raymond Stott to today's level 2 meeting by name (live results as she types), records
    the minutes of his discussion and downloads the minutes as a PDF."""
    page = signed_in(demo, live_server, "coordinator", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    click = Clicks(page)
    click(page.get_by_role("link", name="MAPPA meetings"))
    click(page.get_by_role("link", name="Level 2 MAPP meeting"))
    click(page.get_by_role("link", name="Add a case to the agenda"))
    page.get_by_label("Name of the person").press_sequentially("Raymond Stott", delay=20)
    click(page.get_by_role("button", name="Add Raymond Stott to the agenda"))  # the results came as she typed
    page.get_by_text("Raymond Stott added to the agenda.").wait_for()
    click(page.get_by_role("link", name="Record minutes for Raymond Stott"))
    page.get_by_label("Discussion").fill("Recalled; the police intelligence about the park reviewed")
    page.get_by_label("Disclosure to third parties was considered").check()
    page.get_by_label("Decision on disclosure to third parties").fill("No disclosure: no one at risk is unaware")
    page.get_by_label("Decisions").fill("Stay at level 2; apply for a sexual harm prevention order")
    click(page.get_by_role("button", name="Save"))
    with page.expect_download() as download:
        click(page.get_by_role("link", name="Download the minutes (PDF)"))
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert click.count == 7 < BEFORE["meeting"], click.count
    page.context.close()


def test_checking_an_address_against_the_zones(demo, live_server):  # noqa: F811
    """A proposed address for Lee Hartnell has just been recorded; his offender manager checks it against his
    exclusion zones. The Licence tab lists it under "Not checked yet"; its point comes from the postcode."""
    from mappa.licences.models import AddressLocation
    from mappa.nominals import services
    from mappa.nominals.items import KINDS

    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell")
    services.create_item(actor=hartnell.manager, nominal=hartnell, kind=KINDS["addresses"], data={
        "status": "proposed", "kind": "home", "line1": "9 Orchard Way", "town": "Hallam Cross", "postcode": "NX2 6PL"})
    page = signed_in(demo, live_server, "om.probation", viewport={"width": 1280, "height": 900})
    click = Clicks(page)
    click(page.get_by_role("link", name="HARTNELL, Lee").first)
    click(page.get_by_role("link", name="Licence", exact=True))
    click(page.get_by_role("link", name="Check 9 Orchard Way, Hallam Cross, NX2 6PL against the zones"))
    # The point is already in the form, found from the postcode, to check on the map before saving.
    assert page.locator("#id_latitude").input_value() and page.locator("#id_longitude").input_value()
    assert "Found NX2 6PL" in page.locator("main").inner_text()
    click(page.get_by_role("button", name="Save and check"))
    banner = page.locator(".govuk-notification-banner, .govuk-error-summary").first.inner_text()
    assert re.search(r"clear of|inside an exclusion zone|near an exclusion zone", banner), banner
    assert AddressLocation.objects.filter(address__line1="9 Orchard Way").exists()
    assert click.count == 4 < BEFORE["address"], click.count
    page.context.close()


def test_what_a_partner_sees(demo, live_server):  # noqa: F811
    """A children's services worker, partner on three cases and manager of none, opens one and reads the shared
    plan: her home opens on the cases she partners on."""
    page = signed_in(demo, live_server, "cs.worker", viewport={"width": 1280, "height": 900})
    click = Clicks(page)
    click(page.get_by_role("link", name="HARTNELL, Lee").first)
    assert "HARTNELL, Lee Anthony" in page.get_by_test_id("case-header").inner_text()
    click(page.get_by_role("link", name="Plan", exact=True))
    page.get_by_role("heading", name="Risk management plan").wait_for()
    assert click.count == 2 < BEFORE["partner"], click.count
    page.context.close()


def test_emergency_access_from_a_search_that_finds_no_one(demo, live_server):  # noqa: F811
    """A response officer without a caseload searches a PNC number, is pointed to emergency access with the number
    already filled in, gives a reason and reads the record."""
    from mappa.demo.demo_data import EMERGENCY_PNC

    page = signed_in(demo, live_server, "officer.emergency", viewport={"width": 1280, "height": 900})
    click = Clicks(page)
    click(page.get_by_role("link", name="Find a person"))
    page.get_by_label("Name or identifier").fill(EMERGENCY_PNC)
    click(page.get_by_role("button", name="Search"))
    click(page.get_by_test_id("emergency-pointer").get_by_role("link", name="ask for emergency access"))
    assert page.get_by_label("Identifier").input_value() == EMERGENCY_PNC
    page.get_by_label("Why you need access now").fill("Called to a disturbance at his address tonight")
    click(page.get_by_role("button", name="Get emergency access"))
    page.get_by_text("Emergency access granted.").wait_for()
    assert "HARTNELL, Lee Anthony" in page.get_by_test_id("case-header").inner_text()
    assert click.count == 4 < BEFORE["emergency"], click.count
    page.context.close()
