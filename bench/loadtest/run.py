"""`make loadtest` (python -m bench.loadtest.run): signed-in people using the production server at once.

1. Uses PostgreSQL: LOADTEST_DATABASE_URL, or DATABASE_URL, or postgres://postgres@localhost/mappa_loadtest
   (created and migrated if need be), and Redis: REDIS_URL, or redis://127.0.0.1:6379/0.
2. Generates the bench's national register there (LOADTEST_NOMINALS, default 250,000) unless one is there.
3. Picks the people: practitioners (who also write), police officers, supervisors and MAPPA co-ordinators of
   the register, gives them a password and an API token, and writes the plan locust reads (bench/out/).
4. For 1 worker process and then one per core, starts `mappa serve` (gunicorn and a task worker) and runs
   locust (bench/loadtest/locustfile.py) at 10, 50 and 100 users for LOADTEST_SECONDS each (default 40),
   each person waiting 0.5 to 2 s between steps: home page, search (half of them with a typo), case pages,
   activity log, API reads with a token, activity entries and edits through the API, some of them stale on
   purpose (409 expected).
5. Checks nothing was lost: every activity entry acknowledged (201) is stored once, and every edit
   acknowledged (200) made exactly one version of its record.
6. Prints requests per second, p50/p95/p99 and errors of each stage, the targets met or missed, and last of
   all one line of JSON.

LOADTEST_QUICK=1: one server (all workers), 12 s a stage, to check the test itself works. LOADTEST_STRICT=1:
exit 1 when a target is missed (lost writes always exit 1). LOCUST: the locust command (default: this
Python's `-m locust`).
"""
import csv
import json
import os
import random
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.run import ensure_database, say, settle

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
DEFAULT_URL = "postgres://postgres@localhost/mappa_loadtest"
PASSWORD = "load-test-Passphrase-7"  # set on the chosen people of the synthetic register only
QUICK = os.environ.get("LOADTEST_QUICK") == "1"
SECONDS = int(os.environ.get("LOADTEST_SECONDS") or (12 if QUICK else 40))
NOMINALS = int(os.environ.get("LOADTEST_NOMINALS") or 250_000)
USERS = [10, 50, 100]
# How many people of each role the plan holds: at 100 locust users each is signed in about once.
PEOPLE = {"practitioner": 70, "police": 30, "supervisor": 20, "coordinator": 10}
ROLE_NAMES = {"practitioner": "probation practitioners", "police": "police officers", "supervisor": "supervisors",
              "coordinator": "MAPPA co-ordinators"}
TARGET_CASE_P95_MS = 500  # at 50 users, all workers
CASE_PAGE = "case page"


# ---------------------------------------------------------------------------------------------
# The database and the people
# ---------------------------------------------------------------------------------------------

def prepare() -> str:
    url = os.environ.get("LOADTEST_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mappa.settings")
    ensure_database(url)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    try:
        cache.set("loadtest:ping", 1, 10)
    except Exception as error:  # noqa: BLE001 - any failure means no Redis
        sys.exit(f"Redis at {os.environ['REDIS_URL']} does not answer ({error}): start it, or set REDIS_URL")
    call_command("migrate", interactive=False, verbosity=0)
    from mappa.nominals.models import Nominal

    if not Nominal.objects.exists():
        call_command("generate", nominals=NOMINALS, seed=1)
        settle()
    return url


def make_plan(rng: random.Random, people: dict = PEOPLE) -> dict:
    """The people the load test signs in as, with what each may see and (practitioners) edit."""
    from django.contrib.auth.hashers import make_password

    from mappa.access import policy
    from mappa.accounts import services as account_services
    from mappa.accounts.models import AgencyKind, Role, User

    active = User.objects.filter(is_active=True, team__isnull=False).select_related("team__area", "agency")
    pools = {
        "practitioner": active.filter(role=Role.PRACTITIONER, agency__kind=AgencyKind.PROBATION),
        "police": active.filter(role=Role.PRACTITIONER, agency__kind=AgencyKind.POLICE),
        "supervisor": active.filter(role=Role.SUPERVISOR),
        "coordinator": active.filter(role=Role.COORDINATOR),
    }
    hashed = make_password(PASSWORD)  # one hash (with its salt) serves every chosen person
    plan = {"users": {}, "versions": {}}
    for role, pool in pools.items():
        chosen = []
        for user in _shuffled(pool, rng):
            visible = list(policy.nominals_for(user).values_list("pk", "last_name")[:2000])
            managed = list(policy.nominals_for(user, policy.WRITE).filter(manager=user).values_list("pk", "version")[:20])
            if len(visible) < 5 or (role == "practitioner" and len(managed) < 3):
                continue
            sample = rng.sample(visible, min(40, len(visible)))
            chosen.append({"username": user.username, "password": PASSWORD, "role": role,
                           "token": account_services.create_token(actor=user, name="load test", days=2),
                           "cases": [pk for pk, _ in sample], "names": sorted({name for _, name in sample}),
                           "managed": [pk for pk, _ in managed] if role == "practitioner" else []})
            plan["versions"].update({str(pk): version for pk, version in managed} if role == "practitioner" else {})
            if len(chosen) == people[role]:
                break
        if not chosen:
            sys.exit(f"No {role} with cases in this register: is it the bench's generated one?")
        User.objects.filter(username__in=[u["username"] for u in chosen]).update(password=hashed)
        plan["users"][role] = chosen
    return plan


def _shuffled(pool, rng):
    ids = list(pool.values_list("pk", flat=True))
    rng.shuffle(ids)
    by_id = pool.in_bulk(ids[:400])
    return [by_id[pk] for pk in ids[:400] if pk in by_id]


# ---------------------------------------------------------------------------------------------
# The server and locust
# ---------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "MAPPA_WORKERS": str(workers), "MAPPA_LOG_LEVEL": os.environ.get("MAPPA_LOG_LEVEL", "WARNING")}
    process = subprocess.Popen([sys.executable, "-m", "mappa.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"`mappa serve` stopped (exit {process.returncode}); see {log.name}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:
                if response.status == 200:
                    return process, url
        except (urllib.error.URLError, OSError):  # not listening yet, or the worker not seen yet
            pass
        time.sleep(0.5)
    stop_server(process)
    sys.exit(f"`mappa serve` was not ready within two minutes; see {log.name}")


def stop_server(process: subprocess.Popen) -> None:
    """gunicorn stops its workers on SIGTERM; the task worker follows its parent. The whole group is ended if
    anything is left after 30 seconds."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run_locust(url: str, users: int, prefix: Path, plan_path: Path, notes_path: Path, log) -> None:
    command = shlex.split(os.environ["LOCUST"]) if os.environ.get("LOCUST") else [sys.executable, "-m", "locust"]
    spawn_seconds = 5
    command += ["-f", str(LOCUSTFILE), "--headless", "--host", url, "--users", str(users),
                "--spawn-rate", str(max(1, users // spawn_seconds)), "--run-time", f"{SECONDS + spawn_seconds}s",
                # Counting starts when every user has started (after their sign-in, mostly), and each user
                # finishes the step it is in at the end, so no write is cut off half-way.
                "--reset-stats", "--stop-timeout", "15", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    env = {**os.environ, "LOADTEST_PLAN": str(plan_path), "LOADTEST_NOTES": str(notes_path)}
    subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=log, timeout=SECONDS + 120, check=False)


def read_stats(prefix: Path) -> dict:
    """Requests per second, percentiles and failures: the whole stage, and the case pages alone."""
    rows = {row["Name"]: row for row in csv.DictReader(open(f"{prefix}_stats.csv"))}
    total = rows.get("Aggregated")
    if total is None or not int(total["Request Count"]):
        sys.exit(f"locust made no requests; see {prefix}_stats.csv and the log")
    case = rows.get(CASE_PAGE, {})
    failures = [{"name": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
                for r in csv.DictReader(open(f"{prefix}_failures.csv"))]
    return {
        "requests": int(total["Request Count"]), "rps": round(float(total["Requests/s"]), 1),
        "p50": _ms(total["50%"]), "p95": _ms(total["95%"]), "p99": _ms(total["99%"]),
        "errors": int(total["Failure Count"]), "case_p95": _ms(case.get("95%")), "failures": failures,
    }


def _ms(value) -> float | None:
    return None if value in (None, "", "N/A") else float(value)


# ---------------------------------------------------------------------------------------------
# Nothing lost
# ---------------------------------------------------------------------------------------------

def check_writes(notes_path: Path, versions: dict) -> dict:
    """Every acknowledged activity entry stored once; every acknowledged edit exactly one version of its record.
    A write that got no answer (status 0) is "in doubt": it may or may not have been made, and is allowed for."""
    from django.db.models import Count

    from mappa.nominals.models import Activity, Nominal

    notes = [json.loads(line) for line in notes_path.read_text().splitlines() if line.strip()]
    entries = [n for n in notes if n["write"] == "activity"]
    acked = {n["id"]: n["summary"] for n in entries if n["status"] == 201}
    stored = dict(Activity.objects.filter(pk__in=list(acked)).values_list("pk", "summary"))
    lost_entries = [pk for pk, summary in acked.items() if stored.get(pk) != summary]
    written_twice = (Activity.objects.filter(summary__in=[n["summary"] for n in entries]).values("summary")
                     .annotate(n=Count("pk")).filter(n__gt=1).count())

    edits = [n for n in notes if n["write"] == "edit"]
    answered = {n.get("marker") for n in edits}
    # Sent but never answered: the stage ended (its users stopped) while the edit was on its way, so it may or may
    # not have been made.
    cut_off = [n for n in notes if n["write"] == "edit sent" and n["marker"] not in answered]
    by_record: dict[int, dict] = {}
    for n in edits:
        record = by_record.setdefault(n["nominal"], {"versions": [], "doubt": 0})
        if n["status"] == 200:
            record["versions"].append(n["version"])
        record["doubt"] += n["status"] == 0
    for n in cut_off:
        by_record.setdefault(n["nominal"], {"versions": [], "doubt": 0})["doubt"] += 1
    final = dict(Nominal.objects.filter(pk__in=list(by_record)).values_list("pk", "version"))
    wrong = []
    for pk, record in by_record.items():
        start, end, acked_versions = versions[str(pk)], final[pk], record["versions"]
        made = end - start
        if (len(set(acked_versions)) != len(acked_versions) or not all(start < v <= end for v in acked_versions)
                or not len(acked_versions) <= made <= len(acked_versions) + record["doubt"]):
            wrong.append({"nominal": pk, "versions_before": start, "after": end, "acknowledged": sorted(acked_versions)})
    return {
        "entries_acknowledged": len(acked), "entries_lost": len(lost_entries), "entries_written_twice": written_twice,
        "edits_acknowledged": sum(n["status"] == 200 for n in edits if not n["stale"]),
        "edits_refused_as_stale_on_purpose": sum(n["status"] == 409 for n in edits if n["stale"]),
        "stale_edits_accepted": sum(n["status"] == 200 for n in edits if n["stale"]),
        "edits_refused_after_a_race": sum(n["status"] == 409 for n in edits if not n["stale"]),
        "writes_in_doubt": sum(n.get("status") == 0 for n in notes) + len(cut_off),
        "records_with_wrong_versions": wrong,
    }


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

def main() -> int:
    started = time.monotonic()
    url = prepare()
    from django.db import connection

    from mappa.core.serving import cpus
    from mappa.nominals.models import Nominal

    OUT.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    plan_path, notes_path = OUT / f"loadtest-{stamp}-plan.json", OUT / f"loadtest-{stamp}-writes.jsonl"
    log = open(OUT / f"loadtest-{stamp}.log", "w")
    plan = make_plan(random.Random(f"loadtest:{stamp}"))
    plan_path.write_text(json.dumps(plan))
    plan_path.chmod(0o600)  # passwords and tokens of the synthetic register's people
    notes_path.touch()
    connection.close()  # the servers need the connections more than this process does

    cores = cpus()
    configs = [cores] if QUICK else sorted({1, cores})
    people = ", ".join(f"{len(plan['users'][role])} {label}" for role, label in ROLE_NAMES.items())
    say(f"Register: {Nominal.objects.count():,} people (database {url.rsplit('/', 1)[-1]}); signed in as {people}")
    say(f"Stages: {USERS} users, {SECONDS} s each, for {configs} worker processes ({cores} cores); "
        f"the machine's load average now: {os.getloadavg()[0]:.1f}")
    connection.close()
    stages = []
    for workers in configs:
        server, server_url = start_server(workers, log)
        try:
            for users in USERS:
                prefix = OUT / f"loadtest-{stamp}-w{workers}-u{users}"
                run_locust(server_url, users, prefix, plan_path, notes_path, log)
                stage = {"workers": workers, "users": users, **read_stats(prefix), "load": round(os.getloadavg()[0], 1)}
                stages.append(stage)
                say(f"  {workers} worker(s), {users:>3} users: {stage['rps']:>6.1f} req/s, p50 {stage['p50']:.0f} ms, "
                    f"p95 {stage['p95']:.0f} ms, p99 {stage['p99']:.0f} ms, {stage['errors']} errors")
        finally:
            stop_server(server)
    writes = check_writes(notes_path, plan["versions"])
    print_report(stages, writes, cores)
    targets = check_targets(stages, writes, cores)
    lost = writes["entries_lost"] or writes["entries_written_twice"] or writes["records_with_wrong_versions"] \
        or writes["stale_edits_accepted"]
    say(json.dumps({"loadtest": {"nominals": Nominal.objects.count(), "cores": cores, "seconds_per_stage": SECONDS,
                                 "quick": QUICK, "stages": [{k: v for k, v in s.items() if k != "failures"} for s in stages],
                                 "writes": {**writes, "records_with_wrong_versions": len(writes["records_with_wrong_versions"])},
                                 "targets": targets, "took_s": round(time.monotonic() - started)}}))
    if lost:
        return 1
    return 1 if os.environ.get("LOADTEST_STRICT") == "1" and not all(targets.values()) else 0


def print_report(stages: list, writes: dict, cores: int) -> None:
    say()
    say(f"{'workers':>7} {'users':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}  "
        f"{'case page p95':>13}  load")
    for s in stages:
        case = f"{s['case_p95']:.0f}" if s["case_p95"] is not None else "-"
        say(f"{s['workers']:>7} {s['users']:>5} {s['rps']:>7.1f} {s['p50']:>7.0f} {s['p95']:>7.0f} {s['p99']:>7.0f} "
            f"{s['errors']:>6}  {case:>13}  {s['load']}")
    for s in stages:
        for f in s["failures"]:
            say(f"  failed ({s['workers']} workers, {s['users']} users): {f['count']} x {f['name']}: {f['error']}")
    say()
    say(f"Activity entries acknowledged {writes['entries_acknowledged']}, lost {writes['entries_lost']}, "
        f"stored twice {writes['entries_written_twice']}")
    say(f"Edits acknowledged {writes['edits_acknowledged']} (each exactly one version: "
        f"{'yes' if not writes['records_with_wrong_versions'] else 'NO'}); stale saves refused with 409 "
        f"{writes['edits_refused_as_stale_on_purpose']}, accepted {writes['stale_edits_accepted']}; "
        f"fresh edits refused after another person's save {writes['edits_refused_after_a_race']}; "
        f"writes with no answer {writes['writes_in_doubt']}")
    for record in writes["records_with_wrong_versions"][:10]:
        say(f"  WRONG: {record}")


def check_targets(stages: list, writes: dict, cores: int) -> dict:
    def stage(workers, users):
        return next((s for s in stages if s["workers"] == workers and s["users"] == users), None)

    at_100, at_50 = stage(cores, 100), stage(cores, 50)
    one = stage(1, 100)
    targets = {
        "no_errors_at_100_users": bool(at_100) and at_100["errors"] == 0,
        "nothing_lost": not (writes["entries_lost"] or writes["entries_written_twice"]
                             or writes["records_with_wrong_versions"] or writes["stale_edits_accepted"]),
        f"case_page_p95_under_{TARGET_CASE_P95_MS}ms_at_50_users": bool(at_50) and (at_50["case_p95"] or 0) < TARGET_CASE_P95_MS,
    }
    if one and cores > 1:
        targets["more_throughput_with_more_workers"] = at_100["rps"] > one["rps"]
    say()
    for name, met in targets.items():
        say(f"  {'met   ' if met else 'MISSED'} {name.replace('_', ' ')}")
    return targets


if __name__ == "__main__":
    sys.exit(main())
