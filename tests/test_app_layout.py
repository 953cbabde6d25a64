"""Every part of the domain has the same modules in the same roles, so someone new finds a rule, a read or a change
in the same place in each (README, "Layout"), and each part's API is mounted like every other's."""
from pathlib import Path

import pytest
from django.apps import apps

from mappa.api.urls import PARTS

MAPPA = Path(__file__).resolve().parent.parent / "mappa"
DOMAIN = ("nominals", "arrangements", "risk", "orders", "licences", "plans", "intelligence", "safeguarding", "victims",
          "visits", "quality", "reports", "supervision", "interventions", "resettlement", "workforce")
# models (the records), rules (pure), services (every change), queries (every read, through the policy), views and
# api (thin), the URLs of both, and the part's own page templates.
ROLES = ("models.py", "rules.py", "services.py", "queries.py", "views.py", "api.py", "urls.py", "api_urls.py")


@pytest.mark.parametrize("part", DOMAIN)
def test_each_part_has_the_same_modules(part):
    folder = MAPPA / part
    missing = [name for name in ROLES if not (folder / name).exists()]
    assert missing == [], f"mappa/{part} has no {', '.join(missing)}"
    assert (folder / "templates" / part).is_dir(), f"mappa/{part}'s pages are not in mappa/{part}/templates/{part}/"


def test_every_installed_part_of_the_domain_is_listed_and_its_api_mounted():
    installed = {c.label for c in apps.get_app_configs() if c.name.startswith("mappa.")}
    infrastructure = {"core", "accounts", "access", "audit", "jobs", "api", "demo"}
    assert installed - infrastructure == set(DOMAIN)
    assert set(PARTS) == set(DOMAIN)


def test_no_part_keeps_its_pages_in_the_shared_templates():
    shared = {p.name for p in (MAPPA / "templates").iterdir() if p.is_dir()}
    assert shared.isdisjoint(DOMAIN), shared & set(DOMAIN)
