"""Focused tests for what the crawl (tests/test_crawl.py) found, on the small `world` of the other tests
(kept apart from the crawl's module, which holds the demo data for all its tests)."""
import pytest
from django.utils import timezone

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
    for url in (f"/people/{world.case.pk}/details/", f"/people/{world.case.pk}/relationships/"):
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


def test_a_change_never_names_a_restricted_item_it_points_at_to_those_who_may_not_see_it(world, client):
    """Found by the crawl: a person recorded as living at an address restricted as intelligence, and a breach of a
    sentence restricted as intelligence, were themselves unrestricted, and their change history (the record's, and
    the breach's own on its page) named the address and the sentence to everyone who reads the record."""
    import datetime

    from mappa.nominals import services
    from mappa.nominals.items import KINDS
    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDERS

    hidden = services.create_item(actor=world.police, nominal=world.case, kind=KINDS["addresses"], data={
        "status": "previous", "kind": "home", "line1": "7 Quarrystone Row", "town": "Bradwell", "handling": "intelligence"})
    services.create_item(actor=world.police, nominal=world.case, kind=KINDS["occupants"],
                         data={"address": hidden, "name": "Robin Ashby", "relationship": "Lodger"})
    add = lambda slug, **data: orders.create_record(actor=world.police, nominal=world.case, kind=ORDERS[slug], data=data)  # noqa: E731
    long_ago = timezone.localdate() - datetime.timedelta(days=3000)
    conviction = add("convictions", offence="Arson at the Quarrystone works", convicted_on=long_ago, handling="intelligence")
    sentence = add("sentences", conviction=conviction, kind="community", sentenced_on=long_ago, length_months=12,
                   handling="intelligence")
    breach = add("breaches", against="community", sentence=sentence, occurred_on=long_ago + datetime.timedelta(days=30),
                 what="Missed two appointments")
    for reader in (world.om, world.children, world.housing):
        client.force_login(reader)
        for url in (f"/people/{world.case.pk}/history/", f"/orders/{world.case.pk}/breaches/{breach.pk}/"):
            page = client.get(url).content.decode()
            assert "Robin Ashby" in page or "Missed two appointments" in page
            assert "Quarrystone" not in page and str(sentence) not in page, (reader.username, url)
    client.force_login(world.police)  # who may see them still reads them where they are
    assert "7 Quarrystone Row" in client.get(f"/people/{world.case.pk}/addresses/").content.decode()


def test_a_zone_page_names_its_licence_condition_only_to_those_who_may_see_it(world, client):
    """Found by the crawl: a zone anyone on the case may see, drawn for a licence condition restricted as
    intelligence, showed the condition's words on its page to everyone."""
    import datetime

    from mappa.licences import services as licences

    today = timezone.localdate()
    licence = licences.create_licence(actor=world.om, nominal=world.case, data={
        "kind": "standard", "issued_by": "HMP Bradwell", "start_date": today - datetime.timedelta(days=30),
        "end_date": today + datetime.timedelta(days=300)})
    condition = licences.add_condition(actor=world.police, licence=licence, code="not_enter_place",
                                       parameters={"place": "the Quarrystone works"}, handling="intelligence")
    zone, _ = licences.add_zone(actor=world.police, nominal=world.case, data={
        "kind": "exclusion", "label": "Works and its lane", "geometry": {"type": "Point", "coordinates": [0.47, 51.73]},
        "radius_m": 200, "condition": condition})
    for reader in (world.om, world.children, world.housing):
        client.force_login(reader)
        page = client.get(f"/licences/zones/{zone.pk}/").content.decode()
        assert "Works and its lane" in page and "Quarrystone" not in page, reader.username
    client.force_login(world.police)
    assert "Quarrystone" in client.get(f"/licences/zones/{zone.pk}/").content.decode()


def test_a_stored_file_is_offered_only_through_the_page_that_checks_and_records_its_download(world, client, settings,
                                                                                              tmp_path):
    """Found by the crawl: the page to change a document linked to the stored file's own address (which answered
    404 here and, where a web server serves the media folder, would hand the file to anyone, unchecked and
    unrecorded), instead of the download page. So did the page of a civil order with a copy of the order."""

    from django.core.files.uploadedfile import SimpleUploadedFile

    from mappa.nominals import services
    from mappa.nominals.items import KINDS
    from mappa.orders import services as orders
    from mappa.orders.kinds import KINDS as ORDERS

    settings.MEDIA_ROOT = tmp_path
    document = services.create_item(actor=world.om, nominal=world.case, kind=KINDS["documents"], data={
        "title": "Pre-sentence report", "file": SimpleUploadedFile("report.txt", b"Report", content_type="text/plain")})
    order = orders.create_record(actor=world.police, nominal=world.case, kind=ORDERS["civil-orders"], data={
        "kind": "shpo", "status": "applied", "applied_on": timezone.localdate(),
        "copy": SimpleUploadedFile("order.pdf", b"%PDF-1.4 order", content_type="application/pdf")})
    client.force_login(world.om)
    for page_url, link, stored in ((f"/people/{world.case.pk}/documents/{document.pk}/",
                                    f"/people/{world.case.pk}/documents/{document.pk}/download/", document.file),
                                   (f"/orders/{world.case.pk}/civil-orders/{order.pk}/",
                                    f"/orders/{world.case.pk}/civil-orders/{order.pk}/copy/", order.copy)):
        page = client.get(page_url).content.decode()
        assert f'href="{link}"' in page and f'href="{stored.url}"' not in page, page_url
        assert client.get(link).status_code == 200
