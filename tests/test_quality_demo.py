"""The demo's data quality: the co-ordinator and the probation supervisor see figures, and the supervisor has a
themed audit under way with an action for the record's team."""
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mappa.accounts.models import User
from mappa.core import extensions
from mappa.quality import audits, queries, rules
from mappa.quality.models import ThemedAudit


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_coordinator_and_supervisor_see_figures_and_an_audit(client):
    call_command("demo", stdout=io.StringIO())
    today = timezone.localdate()
    coordinator, supervisor = User.objects.get(username="coordinator"), User.objects.get(username="sup.probation")
    area = coordinator.team.area
    counted = {}
    for user in (coordinator, supervisor):
        rows = queries.rows_for(user, area)
        counted[user.username] = {i.key: rules.figure(rules.MEASURES[i.key].evaluate(rows, today, i.settings)).counted
                                  for i in queries.measures(today)}
        assert counted[user.username]["ethnicity"] > 0 and counted[user.username]["level_recorded"] > 0
    assert counted["coordinator"]["ethnicity"] >= counted["sup.probation"]["ethnicity"]
    audit = ThemedAudit.objects.get(created_by=supervisor)
    cases = audits.cases_of(supervisor, audit)
    assert len(cases) == 4 and sum(1 for c in cases if c.checked_on) == 1
    action = audits.actions_of(supervisor, audit)[0]
    assert action.done_on is None
    assert any(w.kind == "audit_action" for w in extensions.work_for(action.owner, today))
    client.force_login(coordinator)
    assert client.get(reverse("quality:measures", args=[area.code])).status_code == 200
