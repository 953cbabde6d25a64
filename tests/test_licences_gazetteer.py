"""Locating an address from its postcode (issue 18, "places on a real map"): one small interface, the Ordnance
Survey Places API in production, the demo's offline gazetteer otherwise; the answer is only put in the form to
check on the map, never saved by itself."""
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from mappa.licences import gazetteer
from mappa.licences.demo import PLACES
from mappa.licences.models import AddressLocation
from mappa.nominals import services as register
from mappa.nominals.items import KINDS


def test_postcodes_are_read_in_any_spacing_and_case_and_anything_else_is_not_one():
    assert gazetteer.normalise("nx73db") == "NX7 3DB"
    assert gazetteer.normalise(" NX7  3DB ") == "NX7 3DB"
    assert gazetteer.normalise("SW1A 1AA") == "SW1A 1AA"
    assert gazetteer.normalise("12 Mill Lane") is None and gazetteer.normalise("") is None


@given(st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", fullmatch=True))
def test_reading_a_postcode_twice_gives_the_same(postcode):
    once = gazetteer.normalise(postcode)
    assert once is not None and gazetteer.normalise(once) == once


def test_the_offline_gazetteer_knows_the_demo_postcodes_and_else_the_centre_of_the_district():
    exact = gazetteer.locate("NX2 6PL")
    assert (exact.latitude, exact.longitude, exact.precise) == (51.7372, 0.4801, True)
    district = gazetteer.locate("NX7 9ZZ")
    assert not district.precise and "Eastmere" in district.described and "move the point" in district.described
    assert gazetteer.locate("ZZ9 9ZZ") is None


def test_the_demo_places_are_the_gazetteers_districts():
    districts = {d["town"]: tuple(d["centre"]) for d in gazetteer._offline().data["districts"].values()}
    for town, centre in PLACES.items():
        assert districts[town] == centre, town


class FakeOS:
    def __init__(self, body):
        self.body, self.asked = body, []

    def __call__(self, url, timeout):
        self.asked.append(url)
        if isinstance(self.body, Exception):
            raise self.body
        return io.BytesIO(json.dumps(self.body).encode())


def test_ordnance_survey_places_gives_the_first_addresses_point_and_is_sent_only_the_postcode():
    fake = FakeOS({"results": [{"DPA": {"UPRN": "1", "POSTCODE": "SW1A 1AA", "LAT": 51.501009, "LNG": -0.141588}}]})
    place = gazetteer.OSPlaces("secret-key", opener=fake).lookup("SW1A 1AA")
    assert (place.latitude, place.longitude, place.precise) == (51.501009, -0.141588, True)
    assert "postcode=SW1A+1AA" in fake.asked[0] and "output_srs=WGS84" in fake.asked[0] and "key=secret-key" in fake.asked[0]
    assert gazetteer.OSPlaces("k", opener=FakeOS({"header": {}})).lookup("SW1A 1AA") is None
    assert gazetteer.OSPlaces("k", opener=FakeOS(OSError("timed out"))).lookup("SW1A 1AA") is None


def test_the_provider_is_a_setting(settings):
    settings.MAPPA_GAZETTEER = "os_places"
    settings.MAPPA_OS_PLACES_KEY = "abc"
    assert isinstance(gazetteer.provider(), gazetteer.OSPlaces)
    settings.MAPPA_GAZETTEER = "offline"
    assert isinstance(gazetteer.provider(), gazetteer.Offline)


def test_find_from_the_postcode_fills_the_form_to_check_and_saves_nothing(world, login):
    address = register.create_item(actor=world.om, nominal=world.case, kind=KINDS["addresses"], data={
        "status": "proposed", "kind": "home", "line1": "9 Orchard Way", "town": "Hallam Cross", "postcode": "NX2 6PL"})
    client = login(world.om)
    url = f"/licences/people/{world.case.pk}/locations/new/"
    page = client.post(url, {"address": address.pk, "find": "postcode"}).content.decode()
    assert "Found NX2 6PL, from the demo" in page and 'value="51.7372"' in page and 'value="0.4801"' in page
    assert not AddressLocation.objects.filter(address=address).exists()
    page = client.post(url, {"address": world.address.pk, "find": "postcode"}).content.decode()
    assert "The postcode “BR1 2AB” was not found: click its position on the map" in page
    page = client.post(url, {"find": "postcode"}).content.decode()
    assert "Choose the address, then find it from its postcode." in page
