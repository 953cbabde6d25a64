"""The demo plans for the seed cases (seed 002 lines 180-246, Hartnell; seed 001 lines 11-37, Dunmore)."""
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mappa.accounts.models import User
from mappa.nominals.models import Nominal
from mappa.plans import queries
from mappa.plans.models import PlanItem, PlanReview, PlanReviewTrigger


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_demo_plans_for_the_seed_cases():
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    om, cs = User.objects.get(username="om.probation"), User.objects.get(username="cs.worker")
    hartnell = Nominal.objects.get(last_name="Hartnell")
    dunmore = Nominal.objects.get(last_name="Dunmore")

    review = PlanReview.objects.get(nominal=hartnell)
    assert review.endorsed_by.username == "sup.probation"
    agencies = set(PlanItem.objects.filter(nominal=hartnell).values_list("owner_agency__kind", flat=True))
    assert {"probation", "police", "childrens_services", "victim_services"} <= agencies
    state = queries.plan_state(om, hartnell, today)
    assert [g.code for g in state.gaps if not g.requirement_key] == []
    assert not state.review.triggered

    state = queries.plan_state(om, dunmore, today)
    assert {"contingency", "police_home_visit", "own_role"} <= {g.code for g in state.gaps}
    assert state.review.triggered and PlanReviewTrigger.objects.filter(nominal=dunmore, kind="relationship").exists()
    assert state.overdue_ids
    # Children's services sees Hartnell's plan without the victim liaison item.
    seen = queries.plan_state(cs, hartnell, today)
    assert len(seen.hidden) == 1 and all(i.handling != "victim" for i in seen.items)
