"""The rules of intelligence handling, as pure functions: the 3x5x2 grading, the evaluation deadline and its
timeliness, who reads the content, and the supervisors' audit figures. Golden examples are cited to the
inspection (2010) and the grading tables as the reference data loads them."""
import datetime
import importlib

from hypothesis import given
from hypothesis import strategies as st

from mappa.intelligence import rules

ROWS = {row["key"]: row["value"] for row in
        importlib.import_module("mappa.intelligence.migrations.0002_reference_data").ROWS}
GRADING = {part: ROWS[f"intelligence.grading.{part}"] for part in ("source", "assessment", "handling")}
DAY = datetime.date(2026, 3, 2)


def test_the_grading_tables_are_the_3x5x2():
    assert rules.codes(GRADING["source"]) == ["1", "2", "3"]
    assert rules.codes(GRADING["assessment"]) == ["A", "B", "C", "D", "E"]
    assert rules.codes(GRADING["handling"]) == ["P", "C"]
    assert rules.grade("2", "B", "P") == "2/B/P" and rules.grade("2", "", "P") == ""


def test_a_good_grading_has_no_errors_and_c_needs_its_conditions():
    assert rules.grading_errors("1", "A", "P", "", GRADING) == {}
    assert rules.grading_errors("3", "E", "C", "", GRADING) == {"handling_conditions": "Say what the conditions on sharing are"}
    assert set(rules.grading_errors("4", "F", "X", "", GRADING)) == {"source_evaluation", "intelligence_assessment",
                                                                    "handling_code"}


@given(st.text(max_size=2), st.text(max_size=2), st.text(max_size=2))
def test_only_codes_in_the_tables_pass(source, assessment, handling):
    errors = rules.grading_errors(source, assessment, handling, "conditions", GRADING)
    assert ("source_evaluation" in errors) == (source not in ("1", "2", "3"))
    assert ("intelligence_assessment" in errors) == (assessment not in ("A", "B", "C", "D", "E"))
    assert ("handling_code" in errors) == (handling not in ("P", "C"))


def test_evaluation_is_due_three_days_after_submission_by_the_project_default():
    # Para 4.19 sets no number; the reference data's default is 3 days.
    assert ROWS["intelligence.evaluation.within"] == {"days": 3}
    assert rules.due_on(DAY, 3) == datetime.date(2026, 3, 5)


@given(st.dates(), st.integers(0, 30), st.integers(-40, 40), st.integers(-40, 40))
def test_timeliness_is_in_time_only_when_evaluated_by_the_due_day(submitted, within, evaluated_after, today_after):
    due = rules.due_on(submitted, within)
    try:
        evaluated = submitted + datetime.timedelta(days=evaluated_after)
        today = submitted + datetime.timedelta(days=today_after)
    except OverflowError:
        return
    assert rules.timeliness(due, evaluated, today) == ("in_time" if evaluated <= due else "late")
    assert rules.timeliness(due, None, today) == ("overdue" if today > due else "due")


READER = dict(responsible=False, submitter=False, allowed_by_handling=False)


def test_who_reads_the_content():
    assert rules.may_read_content(status="registered", handling_code="C", **{**READER, "responsible": True})
    assert not rules.may_read_content(status="registered", handling_code="C", **{**READER, "allowed_by_handling": True})
    assert rules.may_read_content(status="registered", handling_code="P", **{**READER, "allowed_by_handling": True})
    assert not rules.may_read_content(status="registered", handling_code="P", **READER)
    assert rules.may_read_content(status="submitted", handling_code="", **{**READER, "submitter": True})
    assert not rules.may_read_content(status="submitted", handling_code="", **{**READER, "allowed_by_handling": True})


@given(st.sampled_from(["submitted", "registered", "not_registered"]), st.sampled_from(["", "P", "C"]),
       st.booleans(), st.booleans(), st.booleans())
def test_a_c_item_is_never_read_outside_those_responsible(status, code, responsible, submitter, allowed):
    readable = rules.may_read_content(status=status, handling_code=code, responsible=responsible, submitter=submitter,
                                      allowed_by_handling=allowed)
    if responsible:
        assert readable
    if status == "registered" and code == "C":
        assert readable == responsible
    if not (responsible or submitter or allowed):
        assert not readable


def row(pk, **kw):
    base = dict(id=pk, nominal_id=1, status="submitted", due=DAY, evaluated=None, changes_risk=False, actions=0,
                open_actions=0, overdue_actions=0)
    return rules.Row(**{**base, **kw})


def test_the_audit_figures_and_the_cases_behind_them():
    today = DAY + datetime.timedelta(days=5)
    rows = [row(1, status="registered", evaluated=DAY, changes_risk=True, actions=1, open_actions=1, overdue_actions=1),
            row(2, status="registered", evaluated=DAY + datetime.timedelta(days=1), changes_risk=True),
            row(3), row(4, due=today + datetime.timedelta(days=1)), row(5, status="not_registered", evaluated=DAY)]
    got = {f.key: f.ids for f in rules.audit(rows, today)}
    assert got == {"submitted": [1, 2, 3, 4, 5], "in_time": [1, 5], "late": [2], "overdue": [3], "waiting": [4],
                   "registered": [1, 2], "changes_risk": [1, 2], "not_acted_on": [2], "open_actions": [1],
                   "overdue_actions": [1]}


@given(st.lists(st.tuples(st.integers(-5, 5), st.one_of(st.none(), st.integers(-5, 5))), max_size=20))
def test_every_submission_is_in_exactly_one_timeliness_figure(specs):
    rows = [row(i, due=DAY + datetime.timedelta(days=d),
                evaluated=None if e is None else DAY + datetime.timedelta(days=e)) for i, (d, e) in enumerate(specs)]
    figures = {f.key: f for f in rules.audit(rows, DAY)}
    parts = sorted(figures["in_time"].ids + figures["late"].ids + figures["overdue"].ids + figures["waiting"].ids)
    assert parts == sorted(figures["submitted"].ids) and figures["submitted"].value == len(rows)
