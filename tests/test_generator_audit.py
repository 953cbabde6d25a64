"""The generator's audit history (mappa/demo/generator_audit.py): chained as the service chains it, so the
chain check passes, in the whole months before the day it is written for, and shaped like a service's:
mostly reads of case pages, by the people working the case."""
import datetime
from collections import Counter

import pytest
from django.core.management import call_command

from mappa.audit import chain
from mappa.audit.models import Action, AuditEvent
from mappa.demo import generator, generator_audit
from mappa.nominals.models import Nominal

TODAY = datetime.date(2026, 12, 6)


@pytest.fixture
def history(db):
    generator.generate(40, seed=3, today=TODAY, progress=False, log=lambda message: None)
    return generator_audit.generate_audit(900, seed=3, months=3, today=TODAY, progress=False)


def test_the_history_fills_the_months_before_today_and_its_chain_verifies(history, capsys):
    assert history == {"2026-09": 300, "2026-10": 300, "2026-11": 300}
    rows = AuditEvent.objects.all()
    assert rows.count() == 900
    assert {e.chain for e in rows} == {"2026-09", "2026-10", "2026-11"}
    assert all(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC) <= e.at < datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
               for e in rows)
    assert chain.verify(AuditEvent).problems == []
    call_command("audit", "verify")
    assert "The audit chain is whole" in capsys.readouterr().out


def test_more_history_continues_each_months_chain(history):
    generator_audit.generate_audit(90, seed=4, months=3, today=TODAY, progress=False)
    report = chain.verify(AuditEvent)
    assert report.problems == [] and report.rows == 990


def test_most_rows_are_reads_of_a_case_by_someone_working_it(history):
    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions[Action.VIEW] > 0.7 * 900
    views = AuditEvent.objects.filter(action=Action.VIEW).select_related("nominal")
    held = {n.pk: (n.manager_id, n.team_id) for n in Nominal.objects.all()}
    by_manager = sum(1 for v in views if v.actor_id == held[v.nominal_id][0])
    assert by_manager > 0.3 * len(views)  # the manager reads a case most; colleagues, supervisors and partners too
    assert all(v.actor_name and v.object_label and v.ip_address for v in views)
