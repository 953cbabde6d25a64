"""The demo's supervision on licence: Lee Hartnell reports to his offender manager under his extended licence, kept
fortnightly, then two unacceptable absences with a warning and a final warning under the licence; the story stops
just before recall, and one more absence would put "Recall to consider" on her work list (README, Supervision)."""
import datetime

import pytest
from django.utils import timezone

from mappa.core import extensions
from mappa.licences.models import Licence
from mappa.supervision import queries, rules, services
from tests.test_demo_data import case, demo, demo_loaded  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_hartnell_has_licence_appointments_and_the_warnings_they_led_to(demo, client):  # noqa: F811
    om, hartnell, today = demo["om.probation"], case("hartnell"), timezone.localdate()
    licence = Licence.objects.get(nominal=hartnell)
    assert licence.start_date < today < licence.end_date and licence.sentence_id

    on_licence = list(queries.appointments(om, hartnell).filter(licence=licence).order_by("on"))
    assert on_licence and all(a.sentence_id == licence.sentence_id and not a.requirement_id for a in on_licence)
    past = [a for a in on_licence if a.on < today]
    assert all(a.outcome for a in past) and [a.on for a in on_licence if a.on > today]  # the next one booked
    absences = [a for a in past if a.outcome == rules.UNACCEPTABLE]
    kept_before = [a for a in past if a.outcome == rules.KEPT and a.on < absences[0].on]
    assert len(absences) == 2 and len(kept_before) >= 4 and all(a.reason for a in absences)

    warnings = list(queries.warnings(om, hartnell).filter(licence=licence).order_by("given_on"))
    assert [w.kind for w in warnings] == [rules.WARNING, rules.FINAL_WARNING]
    assert [w.appointment_id for w in warnings] == [a.pk for a in absences]
    assert all(w.given_on > w.appointment.on and w.given_by == om for w in warnings)
    # Both after his re-release by the Parole Board: the recall before them counts none of them.
    recall = licence.sentence.recalls.get()
    assert all(a.on > recall.re_released_on for a in on_licence)

    [state] = queries.licence_states(om, hartnell, today)
    assert (state.enforcement.counted, state.enforcement.step, state.enforcement.done) == (2, rules.FINAL_WARNING, True)
    assert not state.report_overdue

    client.force_login(om)
    page = client.get(f"/supervision/{hartnell.pk}/").content.decode()
    assert "Licence, reporting and enforcement" in page and "On licence" in page
    assert "final warning taken" in page and "Consider recall" not in page
    overview = client.get(f"/people/{hartnell.pk}/").content.decode()
    assert 'data-testid="panel-licence"' in overview
    assert not [i for i in extensions.work_for(om, today) if i.nominal_id == hartnell.pk
                and i.kind in ("supervision_recall", "supervision_warning")]


def test_one_more_absence_puts_recall_to_consider_on_her_work_list(demo, client):  # noqa: F811
    om, hartnell, today = demo["om.probation"], case("hartnell"), timezone.localdate()
    licence = Licence.objects.get(nominal=hartnell)
    missed = services.add_appointment(actor=om, nominal=hartnell, today=today, data={
        "licence": licence, "kind": "supervision", "on": today, "at": datetime.time(9, 0)})
    services.record_outcome(actor=om, appointment=missed, outcome=rules.UNACCEPTABLE, reason="Did not come",
                            version=missed.version, today=today)
    [line] = [i for i in extensions.work_for(om, today) if i.nominal_id == hartnell.pk
              and i.kind == "supervision_recall"]
    assert line.url == f"/orders/{hartnell.pk}/recalls/new/"
    client.force_login(om)
    assert "Recall to consider" in client.get("/", {"work": "mine"}).content.decode()
