"""Where a person lives and who lives there must not contradict itself."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from mappa.nominals import rules, services
from mappa.nominals.items import KINDS

TODAY = datetime.date(2026, 12, 3)


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY))
def test_under_18_agrees_with_a_date_of_birth(born):
    adult = rules.age_on(born, TODAY) >= 18
    assert bool(rules.occupant_age_errors(born, True, TODAY)) == adult
    assert rules.occupant_age_errors(born, False, TODAY) == {}
    assert rules.occupant_age_errors(None, True, TODAY) == {}


def test_age_turns_on_the_birthday():
    assert rules.age_on(datetime.date(2008, 12, 3), TODAY) == 18
    assert rules.age_on(datetime.date(2008, 12, 4), TODAY) == 17


def add(world, slug, **data):
    return services.create_item(actor=world.om, nominal=world.case, kind=KINDS[slug], data=data)


def test_a_second_current_home_is_refused_until_the_first_is_previous(world):
    with pytest.raises(ValidationError) as refused:
        add(world, "addresses", line1="3 New Road", town="Bradwell", postcode="BR1 3CD")
    assert "already a current address" in refused.value.message_dict["status"][0]
    add(world, "addresses", line1="3 New Road", town="Bradwell", postcode="BR1 3CD", status="proposed")
    add(world, "addresses", line1="Unit 4", town="Bradwell", postcode="BR1 9ZZ", kind="work")  # a workplace is not a home
    services.update_item(actor=world.om, item=world.address, data={"status": "previous", "moved_out": datetime.date(2026, 1, 1)},
                         version=world.address.version)
    add(world, "addresses", line1="5 New Road", town="Bradwell", postcode="BR1 3CE")


def test_occupants_under_18_follow_their_date_of_birth(world):
    with pytest.raises(ValidationError) as refused:
        add(world, "occupants", address=world.address, name="Old Man", date_of_birth=datetime.date(1950, 1, 1), under_18=True)
    assert "not under 18" in refused.value.message_dict["under_18"][0]
    child = add(world, "occupants", address=world.address, name="Young Child", date_of_birth=datetime.date(2018, 5, 1), under_18=False)
    child.refresh_from_db()
    assert child.under_18


def test_an_occupant_restricted_to_the_police_shows_only_to_those_who_may_see_it(world, login):
    services.create_item(actor=world.police, nominal=world.case, kind=KINDS["occupants"],
                         data={"address": world.address, "name": "Kayden Informant", "under_18": True,
                               "handling": "intelligence"})
    for page_path in (f"/people/{world.case.pk}/details/", f"/people/{world.case.pk}/addresses/"):
        partner = login(world.children).get(page_path).content.decode()
        assert "12 Mill Lane" in partner  # the address itself is for every reader
        assert "Kayden Informant" not in partner and "Someone under 18 lives here" not in partner
        police = login(world.police).get(page_path).content.decode()
        assert "Kayden Informant" in police and "Someone under 18 lives here" in police
    # The page's marking says it shows intelligence, to the reader who sees it.
    assert "[INTELLIGENCE" in login(world.police).get(f"/people/{world.case.pk}/details/").content.decode()


def test_a_current_home_the_reader_may_not_see_neither_refuses_nor_names_their_new_one(world, login):
    """The one-current-home rule applies among the addresses the reader may see: a refusal because of a
    police-only address would tell a probation officer it exists, and the message named it."""
    hidden = services.create_item(actor=world.police, nominal=world.case, kind=KINDS["addresses"],
                                  data={"line1": "27 Larch Close", "town": "Bradwell", "postcode": "BR1 7LC",
                                        "status": "proposed", "handling": "intelligence"})
    services.update_item(actor=world.om, item=world.address, data={"status": "previous", "moved_out": datetime.date(2026, 1, 1)},
                         version=world.address.version)
    services.update_item(actor=world.police, item=hidden, data={"status": "current"}, version=hidden.version)
    client = login(world.om)
    response = client.post(f"/people/{world.case.pk}/addresses/new/", {"status": "current", "kind": "home",
                                                                       "line1": "3 New Road", "postcode": "BR1 3CD"})
    assert response.status_code == 302 and "Larch" not in response.content.decode()
    # Someone who sees both is told, and told which: they may see it.
    with pytest.raises(ValidationError) as refused:
        services.create_item(actor=world.police, nominal=world.case, kind=KINDS["addresses"],
                             data={"line1": "5 New Road", "postcode": "BR1 3CE"})
    assert "already a current address" in refused.value.message_dict["status"][0]


def test_an_occupant_must_live_at_an_address_the_writer_may_see(world):
    hidden = services.create_item(actor=world.police, nominal=world.case, kind=KINDS["addresses"],
                                  data={"line1": "27 Larch Close", "postcode": "BR1 7LC", "status": "proposed",
                                        "handling": "intelligence"})
    with pytest.raises(ValidationError) as refused:
        add(world, "occupants", address=hidden, name="Sam")
    assert refused.value.message_dict["address"] == ["Choose one of this person's addresses"]
