"""The address search on the address form (issue 18: an address lookup by postcode or address): search, then
choose from a list that fills in the form, without JavaScript and with htmx; clear words for no match and too
many; addresses already on the register offered only from records the reader may see, never one recorded under
a restriction, and every search audited."""
import io
import json

from mappa.audit.models import Action, AuditEvent
from mappa.licences import gazetteer
from mappa.licences.queries import SHOWN, address_lookup
from mappa.nominals import services
from mappa.nominals.items import KINDS


def url(world):
    return f"/people/{world.case.pk}/addresses/new/"


def test_the_address_form_offers_a_search_of_its_own(world, login):
    page = login(world.om).get(url(world)).content.decode()
    assert 'name="find"' in page and "Find address" in page and 'hx-get="' in page


def test_search_then_choose_fills_in_the_form_and_saves_nothing(world, login):
    client = login(world.om)
    page = client.get(url(world), {"find": "27 larch cl"}).content.decode()
    assert "1 address found" in page and "27 Larch Close, Hallam Cross, NX2 5QT" in page
    chosen = client.get(url(world), {"find": "27 larch cl", "use": "g:27-larch-close-nx2-5qt"}).content.decode()
    assert "The form below is filled in with 27 Larch Close, Hallam Cross, NX2 5QT" in chosen
    assert 'value="27 Larch Close"' in chosen and 'value="Hallam Cross"' in chosen and 'value="NX2 5QT"' in chosen
    assert 'value="Northshire"' in chosen  # the county too
    assert not world.case.address_set.filter(line1="27 Larch Close").exists()


def test_with_htmx_the_matches_come_alone(world, login):
    page = login(world.om).get(url(world), {"find": "41 quarry"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page and "Flat 3, 41 Quarry Road, Eastmere, NX7 3DB" in page and "4 addresses found" in page


def test_no_match_and_too_many_say_what_to_do(world, login):
    client = login(world.om)
    none = client.get(url(world), {"find": "99 nowhere lane"}).content.decode()
    assert "No address matches “99 nowhere lane”. Check the spelling" in none
    many = client.get(url(world), {"find": "high street"}).content.decode()
    assert f"The first {SHOWN} of 340 addresses found" in many and "Add the house number, the street or the postcode" in many
    assert many.count("/addresses/new/?find=high%20street&amp;use=") == SHOWN
    empty = client.get(url(world), {"find": "  "}).content.decode()
    assert "Enter part of the address, like a house number and street, or a postcode" in empty
    long = client.get(url(world), {"find": "x" * 101}).content.decode()
    assert "Address search must be 100 characters or fewer" in long


def test_a_chosen_key_the_search_would_not_offer_fills_in_nothing(world, login):
    page = login(world.om).get(url(world), {"find": "27 larch", "use": f"r:{world.address.pk}"}).content.decode()
    assert "filled in with" not in page and 'value="12 Mill Lane"' not in page


def _other_address(actor, nominal, **data):
    return services.create_item(actor=actor, nominal=nominal, kind=KINDS["addresses"],
                                data={"line1": "5 Tannery Row", "town": "Bradwell", "postcode": "BR1 4ZZ", **data})


def test_addresses_on_the_register_are_offered_only_from_records_the_reader_may_see(world, login):
    seen = _other_address(world.om, world.unallocated)  # the om's team holds this record
    hidden = _other_address(world.south, world.south_case, line1="7 Tannery Row")  # another area's record
    offered = {m.candidate.key for m in address_lookup(world.om, "tannery row").matches}
    assert offered == {f"r:{seen.pk}"}
    page = login(world.om).get(url(world), {"find": "tannery"}).content.decode()
    assert "5 Tannery Row, Bradwell, BR1 4ZZ" in page and "(already on the register)" in page and "7 Tannery Row" not in page
    # The south's reader finds theirs, and not the om's.
    assert {m.candidate.key for m in address_lookup(world.south, "tannery row").matches} == {f"r:{hidden.pk}"}
    # Asking for a hidden one by its key fills in nothing.
    assert address_lookup(world.om, "tannery row", f"r:{hidden.pk}").chosen is None
    assert address_lookup(world.om, "tannery row", f"r:{seen.pk}").chosen.line1 == "5 Tannery Row"


def test_an_address_recorded_under_a_restriction_is_never_offered_even_to_a_reader_within_it(world):
    _other_address(world.om, world.case, line1="3 Refuge Walk", status="proposed", handling="victim")
    # The om may see it on the case (probation is within "victim"), but it is not offered on any form.
    assert login_sees_item(world, "3 Refuge Walk") and address_lookup(world.om, "refuge walk").matches == []


def login_sees_item(world, line1):
    from mappa.access import policy
    from mappa.nominals.models import Address
    return policy.items_for(world.om, Address).filter(line1=line1).exists()


def test_every_search_is_audited_with_what_it_was_for(world, login):
    login(world.om).get(url(world), {"find": "nx2 5qt"})
    event = AuditEvent.objects.filter(actor=world.om, action=Action.SEARCH).latest("pk")
    assert event.details == {"q": "nx2 5qt", "results": 40, "for": "address lookup"}


def test_the_change_page_searches_too(world, login):
    client = login(world.om)
    edit = f"/people/{world.case.pk}/addresses/{world.address.pk}/"
    page = client.get(edit, {"find": "8 orchard way wenlow", "use": "g:8-orchard-way-nx5-2ej"}).content.decode()
    assert 'value="8 Orchard Way"' in page and 'value="Wenlow"' in page and 'value="NX5 2EJ"' in page


class FakeFind:
    def __init__(self, answer):
        self.answer, self.asked = answer, []

    def __call__(self, url, timeout):
        self.asked.append(url)
        if isinstance(self.answer, Exception):
            raise self.answer
        return io.BytesIO(json.dumps(self.answer).encode())


def test_the_places_api_search_sends_only_the_text_and_reads_its_addresses():
    answer = {"results": [
        {"DPA": {"UPRN": "100", "BUILDING_NUMBER": "10", "THOROUGHFARE_NAME": "DOWNING STREET", "POST_TOWN": "LONDON",
                 "POSTCODE": "SW1A 2AA"}},
        {"DPA": {"UPRN": "101", "SUB_BUILDING_NAME": "FLAT 2", "BUILDING_NAME": "ARCH HOUSE", "BUILDING_NUMBER": "4",
                 "THOROUGHFARE_NAME": "MILL LANE", "POST_TOWN": "LEEDS", "POSTCODE": "LS1 1AA"}},
        {"LPI": {"UPRN": "102"}}]}
    opener = FakeFind(answer)
    found = gazetteer.OSPlaces("key", opener=opener).search("10 downing")
    assert "/find?query=10+downing&" in opener.asked[0]
    assert [(c.key, c.line1, c.line2, c.town, c.postcode) for c in found] == [
        ("g:uprn-100", "10 Downing Street", "", "London", "SW1A 2AA"),
        ("g:uprn-101", "Flat 2, Arch House", "4 Mill Lane", "Leeds", "LS1 1AA")]
    assert gazetteer.OSPlaces("key", opener=FakeFind(OSError("down"))).search("10 downing") == []


def test_a_form_sent_back_with_errors_still_offers_the_search(world, login):
    page = login(world.om).post(url(world), {"status": "proposed", "kind": "home"}).content.decode()
    assert "Enter the first line of the address or a postcode" in page and 'name="find"' in page
