"""Other facts as evidence in the person search: a postcode or postcode district, part of a PNC number, a vehicle
registration and a phone number. The rules as pure functions, the search (only from items the reader may see),
the page, the API and the query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from mappa.access import policy
from mappa.nominals import clues, services
from mappa.nominals.items import KINDS
from mappa.nominals.models import Contact, Vehicle, phone_key_sql, registration_key_sql
from mappa.nominals.search import candidate_scores, hydrate, read_query
from tests.conftest import spelled

# ---------------------------------------------------------------------------------------------
# Postcodes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, district, whole", [
    ("CM1 2AB", "CM1", "CM1 2AB"), ("cm12ab", "CM1", "CM1 2AB"), ("CM1", "CM1", ""), ("CM12", "CM12", ""),
    ("CM12 1AB", "CM12", "CM12 1AB"), ("sw1a 1aa", "SW1A", "SW1A 1AA"), (" e1 ", "E1", ""),
])
def test_a_postcode_or_its_district_is_read(text, district, whole):
    assert clues.read_postcode(text) == clues.Postcode(district, whole)


@pytest.mark.parametrize("text", ["", "CM", "12AB", "CM1 2A", "Smith", "CM1 2AB 3"])
def test_what_is_not_a_postcode_is_refused(text):
    assert clues.read_postcode(text) is None


@pytest.mark.parametrize("searched, recorded, current, kind, text", [
    ("CM1", "CM1 2AB", True, clues.DISTRICT, "Current address in postcode district CM1 (CM1 2AB)"),
    ("CM1 2AB", "CM1 2AB", False, clues.POSTCODE, "An address in CM1 2AB"),
    ("CM1 9ZZ", "CM1 2AB", True, clues.DISTRICT, "Current address in postcode district CM1 (CM1 2AB)"),
    ("CM1", "CM12 1AB", True, None, None),  # CM12 is another district, not CM1's
    ("CM1", "", True, None, None),
])
def test_an_address_weighs_for_the_postcode_searched(searched, recorded, current, kind, text):
    found = clues.postcode_evidence(clues.read_postcode(searched), recorded, current)
    assert (found.kind, found.text) == (kind, text) if kind else found is None


outward = st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]?", fullmatch=True)
inward = st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True)


@given(outward, inward, st.sampled_from(["{o} {i}", "{o}{i}", " {o}  {i} "]), st.booleans())
def test_a_postcode_is_read_however_it_is_spaced_and_its_district_is_its_first_half(out, inw, form, lower):
    text = form.format(o=out, i=inw)
    read = clues.read_postcode(text.lower() if lower else text)
    assert read.whole.replace(" ", "") == out + inw and (out + inw).startswith(read.district)
    assert clues.postcode_evidence(clues.read_postcode(read.district), read.whole, True).kind == clues.DISTRICT


# ---------------------------------------------------------------------------------------------
# PNC numbers, whole or in part
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, year, serial, letter, kind", [
    ("2009/0012345A", "09", "0012345", "A", clues.PNC),
    ("09/12345a", "09", "0012345", "A", clues.PNC),
    ("090012345A", "09", "0012345", "A", clues.PNC),
    ("2009/0012345", "09", "0012345", None, clues.PNC_NO_LETTER),
    ("09/12345", "09", "0012345", None, clues.PNC_NO_LETTER),
    ("0012345A", None, "0012345", "A", clues.PNC_NO_YEAR),
    ("/12345A", None, "0012345", "A", clues.PNC_NO_YEAR),
])
def test_a_pnc_number_is_read_whole_or_in_part(text, year, serial, letter, kind):
    read = clues.read_pnc(text)
    assert read == clues.Pnc(year, serial, letter) and read.kind == kind


@pytest.mark.parametrize("text", ["", "12345", "0900123", "2009", "AB/123", "09/A", "Smith"])
def test_what_is_not_a_pnc_number_or_a_part_of_one_is_refused(text):
    assert clues.read_pnc(text) is None


@pytest.mark.parametrize("searched, recorded, kind, text", [
    ("2009/0012345", "090012345A", clues.PNC_NO_LETTER, "PNC number 2009/0012345A has the year and serial number searched"),
    ("0012345A", "090012345A", clues.PNC_NO_YEAR, "PNC number 2009/0012345A has the serial number and check letter searched"),
    ("09/12345A", "090012345A", clues.PNC, "PNC number 2009/0012345A matches"),
    ("2010/0012345", "090012345A", None, None),
    ("0012345B", "090012345A", None, None),
    ("0012346A", "090012345A", None, None),
])
def test_a_stored_pnc_number_weighs_for_the_part_searched(searched, recorded, kind, text):
    found = clues.pnc_evidence(clues.read_pnc(searched), recorded, "2009/0012345A")
    assert (found.kind, found.text) == (kind, text) if kind else found is None


@given(st.integers(0, 99), st.integers(1, 9_999_999), st.sampled_from("ABCDEFGHJKLMNPQRTUVWXYZ"))
def test_each_part_of_a_pnc_number_finds_the_whole_one(year, serial, letter):
    stored = f"{year:02d}{serial:07d}{letter}"
    for text, kind in ((f"20{year:02d}/{serial:07d}{letter}", clues.PNC), (f"{year:02d}/{serial}{letter.lower()}", clues.PNC),
                       (f"20{year:02d}/{serial:07d}", clues.PNC_NO_LETTER), (f"{year:02d}/{serial}", clues.PNC_NO_LETTER),
                       (f"{serial:07d}{letter}", clues.PNC_NO_YEAR), (f"/{serial}{letter}", clues.PNC_NO_YEAR)):
        read = clues.read_pnc(text)
        how, values = read.stored_forms()
        assert read.kind == kind
        assert stored.startswith(values[0]) if how == "prefix" else stored in values
        assert clues.pnc_evidence(read, stored, "x").kind == kind
        other = f"{year:02d}{(serial + 1) % 10_000_000:07d}{letter}"
        assert clues.pnc_evidence(read, other, "x") is None


# ---------------------------------------------------------------------------------------------
# Vehicle registrations
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("searched, recorded, kind, text", [
    ("AB12 CDE", "AB12 CDE", clues.VEHICLE, "Vehicle AB12 CDE matches"),
    ("ab12cde", "AB12 CDE", clues.VEHICLE, "Vehicle AB12 CDE matches"),
    ("A812 CDE", "AB12 CDE", clues.VEHICLE_MISREAD, "Vehicle AB12 CDE, you searched A812 CDE: B and 8 look alike"),
    ("OB12 5DE", "0B12 SDE", clues.VEHICLE_MISREAD, "Vehicle 0B12 SDE, you searched OB12 5DE: 0 and O, S and 5 look alike"),
    ("AB12 CDF", "AB12 CDE", None, None),
])
def test_a_registration_is_matched_as_written_or_misread(searched, recorded, kind, text):
    found = clues.registration_evidence(searched, recorded)
    assert (found.kind, found.text) == (kind, text) if kind else found is None


plates = st.from_regex(r"[A-Z]{2}[0-9]{2}[A-Z]{3}", fullmatch=True)


@given(plates, st.data())
def test_spaces_and_case_never_matter_and_a_misread_is_found_below_the_registration_itself(plate, data):
    spaced = data.draw(st.sampled_from([plate, plate.lower(), f"{plate[:4]} {plate[4:]}", f" {plate[:2]} {plate[2:]}"]))
    assert clues.registration_evidence(spaced, plate).kind == clues.VEHICLE
    swap = dict(zip(clues.MISREAD_LETTERS + clues.MISREAD_DIGITS, clues.MISREAD_DIGITS + clues.MISREAD_LETTERS))
    flips = data.draw(st.sets(st.sampled_from(range(7))))
    misread = "".join(swap.get(c, c) if i in flips else c for i, c in enumerate(plate))
    found = clues.registration_evidence(misread, plate)
    assert found.kind == (clues.VEHICLE if misread == plate else clues.VEHICLE_MISREAD)
    assert clues.WEIGHTS[clues.VEHICLE_MISREAD] < clues.WEIGHTS[clues.VEHICLE]


# ---------------------------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["07700 900982", "07700900982", "+44 7700 900982", "+44 (0)7700 900-982", "(07700) 900 982",
                                  "+447700900982", "07700.900.982"])
def test_a_phone_number_is_compared_without_its_formatting(text):
    assert clues.read_phone(text) == "07700900982"


@pytest.mark.parametrize("text", ["", "12345", "0161", "phone me", "07700 9009821234", "+44 abc"])
def test_what_is_not_a_phone_number_is_refused(text):
    assert clues.read_phone(text) is None


@given(st.from_regex(r"[1-9][0-9]{9}", fullmatch=True), st.data())
def test_any_way_of_writing_a_uk_number_finds_it(digits, data):
    national = "0" + digits
    cut = data.draw(st.integers(3, 6))
    forms = [national, f"{national[:cut]} {national[cut:]}", f"+44 {digits[:cut]} {digits[cut:]}", f"+44 (0){digits}",
             f"({national[:cut]}) {national[cut:]}", f"{national[:cut]}-{national[cut:]}"]
    for one in forms:
        assert clues.read_phone(one) == national
        assert clues.phone_evidence(national, data.draw(st.sampled_from(forms))).kind == clues.PHONE


# ---------------------------------------------------------------------------------------------
# Reading them out of the name box
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, rest, what, value", [
    ("Stephen Smith CM1", "Stephen Smith", "district", clues.Postcode("CM1")),
    ("Steven Smyth cm1 2ab", "Steven Smyth", "postcode", clues.Postcode("CM1", "CM1 2AB")),
    ("Smith AB12 CDE", "Smith", "registration", "AB12CDE"),
    ("Smith a812cde", "Smith", "registration", "A812CDE"),
    ("Jo Smith 07700 900982", "Jo Smith", "phone", "07700900982"),
    ("Smith +44 (0)7700 900-982", "Smith", "phone", "07700900982"),
    ("09/12345", "", "pnc_part", clues.Pnc("09", "0012345", None)),
    ("0012345A", "", "pnc_part", clues.Pnc(None, "0012345", "A")),
    ("Smith 2009/0012345A", "Smith", "pnc", clues.Pnc("09", "0012345", "A")),
    ("A E1 4AA", "A", "postcode", clues.Postcode("E1", "E1 4AA")),
])
def test_facts_typed_into_the_name_box_are_taken_out_of_the_name(text, rest, what, value):
    read = clues.read_clues(text)
    field = {"pnc_part": "pnc", "district": "postcode"}.get(what, what)
    assert read.text == rest and getattr(read, field) == value and read.typed[0][0] == what


@pytest.mark.parametrize("text", ["2009/0012345A", "Smith 02/11/1985", "Smith 1985-11-02", "Jo Smith 2 Nov 1985", "A1234BC",
                                  "X123456", "QQ123456C", "John Smith about 40", "Bobbies", "Smith born 1985", "A1250BC"])
def test_identifiers_dates_and_names_are_left_in_the_name_box(text):
    assert clues.read_clues(text) == clues.ReadClues(" ".join(text.split()))


@given(st.lists(st.from_regex(r"[A-Za-z'-]{1,12}", fullmatch=True), min_size=1, max_size=5))
def test_a_word_without_a_digit_is_never_taken_for_a_fact(words):
    text = " ".join(words)
    assert clues.read_clues(text) == clues.ReadClues(text)


def test_each_kind_of_evidence_counts_once_for_a_person():
    found = [clues.evidence(clues.DISTRICT, "a"), clues.evidence(clues.POSTCODE, "b"), clues.evidence(clues.DISTRICT, "c"),
             clues.evidence(clues.VEHICLE_MISREAD, "d"), clues.evidence(clues.PHONE, "e")]
    assert [e.text for e in clues.strongest(found)] == ["e", "b", "d"]


# ---------------------------------------------------------------------------------------------
# The database's keys are the same as the rules'
# ---------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_databases_registration_and_phone_keys_are_the_rules_keys(world):
    add = lambda slug, **data: services.create_item(actor=world.om, nominal=world.case, kind=KINDS[slug], data=data)  # noqa: E731
    for plate in ["AB12 CDE", "ab12cde", "OB51 SIB", "A123 BCD", "ABC 123D"]:
        add("vehicles", registration=plate)
    for number in ["07700 900982", "+44 (0)7700 900-982", "(01632) 960 001", "+44 113 496 0000", "+33 1 23 45 67 89"]:
        add("contacts", kind="phone", value=number)
    for plate, key in Vehicle.objects.annotate(key=registration_key_sql()).values_list("registration", "key"):
        assert key == clues.misread_key(plate)
    for number, key in Contact.objects.annotate(key=phone_key_sql()).values_list("value", "key"):
        assert key == clues.phone_key(number)


# ---------------------------------------------------------------------------------------------
# Searching
# ---------------------------------------------------------------------------------------------

def make(world, first, last, born=None, actor=None, **items):
    actor = actor or world.om
    person = services.create_nominal(actor=actor, manager=actor, data={"first_name": first, "last_name": last, "date_of_birth": born})
    for slug, data in items.items():
        services.create_item(actor=actor, nominal=person, kind=KINDS[slug], data=data)
    return person


def ranked(user, text="", **facts):
    return [c.nominal_id for c in candidate_scores(user, read_query(text, **facts))]


def why(user, pk, text="", **facts):
    hits = hydrate(user, candidate_scores(user, read_query(text, **facts)))
    return next(h.reasons for h in hits if h.nominal.pk == pk)


@pytest.fixture
def smiths(world):
    """Three Stephen Smiths the name cannot tell apart, with different addresses, vehicles and phones."""
    return {
        "chelmsford": make(world, "Stephen", "Smith", addresses={"line1": "1 High Street", "town": "Chelmsford", "postcode": "CM1 2AB"},
                           vehicles={"registration": "AB12 CDE"}, contacts={"kind": "phone", "value": "07700 900982"}),
        "colchester": make(world, "Stephen", "Smith", addresses={"line1": "2 Low Street", "town": "Colchester", "postcode": "CO1 1AA"},
                           vehicles={"registration": "XY61 ZZW"}, contacts={"kind": "phone", "value": "01632 960001"}),
        "nowhere": make(world, "Stephen", "Smith"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("text, facts, kind", [
    ("Steven Smyth CM1", {}, clues.DISTRICT),
    ("Steven Smyth", {"postcode": clues.Postcode("CM1", "CM1 2AB")}, clues.POSTCODE),
    ("Steven Smyth AB12 CDE", {}, clues.VEHICLE),
    ("Steven Smyth", {"registration": "A812CDE"}, clues.VEHICLE_MISREAD),
    ("Steven Smyth +44 7700 900-982", {}, clues.PHONE),
])
def test_a_fact_puts_the_person_it_belongs_to_first_among_people_of_the_same_name(world, smiths, text, facts, kind):
    for user in (world.om, world.coordinator):
        order = ranked(user, text, **facts)
        assert order[0] == smiths["chelmsford"].pk and set(order[1:3]) == {smiths["colchester"].pk, smiths["nowhere"].pk}
        hits = hydrate(user, candidate_scores(user, read_query(text, **facts)))
        assert [f.kind for f in hits[0].facts] == [kind] and not hits[1].facts


@pytest.mark.django_db
@pytest.mark.parametrize("facts, kind", [
    ({"registration": "AB12CDE"}, clues.VEHICLE), ({"registration": "A812CDE"}, clues.VEHICLE_MISREAD),
    ({"phone": "07700900982"}, clues.PHONE),
])
def test_a_vehicle_or_a_phone_finds_people_on_its_own_and_a_misread_ranks_below_the_registration(world, smiths, facts, kind):
    assert ranked(world.om, **facts) == [smiths["chelmsford"].pk]
    exact = candidate_scores(world.om, read_query("", registration="AB12CDE"))[0].score
    assert candidate_scores(world.om, read_query("", **facts))[0].score <= exact


@pytest.mark.django_db
def test_a_vehicle_found_under_another_name_is_shown_below_the_names_searched_with_why(world, smiths):
    owner = make(world, "Mary", "Jones", vehicles={"registration": "MJ70 ABC"})
    order = ranked(world.om, "Stephen Smith MJ70 ABC")
    assert owner.pk in order and order.index(owner.pk) > order.index(smiths["nowhere"].pk)
    assert "Vehicle MJ70 ABC matches" in why(world.om, owner.pk, "Stephen Smith MJ70 ABC")


@pytest.mark.django_db
@pytest.mark.parametrize("typed, kind", [("2009/0012345", clues.PNC_NO_LETTER), ("09/12345", clues.PNC_NO_LETTER),
                                         ("0012345A", clues.PNC_NO_YEAR), ("Jonah Davis 2009/0012345A", clues.PNC)])
def test_part_of_a_pnc_number_finds_the_person(world, typed, kind):
    hits = hydrate(world.om, candidate_scores(world.om, read_query(typed)))
    assert hits[0].nominal.pk == world.case.pk and [f.kind for f in hits[0].facts] == [kind]
    assert any(reason.startswith("PNC number 2009/0012345A") for reason in hits[0].reasons)
    assert ranked(world.om, "", pnc=clues.read_pnc(typed.split()[-1]))[0] == world.case.pk


@pytest.mark.django_db
def test_a_weak_name_with_a_fact_that_agrees_is_found(world, smiths):
    # "Sid Smith" is too far from Stephen Smith (55% alike) to be found by name alone; the district supports it.
    assert smiths["chelmsford"].pk not in ranked(world.om, "Sid Smith")
    assert ranked(world.om, "Sid Smith CM1")[0] == smiths["chelmsford"].pk
    assert {smiths["colchester"].pk, smiths["nowhere"].pk}.isdisjoint(ranked(world.om, "Sid Smith CM1"))


@pytest.mark.django_db
def test_a_postcode_on_its_own_is_refused_plainly(world):
    assert read_query("CM1").error.startswith("Enter a name as well as the postcode CM1")
    assert read_query("", postcode=clues.Postcode("CM1", "CM1 2AB")).error
    assert not read_query("Smith CM1").error and not read_query("AB12 CDE CM1").error


# ---------------------------------------------------------------------------------------------
# Only from items the reader may see
# ---------------------------------------------------------------------------------------------

PERSONAS = ["om", "colleague", "probation_sup", "other_office", "police", "police_sup", "children", "housing", "health",
            "coordinator", "officer", "south", "south_coordinator", "admin"]


@pytest.mark.django_db
def test_a_restricted_vehicle_phone_or_address_finds_and_ranks_a_person_only_for_those_who_may_see_it(world):
    vehicle = services.create_item(actor=world.police, nominal=world.case, kind=KINDS["vehicles"],
                                   data={"registration": "KD19 ORT", "handling": "intelligence"})
    phone = services.create_item(actor=world.police, nominal=world.case, kind=KINDS["contacts"],
                                 data={"kind": "phone", "value": "0161 496 0777", "handling": "intelligence"})
    address = services.create_item(actor=world.police, nominal=world.case, kind=KINDS["addresses"],
                                   data={"line1": "4 Safe House Lane", "postcode": "ZE2 9QQ", "status": "previous", "handling": "intelligence"})
    seen = {}
    for name in PERSONAS:
        user = getattr(world, name)
        may = {model: policy.items_for(user, model).filter(pk=item.pk).exists()
               for model, item in ((Vehicle, vehicle), (Contact, phone), (type(address), address))}
        seen[name] = may[Vehicle]
        assert (world.case.pk in ranked(user, "", registration="KD19ORT")) == may[Vehicle], name
        assert (world.case.pk in ranked(user, "KD19 ORT")) == may[Vehicle], name
        assert (world.case.pk in ranked(user, "", registration="KD190RT")) == may[Vehicle], name  # misread too
        assert (world.case.pk in ranked(user, "", phone="01614960777")) == may[Contact], name
        plain = candidate_scores(user, read_query("Jonah Davis"))
        with_facts = candidate_scores(user, read_query("Jonah Davis ZE2 KD19 ORT 0161 496 0777"))
        if not policy.nominals_for(user).filter(pk=world.case.pk).exists():
            assert world.case.pk not in [c.nominal_id for c in with_facts], name
            continue
        mine = next(c for c in with_facts if c.nominal_id == world.case.pk)
        before = next(c for c in plain if c.nominal_id == world.case.pk)
        # The score and the reasons rest only on what they may see.
        assert {f.kind for f in mine.facts} == {kind for kind, ok in ((clues.VEHICLE, may[Vehicle]), (clues.PHONE, may[Contact]),
                                                                      (clues.DISTRICT, may[type(address)])) if ok}, name
        assert mine.score == before.score + sum(f.weight for f in mine.facts), name
    assert seen["police"] and not seen["om"] and not seen["housing"] and not seen["children"]


@pytest.mark.django_db
def test_the_page_and_api_say_nothing_of_a_restricted_vehicle(world, login):
    services.create_item(actor=world.police, nominal=world.case, kind=KINDS["vehicles"],
                         data={"registration": "KD19 ORT", "handling": "intelligence"})
    page = login(world.om).get("/people/", {"q": "Jonah Davis", "registration": "KD19 ORT"}).content.decode()
    results = page.split('id="results"', 1)[1]
    assert "Jonah" in results and "KD19" not in results.split("data-testid=\"result-count\"", 1)[1].split("</p>", 1)[1]
    api = login(world.om).get("/api/v1/nominals/", {"registration": "KD19ORT"}).json()
    assert api["count"] == 0 and "KD19" not in str(api["results"])
    police = login(world.police).get("/api/v1/nominals/", {"registration": "KD19ORT"}).json()
    assert [r["id"] for r in police["results"]] == [world.case.pk] and police["results"][0]["facts_matched"] == ["vehicle"]


# ---------------------------------------------------------------------------------------------
# The page and the API
# ---------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_page_says_how_the_name_box_was_read_and_why_each_result_matched(world, smiths, login):
    client = login(world.om)
    page = client.get("/people/", {"q": "Steven Smyth CM1"}).content.decode()
    assert "Searched \u201cCM1\u201d as a postcode district." in page
    assert "Current address in postcode district CM1 (CM1 2AB)" in page
    assert "with the postcode district CM1" in page
    page = client.get("/people/", {"q": "Steven Smyth", "registration": "a812 cde"}).content.decode()
    assert "Vehicle AB12 CDE, you searched A812 CDE: B and 8 look alike" in page
    page = client.get("/people/", {"q": "Smith 07700 900 982", "phone": "01632 960001"}).content.decode()
    assert "Searched the phone number from its field, not \u201c07700 900 982\u201d from the name box." in page
    assert "Phone number 01632 960001 matches" in page


@pytest.mark.django_db
@pytest.mark.parametrize("params, field, message", [
    ({"q": "Smith", "postcode": "XYZ"}, "postcode", "Enter a postcode or its first half (the postcode district), like CM1 2AB or CM1"),
    ({"q": "Smith", "pnc": "12345"}, "pnc", "Enter a PNC number or part of one"),
    ({"q": "Smith", "registration": "AB-12"}, "registration", "Enter a vehicle registration using letters and numbers only"),
    ({"q": "Smith", "phone": "call me"}, "phone", "Enter a phone number, like 01632 960 001"),
    ({"postcode": "CM1"}, None, "as well as the postcode: a postcode on its own matches too many people"),
])
def test_a_fact_that_cannot_be_read_is_refused_plainly_and_nothing_is_searched(world, login, params, field, message):
    page = login(world.om).get("/people/", params).content.decode()
    assert message in page and 'data-testid="result-count"' not in page and "govuk-error-summary" in page
    if field:
        assert f'id="{field}-error"' in page or f'id="id_{field}-error"' in page or f"#id_{field}" in page


@pytest.mark.django_db
def test_the_api_takes_each_fact_as_a_parameter(world, smiths, login):
    client = login(world.om)
    body = client.get("/api/v1/nominals/", {"q": "Steven Smyth", "postcode": "cm1", "phone": "+44 7700 900982"}).json()
    first = body["results"][0]
    assert first["id"] == smiths["chelmsford"].pk and first["facts_matched"] == ["phone", "district"]
    assert "Phone number 07700 900982 matches" in first["reasons"]
    assert [r["id"] for r in client.get("/api/v1/nominals/", {"pnc": "0012345A"}).json()["results"]] == [world.case.pk]
    assert client.get("/api/v1/nominals/", {"registration": "A812CDE"}).json()["results"][0]["facts_matched"] == ["vehicle_misread"]
    refused = client.get("/api/v1/nominals/", {"q": "Smith", "phone": "call me", "pnc": "12"})
    assert refused.status_code == 400 and set(refused.json()["errors"]) >= {"phone"}
    alone = client.get("/api/v1/nominals/", {"postcode": "CM1"})
    assert alone.status_code == 400 and "postcode" in alone.json()["errors"]


# ---------------------------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------------------------

def queries(client, params) -> int:
    client.get("/people/", params)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/people/", params).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_search_queries_with_every_fact_do_not_depend_on_how_many_match(world, smiths, login):
    client = login(world.om)
    # Someone found by the phone alone from the start: their details are read in one query however many.
    make(world, "Mary", "Jones", contacts={"kind": "phone", "value": "07700 900982"})
    params = {"q": "Steven Smyth CM1", "registration": "AB12CDE", "phone": "07700900982", "pnc": "09/12345"}
    before = queries(client, params)
    for i in range(15):
        make(world, "Stephen" if i % 2 else "Anne", "Smith" + spelled(i)[:1], addresses={"line1": f"{i} Road", "postcode": f"CM1 {i % 9 + 1}AB"},
             vehicles={"registration": f"AB12 CD{chr(65 + i)}"}, contacts={"kind": "phone", "value": "07700 900982"})
    assert queries(client, params) == before



@pytest.mark.django_db
def test_a_year_of_birth_weighs_with_a_fact_that_finds_but_not_alone(world, smiths):
    assert read_query("born 1985").error
    query = read_query("AB12 CDE born 1985")
    assert not query.error and query.born.year == 1985
    assert ranked(world.om, "AB12 CDE born 1985") == [smiths["chelmsford"].pk]
