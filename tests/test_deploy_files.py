"""The container image and the compose file (README, "Running it for real") hold together with the code: no engine
runs containers on the machines the tests run on, so these read the files and check them against what the service
reads and runs (`docker compose up` is what a real deployment runs)."""
import ipaddress
import re
import tomllib
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
MAPPA_SERVICES = ("migrate", "web", "worker")


def settings_read() -> set[str]:
    """Every environment variable the service reads by name."""
    names = set()
    for path in (ROOT / "mappa").rglob("*.py"):
        names |= set(re.findall(r"""env_(?:str|int|bool|list)\(\s*["']([A-Z_]+)["']""", path.read_text()))
        names |= set(re.findall(r"""environ(?:\.get|\.setdefault)?\(\s*["']([A-Z_]+)["']""", path.read_text()))
    return names


def pins(lock: Path) -> dict[str, str]:
    return {name.lower(): version for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)",
                                                                   lock.read_text(), re.M)}


def test_the_stack_has_each_process_and_its_services():
    assert {"db", "redis", "migrate", "web", "worker", "proxy"} <= set(COMPOSE["services"])
    web, worker = COMPOSE["services"]["web"], COMPOSE["services"]["worker"]
    assert web["command"][:2] == ["mappa", "serve"] and "--no-worker" in web["command"]  # the worker runs on its own
    assert worker["command"] == ["mappa", "worker"]
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert COMPOSE["services"]["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_every_command_the_stack_runs_is_one_of_the_services_commands():
    commands = get_commands()
    for name in MAPPA_SERVICES:
        command = COMPOSE["services"][name]["command"]
        assert command[0] == "mappa" and command[1] in commands, name
    assert re.search(r'CMD \["mappa", "serve",', DOCKERFILE)


def test_every_setting_the_stack_gives_is_one_the_service_reads():
    read = settings_read()
    for name in MAPPA_SERVICES:
        given = set(COMPOSE["services"][name]["environment"])
        assert given <= read, (name, sorted(given - read))
        assert {"DATABASE_URL", "REDIS_URL", "MAPPA_SECRET_KEY", "MAPPA_ALLOWED_HOSTS"} <= given
        assert COMPOSE["services"][name]["environment"]["MAPPA_HTTPS"] == "on"


def test_only_the_proxy_is_trusted_for_forwarded_headers():
    proxy = ipaddress.ip_address(COMPOSE["services"]["proxy"]["networks"]["default"]["ipv4_address"])
    subnet = ipaddress.ip_network(COMPOSE["networks"]["default"]["ipam"]["config"][0]["subnet"])
    trusted = COMPOSE["services"]["web"]["environment"]["MAPPA_TRUSTED_PROXIES"]
    assert proxy in subnet and [ipaddress.ip_address(t.strip()) for t in trusted.split(",")] == [proxy]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "reverse_proxy web:8000" in caddyfile
    # Pages are never compressed (BREACH: see the README's "Installing a release").
    assert not re.search(r"^\s*encode\b", caddyfile, re.M)


def test_the_image_installs_the_services_own_packages_at_the_locked_versions_and_hashes():
    assert "pip install --no-cache-dir --require-hashes -r requirements-runtime.lock" in DOCKERFILE
    runtime, everything = pins(ROOT / "requirements-runtime.lock"), pins(ROOT / "requirements.lock")
    assert runtime and all(everything.get(name) == version for name, version in runtime.items())
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0).lower()
        assert name in runtime, name
    for tool in ("pytest", "locust", "faker", "hypothesis", "playwright"):  # test and bench tools stay out
        assert tool not in runtime


def test_the_image_has_the_pdf_libraries_the_makefile_installs():
    makefile = (ROOT / "Makefile").read_text()
    packages = re.search(r"^PDF_PACKAGES := (.+)$", makefile, re.M).group(1).split()
    for package in packages:
        assert package in DOCKERFILE, package
