"""Finding an address from what someone types (issue 18, "places on a real map"), the pure rule
(licences.rules): every part typed must be in the address, the best matches first, the same order every time.
A visit confirms the person lives at or frequents the address notified (inspection 2010, para 7.16), so the
lookup never offers a look-alike: 27 never finds 127. Approved premises hold many people on the register at
once (good practice 2009-2012, E2.2-07, E2.3-04), so the same address may be offered from the gazetteer and
from the register: it is listed once."""
import re

from hypothesis import given
from hypothesis import strategies as st

from mappa.licences import gazetteer, rules
from mappa.licences.rules import AddressCandidate

DEMO = gazetteer._offline().addresses()


def labels(text, candidates=DEMO):
    return [r.candidate.label for r in rules.rank(text, candidates)]


def test_golden_a_house_number_and_street_finds_that_house_alone():
    assert labels("27 Larch Close") == ["27 Larch Close, Hallam Cross, NX2 5QT"]
    assert labels("27 larch cl") == ["27 Larch Close, Hallam Cross, NX2 5QT"]  # abbreviations of street kinds
    assert labels("flat 3 41 quarry") == ["Flat 3, 41 Quarry Road, Eastmere, NX7 3DB"]


def test_golden_a_number_is_never_the_start_of_another():
    assert labels("2 larch close") == ["2 Larch Close, Hallam Cross, NX2 5QT"]  # not 20-29
    assert labels("127 larch close") == []


def test_golden_a_whole_postcode_lists_its_street_in_house_order():
    found = labels("NX2 5QT")
    assert len(found) == 40 and found[:3] == ["1 Larch Close, Hallam Cross, NX2 5QT", "2 Larch Close, Hallam Cross, NX2 5QT",
                                              "3 Larch Close, Hallam Cross, NX2 5QT"]
    assert labels("nx25qt") == found and labels("27 nx2 5qt") == ["27 Larch Close, Hallam Cross, NX2 5QT"]


def test_golden_part_of_a_postcode_narrows_to_its_district():
    found = rules.rank("station road NX9", DEMO)
    assert found and {r.candidate.town for r in found} == {"Saltmarsh Bay"}
    assert {r.candidate.postcode[:5] for r in rules.rank("NX2 5", DEMO)} == {"NX2 5"}


def test_golden_named_premises_by_name_or_by_number_and_street():
    assert labels("approved premises") == ["Southmoor Approved Premises, 14 Chapel Row, Coldharbour, SX3 2LN",
                                           "Northshire Approved Premises, 2 Station Road, Hallam Cross, NX2 8AA"]
    # The same number and street in two towns: both, the one in the town typed first when a town is typed.
    assert labels("2 station road") == ["Northshire Approved Premises, 2 Station Road, Hallam Cross, NX2 8AA",
                                        "2 Station Road, Saltmarsh Bay, NX9 1SR"]
    assert labels("2 station road saltmarsh") == ["2 Station Road, Saltmarsh Bay, NX9 1SR"]


def test_golden_a_whole_word_ranks_above_the_start_of_one():
    a = AddressCandidate("g:a", "1 Mill Road", "", "Eastmere", "NX7 1AA")
    b = AddressCandidate("g:b", "1 Millbrook Road", "", "Eastmere", "NX7 1AB")
    assert [r.candidate.key for r in rules.rank("1 mill", [b, a])] == ["g:a", "g:b"]


def test_golden_the_same_address_from_the_register_is_listed_once_the_gazetteers():
    register = AddressCandidate("r:7", "Northshire Approved Premises", "2 Station Road", "Hallam Cross", "NX2 8AA",
                                source="register")
    found = rules.rank("northshire approved", [*DEMO, register])
    assert [r.candidate.source for r in found] == ["gazetteer"]


def test_golden_text_that_names_no_address_finds_nothing():
    assert rules.rank("", DEMO) == [] and rules.rank("  flat the  ", DEMO) == []
    assert rules.read_query("flat of the").empty


ADDRESSES = st.builds(
    lambda n, street, kind, town, pc: AddressCandidate(f"g:{n}-{street}-{town}", f"{n} {street} {kind}", "", town, pc),
    st.integers(1, 300), st.sampled_from(["Larch", "Mill", "Millbrook", "Station", "Quay", "Church"]),
    st.sampled_from(["Road", "Close", "Street", "Lane"]), st.sampled_from(["Eastmere", "Wenlow", "Brackford"]),
    st.sampled_from(["NX2 5QT", "NX7 3DB", "NX4 1HP", "NX25 1AA"]))


@given(st.lists(ADDRESSES, max_size=30, unique_by=lambda a: a.key), st.text(max_size=30), st.randoms())
def test_the_order_does_not_depend_on_the_order_offered(candidates, text, rng):
    shuffled = list(candidates)
    rng.shuffle(shuffled)
    assert [r.candidate.key for r in rules.rank(text, candidates)] == [r.candidate.key for r in rules.rank(text, shuffled)]


@given(st.lists(ADDRESSES, max_size=30, unique_by=lambda a: a.key), st.text(alphabet="abcdelmnorst0123456789 ", max_size=20))
def test_every_match_holds_every_number_and_word_typed(candidates, text):
    query = rules.read_query(text)
    for ranked in rules.rank(text, candidates):
        words = re.findall(r"[a-z0-9]+", " ".join((ranked.candidate.line1, ranked.candidate.town)).lower())
        assert all(n.lower() in words for n in query.numbers)
        assert all(any(w.startswith(q) for w in words) for q in query.words)


@given(st.lists(ADDRESSES, min_size=1, max_size=30, unique_by=lambda a: a.key), st.data())
def test_an_address_typed_in_full_is_found_first(candidates, data):
    wanted = data.draw(st.sampled_from(candidates))
    found = rules.rank(f"{wanted.line1} {wanted.town} {wanted.postcode}", candidates)
    assert found[0].candidate.label == wanted.label


@given(st.lists(ADDRESSES, max_size=30, unique_by=lambda a: a.key), st.text(max_size=20), st.text(max_size=10))
def test_typing_more_never_finds_more(candidates, text, more):
    wider = {r.candidate.key for r in rules.rank(text, candidates)}
    narrower = {r.candidate.key for r in rules.rank(f"{text} {more}", candidates)}
    if not rules.read_query(text).empty and not rules.read_query(text).postcode and not rules.read_query(more).postcode:
        assert narrower <= wider
