"""The case page in headless Chromium over the demo: the overview is much shorter than the one long page it
replaced, the case's tabs sit on one line at desktop width and wrap without scrolling at 320 CSS pixels,
and every page about the person opens with the same case header."""
import pytest

from mappa.nominals.models import Nominal
from tests.test_layout_browser import demo, page_width, signed_in  # noqa: F401

pytestmark = pytest.mark.browser

# Lee Hartnell's /people/<id>/ at 1280 CSS pixels wide, measured in this browser before the redesign: one page
# holding every part's panel, the whole register and ten activity entries.
BEFORE_PX = 8978


def _tab_rows(page) -> int:
    tops = page.eval_on_selector_all(".app-case-nav .moj-sub-navigation__item",
                                     "items => items.map(i => Math.round(i.getBoundingClientRect().top))")
    return len(set(tops))


def test_the_overview_is_much_shorter_and_its_tabs_sit_on_one_line(demo, live_server):
    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell").pk
    page = signed_in(demo, live_server, "om.probation", viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/people/{hartnell}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < BEFORE_PX / 2, f"the overview is {height} px tall"
    assert _tab_rows(page) == 1
    # The actions are at the top: adding to the activity log needs no scrolling.
    add = page.get_by_test_id("case-actions").get_by_role("link", name="Add an entry to the activity log")
    assert add.bounding_box()["y"] + add.bounding_box()["height"] < 900
    # Every page about the person opens with the same header, the tabs on one line.
    for path in (f"/risk/people/{hartnell}/", f"/licences/people/{hartnell}/", f"/plans/{hartnell}/",
                 f"/orders/{hartnell}/", f"/visits/{hartnell}/", f"/mappa/people/{hartnell}/"):
        page.goto(f"{live_server.url}{path}")
        top = page.get_by_test_id("case-header").inner_text()
        assert "HARTNELL, Lee Anthony" in top and "Category 1, level 2" in top and "On licence until" in top, path
        assert _tab_rows(page) == 1, path
    page.context.close()


def test_the_case_header_and_tabs_reflow_at_320_css_pixels(demo, live_server):
    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell").pk
    page = signed_in(demo, live_server, "om.probation", viewport={"width": 320, "height": 640})
    for path in (f"/people/{hartnell}/", f"/people/{hartnell}/details/", f"/plans/{hartnell}/"):
        page.goto(f"{live_server.url}{path}")
        assert page_width(page) <= 320, path
        # The ten tabs wrap as links side by side, not a list ten rows tall.
        assert 1 < _tab_rows(page) <= 5, path
    page.context.close()
