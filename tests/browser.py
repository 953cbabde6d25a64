"""What the browser tests share: headless Chromium (Debian's package) driven by Playwright, signing in, and the
axe-core checks. The `browser` and `page` fixtures that use these are in tests/conftest.py, so every browser test
file gets the same browser without importing fixtures."""
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def sign_in(page, live_server, username, password=None):
    """Through the sign-in form, as a person does (the tests' personas' password unless another is given)."""
    from tests.conftest import PASSWORD

    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def _run_axe(page, options: str) -> list[dict]:
    page.wait_for_load_state()  # a form's post may still be navigating: there is no document to audit yet
    page.add_script_tag(path=str(AXE))
    return page.evaluate(f"axe.run(document, {options})")["violations"]


def serious_violations(page) -> list[str]:
    """axe-core's default rules, the serious and critical violations only."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in _run_axe(page, "{resultTypes: ['violations']}")
        if v["impact"] in ("serious", "critical")
    ]


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A and AA rules, and its "region" rule: all content, the protective markings at the top
    and bottom included, inside a landmark, where a screen reader's list of landmarks reaches it."""
    found = _run_axe(page, f"{{runOnly: {{type: 'tag', values: {WCAG_22_AA}}}, "
                           "rules: {region: {enabled: true}}, resultTypes: ['violations']}")
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in found]
