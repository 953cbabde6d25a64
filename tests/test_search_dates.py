"""A date of birth is evidence, not a filter: near dates, a year or an age, the order of ties, the
reasons a result gives, and a date typed into the name box."""
import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.nominals import matching, services
from mappa.nominals.items import KINDS
from mappa.nominals.search import Query, candidate_scores, hydrate, read_query

D = datetime.date
TODAY = D(2026, 12, 6)


# ---------------------------------------------------------------------------------------------
# The rules, as pure functions
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("searched, recorded, kind, text", [
    (D(1985, 11, 2), D(1985, 11, 2), matching.EXACT, "Date of birth matches"),
    (D(1985, 2, 11), D(1985, 11, 2), matching.SWAPPED, "Born 2 November 1985, you searched 11 February 1985: day and month swapped"),
    (D(1985, 11, 3), D(1985, 11, 2), matching.ONE_DAY, "Born 2 November 1985, you searched 3 November 1985: one day out"),
    (D(1985, 12, 31), D(1986, 1, 1), matching.ONE_DAY, "Born 1 January 1986, you searched 31 December 1985: one day out"),
    (D(1984, 11, 2), D(1985, 11, 2), matching.ONE_YEAR, "Born 2 November 1985, you searched 2 November 1984: one year out"),
    (D(1975, 11, 2), D(1985, 11, 2), matching.TEN_YEARS, "Born 2 November 1985, you searched 2 November 1975: ten years out"),
    (D(1990, 5, 5), D(1985, 11, 2), matching.DIFFERENT, "Born 2 November 1985, you searched 5 May 1990"),
    (D(1985, 11, 2), None, matching.NOT_RECORDED, "Date of birth not recorded"),
])
def test_each_kind_of_date_slip_is_named(searched, recorded, kind, text):
    evidence = matching.date_evidence(searched, recorded)
    assert (evidence.kind, evidence.text) == (kind, text)
    assert evidence.weight == matching.WEIGHTS[kind]


@pytest.mark.parametrize("born, recorded, kind, text", [
    (matching.Born(year=1985), D(1985, 11, 2), matching.SAME_YEAR, "Born 2 November 1985, in the year searched"),
    (matching.Born(year=1986), D(1985, 11, 2), matching.NEAR_YEAR, "Born 2 November 1985, you searched 1986: one year out"),
    (matching.Born(year=1990), D(1985, 11, 2), matching.DIFFERENT, "Born 2 November 1985, you searched 1990"),
    (matching.Born(age=40, on=TODAY), D(1985, 11, 2), matching.AGE, "Aged 41, you searched about 40"),
    (matching.Born(age=30, on=TODAY), D(1985, 11, 2), matching.AGE_OUTSIDE, "Aged 41, you searched about 30"),
])
def test_only_a_year_or_an_age_weighs_too(born, recorded, kind, text):
    evidence = matching.date_evidence(born, recorded)
    assert (evidence.kind, evidence.text) == (kind, text)


def test_nothing_searched_about_the_date_is_no_evidence():
    assert matching.date_evidence(None, D(1985, 11, 2)) is None
    assert matching.date_evidence(matching.Born(), D(1985, 11, 2)) is None


def test_exact_outweighs_near_which_outweighs_nothing_which_outweighs_a_different_date():
    w = matching.WEIGHTS
    near = [w[k] for k in (matching.SWAPPED, matching.ONE_DAY, matching.ONE_YEAR, matching.TEN_YEARS)]
    assert w[matching.EXACT] > max(near) and min(near) > w[matching.NOT_RECORDED] > w[matching.DIFFERENT]


dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2020, 12, 31))


@given(dates, dates)
def test_a_recorded_date_agrees_exactly_when_it_is_one_of_the_searched_dates_variants(searched, recorded):
    """The search looks up date_variants; the scoring must agree with it about what is near."""
    evidence = matching.date_evidence(searched, recorded)
    assert evidence.agrees == (recorded in matching.date_variants(searched))


@given(dates, dates)
def test_near_matches_are_symmetric(searched, recorded):
    assert matching.date_evidence(searched, recorded).kind == matching.date_evidence(recorded, searched).kind


@given(dates)
def test_every_variant_is_a_near_match_and_the_date_itself_comes_first(day):
    variants = matching.date_variants(day)
    assert variants[0] == day and len(set(variants)) == len(variants) <= 8
    assert matching.date_evidence(day, day).kind == matching.EXACT
    assert all(matching.date_evidence(day, v).kind not in (matching.EXACT, matching.DIFFERENT) for v in variants[1:])


@given(dates, st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{y}-{m:02d}-{d:02d}", "{d}.{m}.{y}", "{d} {mon} {y}"]))
def test_a_date_typed_with_a_name_is_read_day_first(day, form):
    typed = form.format(d=day.day, m=day.month, y=day.year, mon=f"{day:%B}")
    read = matching.read_query(f"Stephen Smith {typed}", TODAY)
    assert read.text == "Stephen Smith" and read.born == matching.Born(date=day) and read.typed == typed


@pytest.mark.parametrize("text", ["2009/0012345A", "09/12345A", "A1234BC", "X123456", "2 Hamilton Road 1985a", "Jo 12 Mayfield"])
def test_identifiers_are_not_read_as_dates(text):
    assert matching.read_query(text, TODAY) == matching.ReadQuery(text)


# ---------------------------------------------------------------------------------------------
# Searching
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def smiths(world):
    """Stephen Smith born 2 November 1985, and people a slip could confuse with him."""
    make = lambda first, last, born, manager=world.om: services.create_nominal(  # noqa: E731
        actor=world.om, manager=manager, data={"first_name": first, "last_name": last, "date_of_birth": born})
    return {
        "stephen": make("Stephen", "Smith", D(1985, 11, 2)),
        "other_stephen": make("Stephen", "Smith", D(1990, 5, 5)),
        "steve": make("Steve", "Smyth", D(1971, 3, 9)),
        "sophie": make("Sophie", "Smith", D(1985, 11, 2)),
        "unknown": make("Stephen", "Smith", None),
    }


def ranked(user, text, dob=None):
    return [c.nominal_id for c in candidate_scores(user, read_query(text, dob))]


@pytest.mark.parametrize("dob", [D(1985, 11, 2), D(1985, 2, 11), D(1985, 11, 3), D(1985, 11, 1), D(1984, 11, 2),
                                 D(1986, 11, 2), D(1995, 11, 2), D(1975, 11, 2)])
def test_a_slip_in_the_date_and_the_name_still_finds_the_person_first(world, smiths, dob):
    for user in (world.om, world.coordinator):
        assert ranked(user, "Steven Smyth", dob)[0] == smiths["stephen"].pk, (user, dob)
        assert ranked(user, "Stephen Smith", dob)[0] == smiths["stephen"].pk, (user, dob)


def test_exact_dates_come_before_near_ones_and_a_different_date_last(world, smiths):
    swapped = services.create_nominal(actor=world.om, manager=world.om,
                                      data={"first_name": "Stephen", "last_name": "Smith", "date_of_birth": D(1985, 2, 11)})
    order = ranked(world.om, "Stephen Smith", D(1985, 11, 2))
    assert order.index(smiths["stephen"].pk) < order.index(swapped.pk) < order.index(smiths["unknown"].pk) \
        < order.index(smiths["other_stephen"].pk)


def test_a_date_finds_a_person_whose_common_name_is_misspelt_beyond_the_name_keys(world, smiths):
    """The date brings in the people born on it or near it, whatever their names; the name then decides."""
    assert ranked(world.om, "Stephan Smithe", D(1985, 11, 2))[0] == smiths["stephen"].pk
    assert smiths["steve"].pk not in ranked(world.om, "Stephan Smithe", D(1985, 11, 2))  # another name, another date


def test_a_date_alone_finds_near_dates_below_exact_ones(world, smiths):
    order = ranked(world.om, "", D(1985, 11, 2))
    assert set(order[:2]) == {smiths["stephen"].pk, smiths["sophie"].pk}
    near = ranked(world.om, "", D(1985, 2, 11))
    assert set(near) == {smiths["stephen"].pk, smiths["sophie"].pk}


def test_a_year_or_an_age_after_the_name_ranks_the_person_born_then_first(world, smiths):
    assert ranked(world.om, "Stephen Smith born 1985")[0] == smiths["stephen"].pk
    assert ranked(world.om, "Stephen Smith 1990")[0] == smiths["other_stephen"].pk
    age = matching.age_on(D(1990, 5, 5), timezone.localdate())
    assert ranked(world.om, f"Stephen Smith about {age}")[0] == smiths["other_stephen"].pk


def test_people_on_ones_own_caseload_then_team_then_latest_activity_break_ties(world):
    make = lambda manager: services.create_nominal(  # noqa: E731
        actor=world.om, manager=manager, data={"first_name": "Zara", "last_name": "Quinn"})
    quiet, busy, mine = make(world.colleague), make(world.colleague), make(world.om)
    services.create_item(actor=world.colleague, nominal=busy, kind=KINDS["activities"],
                         data={"kind": "note", "summary": "Reported as required", "occurred_at": timezone.now()})
    services.create_item(actor=world.colleague, nominal=quiet, kind=KINDS["activities"],
                         data={"kind": "note", "summary": "Reported", "occurred_at": timezone.now() - datetime.timedelta(days=90)})
    found = candidate_scores(world.om, Query(text="Zara Quinn"))
    assert [c.nominal_id for c in found] == [mine.pk, busy.pk, quiet.pk]
    assert len({c.score for c in found}) == 1  # the same evidence: the order comes from the ties' rules


def test_activity_the_reader_may_not_see_does_not_order_the_results(world):
    make = lambda: services.create_nominal(  # noqa: E731
        actor=world.om, manager=world.colleague, data={"first_name": "Zara", "last_name": "Quinn"})
    first, second = make(), make()
    for person in (second, first):  # the later record change is the first's
        services.add_partner(actor=world.colleague, nominal=person, user=world.police)
    before = ranked(world.om, "Zara Quinn")
    assert before == [first.pk, second.pk]
    services.create_item(actor=world.police, nominal=second, kind=KINDS["activities"],
                         data={"kind": "intelligence", "summary": "Seen", "handling": "intelligence", "occurred_at": timezone.now()})
    assert ranked(world.om, "Zara Quinn") == before
    assert ranked(world.police, "Zara Quinn") == [second.pk, first.pk]  # who sees it, sees it first


def test_each_result_says_why_it_matched(world, smiths, login):
    page = login(world.om).get("/people/", {"q": "Steven Smyth", "dob_day": "11", "dob_month": "2", "dob_year": "1985"}).content.decode()
    assert "Born 2 November 1985, you searched 11 February 1985: day and month swapped" in page
    assert "Name spelt differently" in page and "You manage them" in page and "Near date of birth" in page
    hits = hydrate(world.om, candidate_scores(world.om, Query(text="Stephen Smith", date_of_birth=D(1985, 11, 2))))
    assert hits[0].reasons == ["Name matches", "Date of birth matches", "You manage them"]
    others = hydrate(world.coordinator, candidate_scores(world.coordinator, Query(text="Stephen Smith")))
    assert all("You manage them" not in hit.reasons and "Held by your team" not in hit.reasons for hit in others)


def test_an_alias_the_reader_may_not_see_is_not_found_through_the_date_nor_named(world, login):
    services.create_item(actor=world.police, nominal=world.case, kind=KINDS["aliases"],
                         data={"first_name": "Don", "last_name": "Quixote", "handling": "intelligence"})
    params = {"q": "Don Quixote", "dob_day": "12", "dob_month": "4", "dob_year": "1975"}
    assert world.case.pk in ranked(world.police, "Don Quixote", D(1975, 4, 12))
    for user in (world.housing, world.om):
        assert world.case.pk not in ranked(user, "Don Quixote", D(1975, 4, 12))
        page = login(user).get("/people/", params).content.decode()
        assert "Quixote" not in page.split('id="main-content"')[1].split("</form>", 1)[1]
        api = login(user).get("/api/v1/nominals/", {"q": "Don Quixote", "date_of_birth": "1975-04-12"}).json()
        assert "Quixote" not in str(api)


def test_a_date_in_the_name_box_is_used_and_said_so(world, smiths, login):
    client = login(world.om)
    api = client.get("/api/v1/nominals/", {"q": "Steven Smyth 02/11/1985"}).json()
    assert api["results"][0]["id"] == smiths["stephen"].pk and api["results"][0]["date_match"] == "exact"
    assert "Date of birth matches" in api["results"][0]["reasons"]
    page = client.get("/people/", {"q": "Steven Smyth 02/11/1985"}).content.decode()
    assert "Searched \u201c02/11/1985\u201d as a date of birth (2 November 1985)" in page
    both = client.get("/people/", {"q": "Steven Smyth 1/1/1970", "dob_day": "2", "dob_month": "11", "dob_year": "1985"}).content.decode()
    assert "from the date field, not \u201c1/1/1970\u201d from the name box" in both


def test_a_date_in_the_name_box_that_cannot_be_one_is_refused_plainly(world, login):
    client = login(world.om)
    page = client.get("/people/", {"q": "Jonah Davis 31/02/1985"}).content.decode()
    assert "31/02/1985 is not a real date" in page and 'data-testid="result-count"' not in page
    api = client.get("/api/v1/nominals/", {"q": "Jonah Davis 31/02/1985"})
    assert api.status_code == 400 and "31/02/1985 is not a real date" in str(api.json())
    alone = client.get("/people/", {"q": "born 1985"}).content.decode()
    assert "Enter a name as well as" in alone


def test_more_than_a_page_says_how_many_and_how_to_narrow(world, login):
    for i in range(22):
        services.create_nominal(actor=world.om, manager=world.om,
                                data={"first_name": "Amir", "last_name": "Khan", "date_of_birth": D(1960 + i, 1, 15)})
    page = login(world.om).get("/people/", {"q": "Khan"}).content.decode()
    assert "22 people found, best match first" in page
    assert "To narrow the list" in page and "add a date of birth" in page
    one = login(world.om).get("/people/", {"q": "Jonah Davis"}).content.decode()
    assert "To narrow the list" not in one


def test_gender_and_town_narrow_the_results_and_an_identifier_match_stays(world, login):
    make = lambda gender: services.create_nominal(  # noqa: E731
        actor=world.om, manager=world.om, data={"first_name": "Sam", "last_name": "Davis", "gender": gender})
    male, female = make("male"), make("female")
    services.create_item(actor=world.om, nominal=female, kind=KINDS["addresses"],
                         data={"line1": "1 High Street", "town": "Croydon", "postcode": "CR0 1AA"})
    assert {male.pk, female.pk} <= set(ranked(world.om, "Sam Davis"))
    narrowed = lambda **kw: [c.nominal_id for c in candidate_scores(world.om, read_query("Sam Davis", **kw))]  # noqa: E731
    assert male.pk in narrowed(gender="male") and female.pk not in narrowed(gender="male")
    assert narrowed(town="croy") == [female.pk]
    assert world.case.pk in [c.nominal_id for c in candidate_scores(world.om, read_query("2009/0012345A", gender="female"))]
    page = login(world.om).get("/people/", {"q": "Sam Davis", "town": "Croydon"}).content.decode()
    assert "Only people whose current address is in a town starting" in page and "1 person found" in page
    api = login(world.om).get("/api/v1/nominals/", {"q": "Sam Davis", "gender": "female"}).json()
    assert [row["id"] for row in api["results"]] == [female.pk]
    assert login(world.om).get("/api/v1/nominals/", {"q": "Sam Davis", "gender": "x"}).status_code == 400


def test_a_town_the_reader_may_not_see_does_not_narrow_to_the_person(world):
    person = services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Nina", "last_name": "Quell"})
    services.add_partner(actor=world.om, nominal=person, user=world.police)
    services.create_item(actor=world.police, nominal=person, kind=KINDS["addresses"],
                         data={"line1": "Safe house", "town": "Zedtown", "postcode": "ZZ1 1ZZ", "handling": "intelligence"})
    in_town = lambda user: [c.nominal_id for c in candidate_scores(user, read_query("Nina Quell", town="Zedtown"))]  # noqa: E731
    assert in_town(world.police) == [person.pk]
    assert in_town(world.om) == []


@pytest.mark.parametrize("persona", ["om", "coordinator", "police", "housing", "south", "admin"])
def test_the_prepared_date_statement_finds_what_the_queryset_finds(world, smiths, persona):
    from mappa.access import policy
    from mappa.nominals.search import DATE_STATEMENT

    user = getattr(world, persona)
    for day in (D(1985, 11, 2), D(1975, 4, 12), D(1985, 2, 11)):
        values = {"dates": matching.date_variants(day)}
        prepared = DATE_STATEMENT.rows(policy.scope_key(user), user, values)
        assert sorted(prepared, key=repr) == sorted(DATE_STATEMENT.fresh(user, values), key=repr)
    if persona == "om":
        assert smiths["stephen"].pk in {row[0] for row in prepared}
