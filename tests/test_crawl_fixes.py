"""Focused tests for what the crawl (tests/test_crawl.py) found, on the small `world` of the other tests
(kept apart from the crawl's module, which holds the demo data for all its tests)."""
import pytest

from tests.test_arrangements_pages import mappa  # noqa: F401  (the MAPPA personas fixture)

pytestmark = pytest.mark.django_db


def test_a_relationship_links_to_the_other_record_only_for_readers_who_may_open_it(world, client):
    """Found by the crawl: a supervisor's case page linked an associate's record held by another
    team, and the link answered 404."""
    from mappa.nominals import services
    from mappa.nominals.items import KINDS

    services.add_partner(actor=world.other_office, nominal=world.elsewhere, user=world.police)
    services.create_item(actor=world.police, nominal=world.case, kind=KINDS["relationships"],
                         data={"kind": "associate", "other_nominal": world.elsewhere, "other_name": "",
                               "handling": ""})
    link = f'href="/people/{world.elsewhere.pk}/"'
    for url in (f"/people/{world.case.pk}/", f"/people/{world.case.pk}/relationships/"):
        client.force_login(world.police)
        assert link in client.get(url).content.decode()
        client.force_login(world.om)
        page = client.get(url).content.decode()
        assert link not in page
        assert "Jon Davies" in page  # still named, just not linked
    assert client.get(f"/people/{world.elsewhere.pk}/").status_code == 404


def test_a_mappa_action_links_to_its_update_page_only_for_those_who_may_update_it(mappa, client):
    """Found by the crawl: a read-only reader was offered the action's update page, which refused them."""
    link = f'href="/mappa/actions/{mappa.action.pk}/"'
    client.force_login(mappa.housing)
    page = client.get(f"/mappa/people/{mappa.case.pk}/").content.decode()
    assert "Joint home visit" in page and link not in page
    assert client.get(f"/mappa/actions/{mappa.action.pk}/").status_code == 403
    client.force_login(mappa.police)  # the action's owner
    assert link in client.get(f"/mappa/people/{mappa.case.pk}/").content.decode()
    assert client.get(f"/mappa/actions/{mappa.action.pk}/").status_code == 200
