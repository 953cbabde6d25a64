"""`BENCH_ONLY=mix make bench`: the load test's steps (bench/loadtest/flows.py) run one after another in this process,
through Django's test client, on the bench's national register: what one request of the load test's mix costs the
machine, and so how many a second its cores can serve at most.

`make loadtest` shows whether pages queue at 10, 50 and 100 people; this shows why, in a minute and with figures that
move less, since no request waits on another. Each step is timed with the time its statements took in PostgreSQL (as
Django's cursor saw them). On Linux the machine's busy CPU time over the run (this process, PostgreSQL and anything
else running) is read from /proc/stat: with nothing else running, that is what the mix costs, and the cores' time
over it the requests a second the machine could serve if nothing ever waited. The people are the load test's
(its make_plan, fewer of them), signed in with the load test's password; BENCH_MIX_STEPS steps (default 600) are
drawn with the load test's weights, after one of each person's home page, case page and search to warm up.
"""
import json
import os
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

from bench.loadtest import flows
from bench.run import p95, say

STEPS = int(os.environ.get("BENCH_MIX_STEPS") or 600)
PEOPLE = {"practitioner": 6, "police": 3, "supervisor": 3, "coordinator": 2}
USERS = 50  # the load test's stage that its case page target is set at


@dataclass
class Step:
    count: int = 0
    ms: list = field(default_factory=list)
    sql_ms: float = 0.0
    queries: int = 0


class Recorder:
    """flows' client interface on Django's test client, timing each request under its step's name and keeping any
    answer that was not the one expected."""

    base_url = "http://testserver"

    def __init__(self, steps: dict):
        from django.test import Client

        self.client, self.steps, self.unexpected = Client(), steps, []

    def request(self, method, url, *, name, expect, headers=None, json=None, form=None):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        # The log keeps the last 9,000 statements, and while it captures no request empties it: emptied here, the run
        # never fills it and each request's statements are counted whole.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = flows.through_test_client(self.client, method, url, headers=headers, json=json, form=form)
            took = (time.perf_counter() - started) * 1000
        step = self.steps[name]
        step.count += 1
        step.ms.append(took)
        step.sql_ms += sum(float(q["time"]) for q in captured.captured_queries) * 1000
        step.queries += len(captured.captured_queries)
        if response.status_code not in expect:
            self.unexpected.append((name, method, url, response.status_code))
        return response.status_code, response.content.decode()


def busy_cpu_ms() -> float | None:
    """The machine's CPU time spent busy since it started (every core), from /proc/stat; None where there is none."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - fields[3] - fields[4]) * 1000 / ticks  # all but idle and waiting for the disk


def run(people: list, steps: int, rng: random.Random) -> None:
    """`steps` steps, each a person of a role drawn with the load test's weights doing one of their role's steps."""
    by_role = defaultdict(list)
    for person in people:
        by_role[person.user["role"]].append(person)
    roles = [role for role in flows.ROLE_WEIGHTS if by_role[role]]
    for _ in range(steps):
        role = rng.choices(roles, weights=[flows.ROLE_WEIGHTS[r] for r in roles])[0]
        person = rng.choice(by_role[role])
        choices = flows.ROLES[role]
        rng.choices(list(choices), weights=list(choices.values()))[0](person)


def summary(steps: dict, cpu_ms: float | None, wall_ms: float, cores: int, requests_per_step: float) -> dict:
    """The figures of a run: each step's count and mean, and the machine's cost of a request and what it allows."""
    requests = sum(s.count for s in steps.values())
    took = sum(sum(s.ms) for s in steps.values())
    figures = {"requests": requests, "mean_ms": round(took / requests, 1),
               "sql_share": round(sum(s.sql_ms for s in steps.values()) / took, 2),
               "steps": {name: {"count": s.count, "mean_ms": round(statistics.fmean(s.ms), 1),
                                "p95_ms": round(p95(s.ms), 1), "sql_ms": round(s.sql_ms / s.count, 1),
                                "queries": round(s.queries / s.count, 1), "share": round(sum(s.ms) / took, 3)}
                         for name, s in sorted(steps.items(), key=lambda kv: -sum(kv[1].ms))}}
    # 50 people each asking for a step after waiting 0.5-2 s (1.25 s on average), plus the step's own time.
    think = sum(flows.THINK_SECONDS) / 2
    offered = USERS * requests_per_step / (think + took / requests * requests_per_step / 1000)
    figures["offered_at_50_users_rps"] = round(offered, 1)
    if cpu_ms is not None:
        per_request = cpu_ms / requests
        figures |= {"cpu_ms_per_request": round(per_request, 1), "cores": cores,
                    "most_rps_on_these_cores": round(cores * 1000 / per_request, 1),
                    "cpu_busy_share": round(cpu_ms / (wall_ms * cores), 2)}
    return figures


def people_of(plan: dict, steps: dict) -> list:
    """A signed-in flows.Person, with a recording client, for each user of the plan."""
    people = []
    for role, users in plan["users"].items():
        for user in users:
            person = flows.Person(Recorder(steps), {**user, "role": role}, random.Random(user["username"]),
                                  note=lambda outcome: None)
            if not flows.sign_in(person):
                raise SystemExit(f"{user['username']} could not sign in")
            people.append(person)
    return people


def print_figures(figures: dict) -> None:
    say(f"{'step':<32} {'count':>6} {'mean ms':>8} {'p95 ms':>8} {'SQL ms':>7} {'queries':>8} {'share':>6}")
    for name, s in figures["steps"].items():
        say(f"{name:<32} {s['count']:>6} {s['mean_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['sql_ms']:>7.1f} "
            f"{s['queries']:>8.1f} {s['share']:>6.0%}")
    say(f"{figures['requests']} requests, {figures['mean_ms']} ms each on average ({figures['sql_share']:.0%} of it "
        f"in PostgreSQL as Django's cursor saw it)")
    if "cpu_ms_per_request" in figures:
        say(f"The machine's CPU: {figures['cpu_ms_per_request']} ms a request (busy {figures['cpu_busy_share']:.0%} "
            f"of {figures['cores']} cores over the run), so at most {figures['most_rps_on_these_cores']} requests a "
            f"second on {figures['cores']} cores; {USERS} people of the load test ask for about "
            f"{figures['offered_at_50_users_rps']} a second")


def main() -> int:
    from bench.loadtest.run import make_plan
    from bench.run import prepare
    from mappa.core.serving import cpus

    prepare(audit=False)
    rng = random.Random("bench:mix")
    plan = make_plan(rng, PEOPLE)
    steps: dict = defaultdict(Step)
    people = people_of(plan, steps)
    for person in people:  # each page once before timing: a process's first requests load what the rest reuse
        for step in (flows.home, flows.case_page, flows.search):
            step(person)
    steps.clear()
    cpu_before, started = busy_cpu_ms(), time.perf_counter()
    run(people, STEPS, rng)
    wall_ms = (time.perf_counter() - started) * 1000
    cpu_after = busy_cpu_ms()
    unexpected = [u for p in people for u in p.client.unexpected]
    figures = summary(steps, None if cpu_before is None else cpu_after - cpu_before, wall_ms, cpus(),
                      requests_per_step=sum(s.count for s in steps.values()) / STEPS)
    print_figures(figures)
    for name, method, url, status in unexpected[:10]:
        say(f"Unexpected answer: {name}: {method} {url} answered {status}")
    say(json.dumps({"only": "mix", "steps_run": STEPS, "unexpected": len(unexpected), **figures}, separators=(",", ":")))
    return 1 if unexpected else 0
