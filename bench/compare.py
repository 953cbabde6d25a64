"""`make bench-compare REF=<commit>`: the benchmark of this checkout and of an earlier commit, run in
turn on the same database in the same minutes, and their figures side by side.

This shared machine's speed changes by as much as half from one hour to the next, so figures from
two runs hours apart say little about the code. Alternating the two (old, new, old, new, ...) puts
both under the same conditions; each figure shown is the median over the rounds.

The earlier commit is checked out into a temporary git worktree and run with this checkout's
virtualenv and built assets. It reads the same database, which this checkout's migrations have
brought up to date: the earlier code must not need a column that has since been removed.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def run_bench(checkout: Path) -> dict:
    env = os.environ | {"PYTHONPATH": str(checkout)}
    done = subprocess.run([sys.executable, "-m", "bench.run"], cwd=checkout, env=env,
                          capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        sys.exit(f"The benchmark in {checkout} printed no figures:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def worktree(ref: str, where: Path) -> Path:
    path = where / "earlier"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(path), ref], cwd=HERE, check=True)
    build = path / "mappa" / "static" / "build"
    if not build.exists():
        build.parent.mkdir(parents=True, exist_ok=True)
        build.symlink_to(HERE / "mappa" / "static" / "build")
    collected = path / "var" / "staticfiles"  # the manifest the pages' static tags read
    if not collected.exists():
        collected.parent.mkdir(parents=True, exist_ok=True)
        collected.symlink_to(HERE / "var" / "staticfiles")
    return path


def table(ref: str, old: list[dict], new: list[dict]) -> list[str]:
    names = sorted({k[: -len("_p50_ms")] for k in new[0] if k.endswith("_p50_ms")} & {
        k[: -len("_p50_ms")] for k in old[0] if k.endswith("_p50_ms")})
    lines = [f"{'scenario':<44} {ref[:10] + ' p50/p95':>20} {'this p50/p95':>16} {'change p50':>11}"]
    for name in names:
        o50, o95 = (statistics.median(r[f"{name}_{s}_ms"] for r in old) for s in ("p50", "p95"))
        n50, n95 = (statistics.median(r[f"{name}_{s}_ms"] for r in new) for s in ("p50", "p95"))
        change = f"{(n50 - o50) / o50:+.0%}" if o50 else "-"
        lines.append(f"{name:<44} {o50:>9.1f} / {o95:<8.1f} {n50:>7.1f} / {n95:<7.1f} {change:>10}")
    return lines


def mix_table(ref: str, old: list[dict], new: list[dict]) -> list[str]:
    """BENCH_ONLY=mix: each step's mean and p95, and what a request costs the machine."""
    names = [n for n in new[0]["steps"] if all(n in r["steps"] for r in old + new)]
    lines = [f"{'step':<44} {ref[:10] + ' mean/p95':>20} {'this mean/p95':>16} {'change mean':>11}"]
    for name in names:
        o, n = ([statistics.median(r["steps"][name][k] for r in runs) for k in ("mean_ms", "p95_ms")] for runs in (old, new))
        lines.append(f"{name:<44} {o[0]:>9.1f} / {o[1]:<8.1f} {n[0]:>7.1f} / {n[1]:<7.1f} {(n[0] - o[0]) / o[0]:>+10.0%}")
    for key in ("cpu_ms_per_request", "most_rps_on_these_cores"):
        if all(key in r for r in old + new):
            o, n = (statistics.median(r[key] for r in runs) for runs in (old, new))
            lines.append(f"{key:<44} {o:>20.1f} {n:>16.1f} {(n - o) / o:>+10.0%}")
    return lines


def main() -> int:
    ref = os.environ.get("REF") or (sys.argv[1] if len(sys.argv) > 1 else "")
    if not ref:
        sys.exit("Name the earlier commit: make bench-compare REF=<commit>")
    rounds = int(os.environ.get("ROUNDS", "2"))
    with tempfile.TemporaryDirectory(prefix="mappa-bench-") as tmp:
        earlier = worktree(ref, Path(tmp))
        try:
            old, new = [], []
            for i in range(rounds):
                print(f"Round {i + 1} of {rounds}: {ref} ...", flush=True)
                old.append(run_bench(earlier))
                print(f"Round {i + 1} of {rounds}: this checkout ...", flush=True)
                new.append(run_bench(HERE))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(earlier)], cwd=HERE, check=False)
    print(f"\nMedians over {rounds} alternating rounds, ms:")
    print("\n".join(mix_table(ref, old, new) if "steps" in new[0] else table(ref, old, new)))
    speeds = [r["cpu_reference_ms"] for r in old + new if "cpu_reference_ms" in r]
    if speeds:
        print(f"Machine speed (fixed piece of work, ms, before/after each run): {speeds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
