"""Two key pages of the whole system as a user sees them, in headless Chromium, with the demo data:
screenshots in /tmp/mappa-crawl-*.png to look at (see tests/test_crawl.py for the walk through every page)."""
import os

import pytest

from mappa.demo import demo_data
from mappa.nominals.models import Nominal

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.mark.browser
def test_screenshots_of_the_case_page_and_the_coordinator_page(transactional_db, live_server, settings):
    from tests.test_browser import CHROMIUM, FLAGS

    settings.PASSWORD_HASHERS = [FAST_HASHER]
    demo_data.load()
    hartnell = Nominal.objects.get(first_name="Lee", last_name="Hartnell")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for username, path, shot, heading in [
                ("om.probation", f"/people/{hartnell.pk}/", "case-hartnell", "HARTNELL, Lee Anthony"),
                ("coordinator", "/mappa/co-ordinator/", "coordinator", "MAPPA cases in your area")]:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            errors = []
            page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(f"{live_server.url}/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(demo_data.DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.goto(f"{live_server.url}{path}")
            assert page.get_by_role("heading", name=heading, level=1).is_visible()
            page.screenshot(path=f"/tmp/mappa-crawl-{shot}.png", full_page=True)
            assert "OFFICIAL-SENSITIVE" in page.locator(".app-marking").first.inner_text()
            assert errors == [], errors
            context.close()
        browser.close()
