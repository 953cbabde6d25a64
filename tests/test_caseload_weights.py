"""A supervisor's view of the team's caseloads, counted and weighted by risk (HMI Probation and HMI Constabulary
2010, paragraph 3.12: caseloads of 30 to 50 on average, up to 90; F-150 and QM-130 ask for them weighted by risk
of serious harm and MAPPA level)."""
import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mappa.accounts.models import Role
from mappa.nominals import weights

from .factories import NominalFactory, TeamFactory, UserFactory

ROWS = importlib.import_module("mappa.nominals.migrations.0010_caseload_weights").ROWS
WEIGHTS = next(r["value"] for r in ROWS if r["key"] == "caseload.weights")
ROSH = ["", "low", "medium", "high", "very_high"]


def test_a_very_high_risk_level_3_case_weighs_three_an_unassessed_level_1_case_one():
    assert weights.case_weight("very_high", 3, WEIGHTS) == 3
    assert weights.case_weight("", 1, WEIGHTS) == 1
    assert weights.case_weight("high", 2, WEIGHTS) == 2
    assert weights.case_weight("medium", None, WEIGHTS) == 1


def test_the_inspectors_usual_range_ends_at_50_so_51_cases_is_high():
    assert not weights.over(weights.load([("low", 1)] * 50, WEIGHTS), 50)
    assert weights.over(weights.load([("low", 1)] * 51, WEIGHTS), 50)
    # 30 very high risk level 3 cases weigh 90, the most the inspectors found (¶3.12): high.
    assert weights.over(weights.load([("very_high", 3)] * 30, WEIGHTS), 50)


@given(st.lists(st.tuples(st.sampled_from(ROSH), st.sampled_from([None, 1, 2, 3])), max_size=120))
def test_a_weighted_load_is_never_less_than_the_count_and_grows_with_risk(cases):
    load = weights.load(cases, WEIGHTS)
    assert load.cases == len(cases) and load.weighted >= load.cases
    riskier = weights.load([("very_high", 3) for _ in cases], WEIGHTS)
    assert riskier.weighted >= load.weighted


def test_the_weights_are_said_in_words_from_the_reference_data():
    text = weights.describe(WEIGHTS)
    assert "very high 2" in text and "level 3 adds 1" in text and "level 1" not in text


@pytest.mark.django_db
def test_the_supervisor_sees_counts_and_weights_and_nobody_else_does(client):
    office = TeamFactory(name="Probation office")
    supervisor = UserFactory(team=office, role=Role.SUPERVISOR, first_name="Sue")
    practitioner = UserFactory(team=office, first_name="Om")
    NominalFactory(actor=practitioner)
    NominalFactory(actor=practitioner)

    client.force_login(supervisor)
    page = client.get("/").content.decode()
    table = page.split('data-testid="team-caseloads"')[1].split("</table>")[0]
    assert "Weighted by risk" in table and "Om Tester" in table
    assert "Each case is weighted by its risk of serious harm" in page
    client.force_login(practitioner)
    assert "Weighted by risk" not in client.get("/").content.decode()
