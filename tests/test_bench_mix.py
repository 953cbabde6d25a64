"""`BENCH_ONLY=mix` (bench/mix.py): the load test's steps run in turn through Django's test client, each timed, and
what a request of that mix costs the machine."""
import random
from collections import defaultdict

import pytest

from bench import mix
from bench.loadtest import flows
from tests.test_loadtest_flows import plan_entry


@pytest.fixture
def plan(world):
    return {"users": {
        "practitioner": [plan_entry(world.om, "practitioner", world, managed=[world.case.pk])],
        "police": [plan_entry(world.police, "police", world)],
        "supervisor": [plan_entry(world.probation_sup, "supervisor", world)],
        "coordinator": [plan_entry(world.coordinator, "coordinator", world)],
    }}


def test_every_role_runs_its_steps_and_gets_the_answers_the_load_test_expects(plan):
    steps = defaultdict(mix.Step)
    people = mix.people_of(plan, steps)
    steps.clear()  # the sign-ins
    mix.run(people, 60, random.Random(3))

    assert [u for p in people for u in p.client.unexpected] == []
    assert sum(s.count for s in steps.values()) >= 60  # a step may send more than one request
    assert {"home page", "case page", "search"} <= set(steps)
    assert all(len(s.ms) == s.count and s.queries > 0 for s in steps.values())


def test_the_roles_are_drawn_with_the_load_tests_weights(plan):
    steps = defaultdict(mix.Step)
    people = mix.people_of(plan, steps)
    asked = []
    for person in people:
        # Every request counted under its person's role and answered 404, so no step goes on to a second.
        person.client.request = lambda method, url, person=person, **kw: (asked.append(person.user["role"]), (404, ""))[1]
    mix.run(people, 1100, random.Random(5))
    share = asked.count("practitioner") / len(asked)
    # Practitioners are 6 of 11 by weight.
    assert 0.5 < share < 0.7


def test_the_summary_gives_each_steps_share_and_what_the_machine_can_serve():
    steps = {"case page": mix.Step(2, [100.0, 300.0], 80.0, 40), "search": mix.Step(2, [50.0, 50.0], 20.0, 4)}
    figures = mix.summary(steps, cpu_ms=600.0, wall_ms=500.0, cores=2, requests_per_step=1.0)

    assert figures["requests"] == 4 and figures["mean_ms"] == 125.0
    assert figures["steps"]["case page"] == {"count": 2, "mean_ms": 200.0, "p95_ms": 300.0, "sql_ms": 40.0,
                                             "queries": 20.0, "share": 0.8}
    assert figures["cpu_ms_per_request"] == 150.0
    assert figures["most_rps_on_these_cores"] == pytest.approx(2 * 1000 / 150, abs=0.1)
    assert figures["cpu_busy_share"] == 0.6
    # 50 people asking every 1.25 s on average, plus the 125 ms a request takes.
    assert figures["offered_at_50_users_rps"] == pytest.approx(50 / 1.375, abs=0.1)


def test_without_a_reading_of_the_cpu_the_summary_leaves_those_figures_out():
    figures = mix.summary({"search": mix.Step(1, [40.0], 10.0, 3)}, cpu_ms=None, wall_ms=40.0, cores=2,
                          requests_per_step=1.0)
    assert "cpu_ms_per_request" not in figures and figures["mean_ms"] == 40.0


def test_the_roles_weights_name_every_role():
    assert set(flows.ROLE_WEIGHTS) == set(flows.ROLES)


def test_bench_compare_puts_two_mix_runs_side_by_side():
    from bench.compare import mix_table

    def run(mean, cpu):
        return {"steps": {"case page": {"mean_ms": mean, "p95_ms": mean * 2}}, "cpu_ms_per_request": cpu,
                "most_rps_on_these_cores": 2000 / cpu}

    lines = mix_table("abc1234", [run(100, 80)], [run(50, 40)])
    assert "case page" in lines[1] and "-50%" in lines[1]
    assert lines[2].startswith("cpu_ms_per_request") and "-50%" in lines[2]
    assert lines[3].startswith("most_rps_on_these_cores") and "+100%" in lines[3]
