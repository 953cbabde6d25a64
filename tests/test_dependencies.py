"""The Python packages are installed from requirements.lock (versions and hashes): every package pyproject.toml
asks for, for running, testing and the bench, is pinned there with its hashes (`make lock` after a change)."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_with_hashes_in_the_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in ("test", "bench"):
        wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
    lock = (ROOT / "requirements.lock").read_text()
    pinned = {m.group(1).lower().replace("_", "-") for m in re.finditer(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==", lock, re.M)}
    assert wanted - pinned == set(), "run `make lock`: these are not in requirements.lock"
    for block in re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[2]):
        if "==" in block.split("\n")[0]:
            assert "--hash=sha256:" in block, block.split("\n")[0]


def test_the_bench_packages_are_not_needed_to_run_the_service():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert {"faker", "tqdm"} & {_name(r) for r in project["dependencies"]} == set()
