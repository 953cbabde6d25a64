"""The data-defined instrument engine (Risk Matrix 2000 and the like), tested with a table written for
these tests only. It is NOT the licensed Risk Matrix 2000 scoring guide and is never shipped."""
import copy
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mappa.core.facts import Sanction, Source
from mappa.risk.calculators import InputError, instrument

TEST_TABLE = {
    "instrument": "rm2000",
    "version": "TEST TABLE 1 (made up for the tests)",
    "source": "tests/test_risk_instrument.py",
    "scales": [
        {"key": "S", "label": "Sexual", "items": [
            {"key": "age", "label": "Age", "from": "age", "points": [[18, 2], [25, 1], [40, 0]]},
            {"key": "sexual", "label": "Sexual appearances", "from": "count", "where": {"sexual": True},
             "unit": "dates", "points": [[0, 0], [2, 1], [3, 2]]},
            {"key": "burglary", "label": "Assessor answer", "from": "answer", "points": [[0, 0], [1, 1]]},
        ], "categories": [[0, "low"], [2, "medium"], [3, "high"], [4, "very_high"]],
         "aggravating": {"items": [{"key": "stranger", "label": "Stranger victim"},
                                   {"key": "male", "label": "Male victim"}], "raise": [[2, 1]]}},
        {"key": "V", "label": "Violent", "items": [
            {"key": "violent", "label": "Violent sanctions", "from": "count", "where": {"violent": True},
             "points": [[0, 0], [1, 1], [2, 2]]},
        ], "categories": [[0, "low"], [1, "medium"], [2, "high"]]},
    ],
    "combined": {"key": "C", "scales": ["S", "V"], "points": {"low": 1, "medium": 2, "high": 3, "very_high": 4},
                 "categories": [[2, "low"], [4, "medium"], [5, "high"], [7, "very_high"]]},
}


def test_the_test_table_is_valid_and_broken_tables_say_why():
    assert instrument.validate_table(TEST_TABLE) == []
    broken = copy.deepcopy(TEST_TABLE)
    broken["source"] = ""
    broken["scales"][0]["items"][0]["points"] = [[25, 1], [18, 2]]
    broken["scales"][1]["categories"] = [[0, "tiny"]]
    problems = instrument.validate_table(broken)
    assert "Give the table's source." in problems
    assert any("item age: points must be" in p for p in problems)
    assert any("Scale V: categories" in p for p in problems)
    assert instrument.validate_table([]) == ["The table must be a JSON object."]


def test_scores_from_the_facts_held_and_explains_each_step():
    src = Source("Conviction recorded by orders")
    sanctions = [
        Sanction(datetime.date(2010, 3, 1), "conviction", sexual=True, source=src),
        Sanction(datetime.date(2010, 3, 1), "conviction", sexual=True, source=src),  # same appearance
        Sanction(datetime.date(2015, 5, 1), "conviction", sexual=True, violent=True, source=src),
        Sanction(datetime.date(2030, 1, 1), "conviction", sexual=True),  # after the assessment: not counted
    ]
    derived = instrument.derive(TEST_TABLE, date_of_birth=datetime.date(1990, 6, 1), sanctions=sanctions,
                                assessment_date=datetime.date(2020, 6, 1))
    assert derived["S.age"].value == 30
    assert derived["S.sexual"].value == 2  # two dates
    assert "Conviction recorded by orders" in derived["S.sexual"].source
    assert derived["V.violent"].value == 1
    assert "S.burglary" not in derived  # only the assessor can answer it
    values = {k: d.value for k, d in derived.items()} | {"S.burglary": 0, "S.aggravating.stranger": 1,
                                                         "S.aggravating.male": 1}
    r = instrument.score(TEST_TABLE, values)
    # S: age 30 -> 1, 2 appearances -> 1, answer 0 -> 0: 2 points, medium; 2 aggravating factors raise it to high.
    # V: 1 violent -> 1 point, medium. C: high (3) + medium (2) = 5 -> high.
    assert r.probabilities["categories"] == {"S": "high", "V": "medium", "C": "high"}
    assert r.band == "high"
    assert r.explanation[0] == "S (Sexual): 2 points, medium; 2 aggravating factors raise it 1 to high."
    assert [(i.key, i.score) for i in r.items][:3] == [("S.age", 1), ("S.sexual", 1), ("S.burglary", 0)]


def test_missing_and_bad_answers_are_refused():
    with pytest.raises(InputError) as e:
        instrument.score(TEST_TABLE, {"S.age": 30, "S.sexual": "x", "V.violent": -1})
    assert e.value.errors == {
        "S.sexual": "Sexual appearances must be a whole number.",
        "S.burglary": "Give Assessor answer (S).",
        "V.violent": "Violent sanctions cannot be negative.",
    }
    with pytest.raises(InputError) as e:
        instrument.score(TEST_TABLE, {"S.age": 16, "S.sexual": 0, "S.burglary": 0, "V.violent": 0})
    assert "below the lowest value" in e.value.errors["S.age"]


def test_the_assessors_own_scoring_is_checked_when_no_table_is_loaded():
    ok = {"S": {"items": {"Age": 2, "Sexual appearances": 1}, "category": "medium"}, "V": {"category": "low"}}
    assert instrument.validate_manual(ok) == {}
    r = instrument.manual_result(ok)
    assert r.probabilities["categories"] == {"S": "medium", "V": "low"}
    assert instrument.validate_manual({}) == {"scales": "Record the category for at least one scale (S, V or C)."}
    errors = instrument.validate_manual({"S": {"items": {"Age": -1}, "category": "huge"}, "Q": {}})
    assert errors["S.category"].startswith("Choose the S category")
    assert errors["S.Age"] == "The score for Age must be a whole number, 0 or more."
    assert errors["Q"].startswith("Unknown scale Q")


@given(st.integers(18, 90), st.integers(0, 6), st.integers(0, 1), st.integers(0, 4), st.integers(0, 2))
def test_more_sexual_appearances_never_lower_the_category(age, sexual, answer, violent, aggravating):
    values = {"S.age": age, "S.sexual": sexual, "S.burglary": answer, "V.violent": violent,
              "S.aggravating.stranger": int(aggravating >= 1), "S.aggravating.male": int(aggravating >= 2)}
    before = instrument.score(TEST_TABLE, values).probabilities["categories"]
    after = instrument.score(TEST_TABLE, values | {"S.sexual": sexual + 1}).probabilities["categories"]
    order = instrument.CATEGORIES
    for scale in ("S", "C"):
        assert order.index(after[scale]) >= order.index(before[scale])
