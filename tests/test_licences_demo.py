"""The demo licences and zones: the domestic abuse case (seed 001/002, Mr D) and Hartnell (seed 002)."""
import pytest

from mappa.licences.models import AddressLocation, LicenceCondition, Variation, Zone
from tests.test_demo_data import case, demo, demo_loaded  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_dunmore_has_a_zone_around_the_victims_home_and_his_daughters_address_rejected(demo, client):  # noqa: F811
    dunmore = case("dunmore")
    zones = Zone.objects.filter(nominal=dunmore)
    assert {z.kind for z in zones} == {"exclusion", "protected"} and all(z.handling == "victim" for z in zones)
    rejected = AddressLocation.objects.get(nominal=dunmore, address__line1="9 Orchard Way")
    assert rejected.rejected and "inside exclusion zone" in rejected.findings[0]["explanation"]
    assert AddressLocation.objects.get(nominal=dunmore, address__kind="approved_premises").result == "clear"
    client.force_login(demo["om.probation"])
    page = client.get(f"/people/{dunmore.pk}/").content.decode()
    assert "Rejected" in page and "The proposed address is inside exclusion zone" in page
    client.force_login(demo["housing.readonly"])  # a partner, but no victim details
    page = client.get(f"/licences/people/{dunmore.pk}/").content.decode()
    assert "victim&#x27;s home" not in page.lower() and "may not see" in page


def test_hartnell_has_a_licence_with_notify_relationships_and_a_refused_travel_request(demo, client):  # noqa: F811
    hartnell = case("hartnell")
    codes = set(LicenceCondition.objects.filter(nominal=hartnell).values_list("code", flat=True))
    assert {"notify_relationships", "notify_vehicles", "no_contact", "exclusion_zone", "programme"} <= codes
    refused = Variation.objects.get(nominal=hartnell)
    assert refused.decision == "refused" and refused.victim_liaison_consulted
    near = AddressLocation.objects.get(nominal=hartnell, address__line1="Northshire Approved Premises")
    assert near.result == "near"  # "too close to one of the proposed exclusion zones" (seed 002)
    client.force_login(demo["om.probation"])
    page = client.get(f"/people/{hartnell.pk}/").content.decode()
    assert "On licence until" in page and "Tell your supervising officer about any developing intimate relationship" in page


@pytest.mark.parametrize("name", ["hartnell", "dunmore"])
def test_the_demo_licences_are_linked_to_their_sentences_and_show_one_period(demo, client, name):  # noqa: F811
    from mappa.core import facts
    from mappa.licences.models import Licence
    from mappa.orders import queries

    person = case(name)
    licence = Licence.objects.get(nominal=person)
    sentence = licence.sentence
    assert sentence is not None and sentence.nominal == person
    assert (licence.start_date, licence.end_date) == (sentence.released_on or sentence.licence_start,
                                                      sentence.licence_end or sentence.sentence_expiry)
    status = queries.legal_status(person)
    assert status.on_licence and status.licence_end == licence.end_date
    assert facts.facts_for(demo["om.probation"], person).on_licence.until == licence.end_date
    client.force_login(demo["om.probation"])
    page = client.get(f"/licences/{licence.pk}/").content.decode()
    assert "The sentence it was issued under" in page and "not yet confirmed" not in page
