"""Finding people: typos, sound-alikes, aliases, identifiers; and the name rules as properties."""
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mappa.access import policy
from mappa.nominals import names, services
from mappa.nominals.items import KINDS
from mappa.nominals.search import NAME_STATEMENT, Query, candidate_scores, name_values


def found(user, text, dob=None):
    return [row[0] for row in candidate_scores(user, Query(text=text, date_of_birth=dob))]


def test_issue_examples(world):
    assert world.case.pk in found(world.om, "Jon Davies")
    peter = world.unallocated.pk
    assert peter in found(world.om, "Smyth")  # Smyth finds Smith
    assert world.case.pk in found(world.om, "Smyth")  # and the alias John Smyth


def test_typos_in_either_name(world):
    for text in ["Jonah Davvis", "Jonha Davis", "Jonah Daviss", "Davis Jonah", "JONAH DAVIS", "jonah  davis"]:
        assert world.case.pk in found(world.om, text), text


def test_consonant_typo_found_through_the_first_name(world):
    thomson = services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Mark", "last_name": "Thompson"})
    assert thomson.pk in found(world.om, "Mark Thomson")


def test_best_match_first(world):
    services.create_nominal(actor=world.om, manager=world.om, data={"first_name": "Jonathan", "last_name": "Davison"})
    results = found(world.om, "Jonah Davis")
    assert results[0] == world.case.pk


def test_date_of_birth_ranks_and_finds(world):
    assert found(world.om, "Jonah Davis", datetime.date(1975, 4, 12))[0] == world.case.pk
    assert found(world.om, "", datetime.date(1975, 4, 12)) == [world.case.pk]
    # A date that differs weighs against the person but does not hide them: dates are as often wrong as names.
    differs = candidate_scores(world.om, Query(text="Jonah Davis", date_of_birth=datetime.date(1980, 1, 1)))
    assert [c.nominal_id for c in differs] == [world.case.pk] and differs[0].score < 100


def test_identifier_in_any_format(world):
    for text in ["2009/0012345A", "2009 0012345 a", "20090012345a"]:
        assert found(world.om, text) == [world.case.pk]


def test_new_alias_is_searchable_at_once(world):
    services.create_item(actor=world.om, nominal=world.case, kind=KINDS["aliases"], data={"first_name": "Jack", "last_name": "Ramsbottom"})
    assert world.case.pk in found(world.om, "Jack Ramsbotom")


def test_renamed_person_is_found_by_new_name(world):
    services.update_nominal(actor=world.om, nominal=world.case, data={"last_name": "Okonkwo"}, version=world.case.version)
    assert world.case.pk in found(world.om, "Jonah Okonkwo")


def test_unrelated_names_are_not_found(world):
    assert world.case.pk not in found(world.om, "Margaret Thatcher")


def test_search_page_validation(world, login):
    page = login(world.om).get("/people/", {"q": ""}).content.decode()
    assert "Enter a name, an identifier or a date of birth" in page
    page = login(world.om).get("/people/", {"q": "", "dob_day": "31", "dob_month": "2", "dob_year": "1980"}).content.decode()
    assert "Date of birth must be a real date" in page


def test_results_show_enough_to_tell_people_apart(world, login):
    page = login(world.om).get("/people/", {"q": "Jonah Davis"}).content.decode()
    assert "12 April 1975" in page and "Bradwell" in page and "Northshire probation" in page
    # ... and nothing more: no addresses' first lines, no restricted details.
    assert "12 Mill Lane" not in page and "Alice Victim" not in page


def test_people_found_by_identifier_or_birth_date_alone_show_the_same(world, login):
    # These are not read with the names, so the results page reads what they show itself.
    client = login(world.om)
    for params in ({"q": "2009/0012345A"}, {"q": "", "dob_day": "12", "dob_month": "4", "dob_year": "1975"}):
        page = client.get("/people/", params).content.decode()
        assert "DAVIS, Jonah" in page and "12 April 1975" in page and "Bradwell" in page and "Northshire probation" in page
        assert "12 Mill Lane" not in page


def test_postgresql_sessions_do_not_compile_queries_just_in_time(db):
    # Compiling a broad search took longer than running it (see settings.py).
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


names_text = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F), min_size=1, max_size=20)


@given(names_text)
def test_phonetic_key_ignores_case_and_accents(name):
    assert names.phonetic_key(name) == names.phonetic_key(name.upper()) == names.phonetic_key(name.lower())


@given(names_text, names_text)
def test_similarity_is_symmetric_and_bounded(a, b):
    score = names.similarity(a, b)
    assert 0 <= score <= 100
    assert score == names.similarity(b, a)


@given(names_text)
def test_a_name_matches_itself_fully(name):
    if names.normalise(name):
        assert names.similarity(name, name) == 100


@given(st.text(max_size=30))
def test_normalise_is_idempotent_and_plain(text):
    once = names.normalise(text)
    assert names.normalise(once) == once
    assert all(ch.isascii() and (ch.isalpha() or ch == " ") for ch in once)


@given(st.text(alphabet="0123456789ABCDEFabcdef /-", max_size=20))
def test_identifier_normalisation_ignores_separators_and_case(value):
    assert names.normalise_identifier(value) == names.normalise_identifier(value.lower().replace("/", " "))


def test_a_typing_slip_anywhere_in_the_surname_still_finds_the_person(world):
    """Slips in the first letters defeat sound-alike keys and prefixes; the surname variants catch them."""
    people = {
        "Smith": "Adam Smtih", "Hill": "Philip Hlil", "Adebayo": "Jermaine Aebayo",
        "McGilroy": "Claire MGilroy", "Thomson": "Scott Tohmson", "Ahmed": "Mohammad Ahemd",
    }
    for surname, typed in people.items():
        person = services.create_nominal(actor=world.om, manager=world.om,
                                         data={"first_name": typed.split()[0], "last_name": surname})
        assert person.pk in found(world.om, typed), typed
        assert person.pk in found(world.om, typed.split()[1]), f"{typed.split()[1]} alone"


def test_a_slip_in_an_alias_surname_finds_the_person(world):
    services.create_item(actor=world.om, nominal=world.case, kind=KINDS["aliases"], data={"first_name": "Jack", "last_name": "Kowalski"})
    assert world.case.pk in found(world.om, "Jack Kowlaski")


def test_a_slip_never_reaches_beyond_the_users_scope(world):
    # "Davies" is one slip from "Daviess"; the other area's Jonah Davies must stay hidden.
    assert world.south_case.pk not in found(world.om, "Jonah Daviess")
    assert world.south_case.pk in found(world.south, "Jonah Daviess")


letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=14)


@st.composite
def a_name_and_a_slip(draw):
    name = draw(letters)
    i = draw(st.integers(0, len(name) - 1))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    slips = [name[:i] + name[i + 1:], name[:i] + letter + name[i:], name[:i] + letter + name[i + 1:]]
    if i < len(name) - 1:
        slips.append(name[:i] + name[i + 1] + name[i] + name[i + 2:])
    return name, draw(st.sampled_from(slips))


@given(a_name_and_a_slip())
def test_a_name_and_any_one_slip_share_a_variant(pair):
    """Left out, added, changed or two letters swapped: the stored and the typed surname always meet."""
    name, slip = pair
    assert names.deletion_variants(name) & names.deletion_variants(slip)


@given(letters)
def test_variants_are_the_name_and_one_letter_shorter(name):
    variants = names.deletion_variants(name)
    assert name in variants
    assert all(len(v) == len(name) - 1 for v in variants - {name})
    assert names.deletion_variants(name.upper()) == variants


@given(st.lists(names_text, min_size=1, max_size=3), st.lists(st.tuples(names_text, names_text), max_size=5))
def test_batch_scores_are_never_below_the_similarity_rule(query, candidates):
    """Other ways of reading a name (its parts, given names, run together) only add to the whole-name
    score, and for one-word names without initials they are the whole-name score."""
    tokens = names.split_query(" ".join(query))
    pairs = [(names.normalise(f), names.normalise(l)) for f, l in candidates]
    if not tokens or any(len(t) == 1 for t in tokens):
        return
    expected = [
        names.similarity(" ".join(tokens), f"{f} {l}") if len(tokens) > 1
        else max(names.similarity(tokens[0], f), names.similarity(tokens[0], l))
        for f, l in pairs
    ]
    scores = names.score_candidates(tokens, pairs)
    assert all(score >= want - 1e-9 for score, want in zip(scores, expected))
    plain = [i for i, (f, l) in enumerate(pairs) if " " not in f + l]
    assert [scores[i] for i in plain] == [expected[i] for i in plain]


name_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@given(st.lists(name_words, min_size=1, max_size=2), st.lists(name_words, min_size=1, max_size=2),
       st.sampled_from([" ", "-"]))
def test_a_name_written_as_recorded_scores_in_full(givens, surnames, joiner):
    first, last = joiner.join(givens), joiner.join(surnames)
    tokens = names.split_query(f"{first} {last}")
    assert names.score_candidates(tokens, [(names.normalise(first), names.normalise(last))]) == [100]


@given(name_words, name_words, name_words)
def test_an_initial_stands_for_a_given_name_it_begins_or_costs_the_penalty(first, other, last):
    assert names.score_candidates([first[0], last], [(first, last)]) == [100]
    if not other.startswith(first[0]):
        without = names.similarity(last, f"{other} {last}")
        assert names.score_candidates([first[0], last], [(other, last)]) == [max(0.0, without - names.UNMATCHED_INITIAL_PENALTY)]


@given(name_words, name_words)
def test_each_part_of_a_double_barrelled_surname_has_its_own_key(one, two):
    keys = names.name_keys("Anne", f"{one}-{two}")
    searched = {key[5] for key in keys}
    assert {part for part in (one, two) if len(part) >= names.MIN_PART_LENGTH and part not in names.PARTICLES} <= searched


@pytest.mark.parametrize("written", ["2009/0012345A", "09/0012345A", "09/12345A", "090012345A", "20090012345a",
                                     " 2009 / 0012345 A "])
def test_canonical_pnc_reads_every_way_of_writing_it(written):
    assert names.canonical_pnc(written) == "090012345A"


@pytest.mark.parametrize("text", ["hello", "0012345A", "2009/12345", "12345678A", "209/0012345A", ""])
def test_canonical_pnc_refuses_what_is_not_a_pnc_number(text):
    assert names.canonical_pnc(text) is None


SEARCH_WORDS = ["jonah", "davis", "jon", "davies", "smyth", "smith", "smtih", "peter", "dav", "jo", "alice", "x", "davs"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(SEARCH_WORDS), min_size=1, max_size=3),
       persona=st.sampled_from(["om", "police", "housing", "health", "coordinator", "admin", "south", "officer"]))
def test_the_prepared_name_statement_finds_what_the_queryset_finds(world, words, persona):
    """The name search is compiled once per user and shape, then run with new values: it must give the
    same rows (converted the same way) as the queryset built afresh, for every reader."""
    user = getattr(world, persona)
    values = name_values(words)
    prepared = NAME_STATEMENT.rows(policy.scope_key(user), user, values)
    assert sorted(prepared, key=repr) == sorted(NAME_STATEMENT.fresh(user, values), key=repr)


def test_the_name_statement_is_compiled_once_per_reader_and_shape(world):
    NAME_STATEMENT.clear()
    for text in ("Jonah Davis", "Peter Smith", "Jonah Davies"):  # two words, a five-letter surname
        candidate_scores(world.om, Query(text=text))
    assert len(NAME_STATEMENT._cache) == 2  # Davis and Smith share a shape; Davies has one variant more
    assert world.case.pk not in found(world.south, "Jonah Davis")  # another reader, another statement
    assert len(NAME_STATEMENT._cache) == 3


def test_a_builder_that_reads_its_values_is_refused(world):
    from mappa.core.prepared import Prepared
    from mappa.nominals.models import NameKey

    sliced = Prepared(lambda user, start: NameKey.objects.filter(last_norm=start[:3]).values_list("pk"))
    with pytest.raises(ValueError, match="other than as query values"):
        sliced.rows(("k",), world.om, {"start": "davis"})


def test_a_restricted_alias_is_found_only_by_those_allowed_to_see_it(world, login):
    alias = services.create_item(actor=world.police, nominal=world.case, kind=KINDS["aliases"],
                                 data={"first_name": "Don", "last_name": "Quixote", "handling": "intelligence"})
    assert world.case.pk in found(world.police, "Don Quixote")
    for user in (world.housing, world.children, world.om):  # they reach the record, not the intelligence
        assert world.case.pk not in found(user, "Don Quixote")
        assert world.case.pk not in found(user, "Quixote")
        page = login(user).get("/people/", {"q": "Quixote"}).content.decode()
        assert "Quixote" not in page.split('id="main-content"')[1].split("</form>", 1)[1]
        api = login(user).get("/api/v1/nominals/", {"q": "Quixote"}).json()
        assert "Quixote" not in str(api)
    # Once the restriction is lifted, everyone who reaches the record finds it by that name.
    services.update_item(actor=world.police, item=alias, data={"handling": ""}, version=alias.version)
    assert world.case.pk in found(world.housing, "Quixote")


def test_a_result_names_the_alias_it_was_found_by_as_recorded(world, login):
    services.create_item(actor=world.om, nominal=world.case, kind=KINDS["aliases"], data={"first_name": "JD", "last_name": "McQueen"})
    page = login(world.om).get("/people/", {"q": "JD McQueen"}).content.decode()
    assert "Also known as: JD McQueen" in page
    own = login(world.om).get("/people/", {"q": "Jonah Davis"}).content.decode()
    assert "Also known as" not in own


def test_no_matches_says_so(world, login):
    page = login(world.om).get("/people/", {"q": "Zebedee Wolstenholme"}).content.decode()
    assert "No one you can see matches" in page
    partial = login(world.om).get("/people/", {"q": "Zebedee Wolstenholme"}, HTTP_HX_REQUEST="true").content.decode()
    assert "No one you can see matches" in partial


@pytest.fixture
def awkward_names(world):
    """People whose names are often written in more than one way."""
    make = lambda first, last, middle="": services.create_nominal(  # noqa: E731
        actor=world.om, manager=world.om, data={"first_name": first, "middle_names": middle, "last_name": last})
    return {
        "anne": make("Anne-Marie", "Smith-Jones"),
        "oneill": make("Patrick", "O'Neill"),
        "gilroy": make("Sean", "McGilroy"),
        "hartnell": make("Lee", "Hartnell", "Anthony James"),
        "naylor": make("William", "Naylor"),
        "tolley": make("Dean", "Tolley"),
        "other_naylor": make("Zachary", "Naylor"),
    }


@pytest.mark.parametrize("text, who", [
    ("Anne-Marie Smith-Jones", "anne"), ("Anne Marie Smith Jones", "anne"), ("Smith-Jones", "anne"),
    ("Smith Jones", "anne"), ("Jones", "anne"), ("Anne-Marie", "anne"), ("Anne Smith-Jones", "anne"),
    ("O'Neill", "oneill"), ("O Neill", "oneill"), ("ONeill", "oneill"), ("Patrick O'Neil", "oneill"), ("Neill", "oneill"),
    ("McGilroy", "gilroy"), ("Mc Gilroy", "gilroy"), ("Gilroy", "gilroy"), ("Sean Mcgilroy", "gilroy"),
    ("Anthony Hartnell", "hartnell"), ("James Hartnell", "hartnell"), ("Lee Anthony Hartnell", "hartnell"),
    ("Hartnell L", "hartnell"), ("Naylor W", "naylor"), ("W Naylor", "naylor"), ("Naylor, William", "naylor"),
    ("Tolley D", "tolley"), ("D Tolley", "tolley"),
])
def test_names_written_another_way_still_find_the_person(world, awkward_names, text, who):
    assert awkward_names[who].pk in found(world.om, text)


def test_an_initial_narrows_to_people_with_that_initial(world, awkward_names):
    assert found(world.om, "Naylor W") == [awkward_names["naylor"].pk]
    assert found(world.om, "Z Naylor") == [awkward_names["other_naylor"].pk]


def test_a_middle_initial_that_was_never_recorded_still_finds_the_person(world, awkward_names):
    assert found(world.om, "Dean J Tolley") == [awkward_names["tolley"].pk]
    assert awkward_names["hartnell"].pk in found(world.om, "Lee A Hartnell")


@pytest.mark.parametrize("text", ["2009/0012345A", "09/0012345A", "09/12345A", "090012345A", "2009 0012345 a"])
def test_a_pnc_number_is_found_however_it_is_written(world, text):
    assert found(world.om, text) == [world.case.pk]


@pytest.mark.parametrize("kind, value", [("pnc", "hello"), ("pnc", "2009/12345"), ("crn", "123"), ("crn", "X12345"),
                                         ("prison", "1234"), ("ni", "QQ1234"), ("national", "x")])
def test_identifiers_must_look_like_their_kind(world, kind, value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.create_item(actor=world.om, nominal=world.case, kind=KINDS["identifiers"], data={"kind": kind, "value": value})
    message = " ".join(refused.value.message_dict["value"])
    assert message.startswith("Enter the") and "like" in message


def test_a_duplicate_identifier_is_refused_plainly_without_saying_whose(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.create_item(actor=world.other_office, nominal=world.elsewhere, kind=KINDS["identifiers"],
                             data={"kind": "pnc", "value": "09/12345A"})
    messages = refused.value.message_dict["value"]
    assert messages == [messages[0]] and "already on the register" in messages[0]
    assert "Kind" not in messages[0] and "Normalised" not in messages[0] and "Davis" not in messages[0]


def test_identifiers_are_kept_tidy(world):
    item = services.create_item(actor=world.om, nominal=world.case, kind=KINDS["identifiers"],
                                data={"kind": "prison", "value": " a1234bc "})
    assert item.value == "A1234BC"
    assert found(world.om, "a1234bc") == [world.case.pk]
