"""Linking a relationship or a household member to a record on the register by name, among the people the user
may see, never by typing an internal record number one has to know (issue 22, item 2, the class of it)."""
import re

from mappa.audit.models import AuditEvent
from mappa.nominals.models import Relationship


def radios(page: str) -> list[str]:
    return re.findall(r'name="other_nominal_choice" type="radio" value="(\w+)"', page)


def new_link(client, case, **data):
    return client.post(f"/people/{case.pk}/relationships/new/",
                       {"kind": "associate", "other_name": "", "handling": "", **data})


def test_a_name_typed_without_javascript_offers_the_people_it_may_mean_then_links_the_one_chosen(world, login):
    client = login(world.om)
    page = new_link(client, world.case, other_nominal="Peter Smith").content.decode()
    assert "Choose who you mean from the people listed" in page
    assert str(world.unallocated.pk) in radios(page) and "none" in radios(page)
    assert not Relationship.objects.filter(other_nominal=world.unallocated).exists()
    response = new_link(client, world.case, other_nominal="Peter Smith", other_nominal_choice=world.unallocated.pk)
    assert response.status_code == 302
    assert Relationship.objects.get(nominal=world.case, other_nominal=world.unallocated)


def test_people_the_user_may_not_see_are_never_offered_nor_taken(world, login):
    client = login(world.om)
    page = new_link(client, world.case, other_nominal="Jonah Davies").content.decode()
    assert str(world.south_case.pk) not in radios(page) and str(world.elsewhere.pk) not in radios(page)
    page = new_link(client, world.case, other_nominal="x", other_nominal_choice=world.south_case.pk).content.decode()
    assert "Choose a person from the list" in page
    assert not Relationship.objects.filter(other_nominal=world.south_case).exists()


def test_a_name_nobody_visible_has_says_so_plainly(world, login):
    page = new_link(login(world.om), world.case, other_nominal="Zebedee Quartermaine").content.decode()
    assert "No one you can see on the register matches “Zebedee Quartermaine”" in page


def test_none_of_these_saves_without_a_link(world, login):
    response = new_link(login(world.om), world.case, other_nominal="Peter Smith", other_nominal_choice="none",
                        other_name="Peter Smith (not on the register)")
    assert response.status_code == 302
    assert Relationship.objects.get(nominal=world.case, other_name="Peter Smith (not on the register)").other_nominal is None


def test_the_live_list_follows_the_typing_within_scope_and_is_audited(world, login):
    client = login(world.om)
    page = client.get("/people/person-pick/", {"field": "other_nominal", "other_nominal": "Jonah Davies"}).content.decode()
    assert str(world.south_case.pk) not in radios(page)
    assert AuditEvent.objects.filter(actor=world.om, details__for="link a person to a record").exists()
    page = client.get("/people/person-pick/", {"field": "other_nominal", "other_nominal": str(world.south_case.pk)})
    assert str(world.south_case.pk) not in radios(page.content.decode())
    assert client.get("/people/person-pick/", {"field": "nominal", "nominal": "x"}).status_code == 404


def test_editing_keeps_the_person_linked_before_as_the_first_choice(world, login):
    client = login(world.om)
    new_link(client, world.case, other_nominal="Peter Smith", other_nominal_choice=world.unallocated.pk)
    link = Relationship.objects.get(nominal=world.case, other_nominal=world.unallocated)
    page = client.get(f"/people/{world.case.pk}/relationships/{link.pk}/").content.decode()
    assert re.search(rf'value="{world.unallocated.pk}" checked', page)
