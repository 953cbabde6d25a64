"""The synthetic register's supervision (issue 23: the bench measures the supervision lists at national scale): the
community orders' requirements, appointments and warnings follow the supervision part's rules and reference data."""
import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from mappa.core import reference
from mappa.demo import generator, generator_supervision
from mappa.orders.models import Sentence
from mappa.supervision import queries, rules
from mappa.supervision.models import Appointment, OrderWarning, Requirement

TODAY = datetime.date(2025, 6, 1)


@pytest.fixture
def register(db):
    return generator.generate(400, seed=5, today=TODAY, progress=False, log=lambda message: None)


def test_every_order_in_force_is_supervised_on_the_reference_schedule(register):
    table = reference.value("supervision.reporting.interval", TODAY)
    in_force = Sentence.objects.filter(kind__in=queries.ORDER_KINDS, sentenced_on__lte=TODAY - datetime.timedelta(days=30),
                                       order_end__gte=TODAY)
    assert in_force.exists()
    assert register.counts["supervision.Appointment"] == Appointment.objects.count() > 0
    allowed = {int(v) for stage in ("start", "later") for v in table[stage].values()}
    for order in in_force:
        days = list(Appointment.objects.filter(sentence=order, kind=Appointment.Kind.SUPERVISION)
                    .order_by("on").values_list("on", flat=True))
        assert days, order
        assert (days[0] - order.sentenced_on).days in allowed
        assert {(b - a).days for a, b in zip(days, days[1:])} <= allowed
        assert days[-1] <= TODAY + datetime.timedelta(days=14)
    # Ended more than a year ago: none.
    ended = Sentence.objects.filter(kind__in=queries.ORDER_KINDS, order_end__lt=TODAY - datetime.timedelta(days=366))
    assert not Appointment.objects.filter(sentence__in=ended).exists()


def test_outcomes_are_recorded_only_for_the_past_and_absences_are_answered(register):
    assert not Appointment.objects.filter(on__gte=TODAY).exclude(outcome="").exists()
    assert not Appointment.objects.filter(on__lt=TODAY - datetime.timedelta(days=7), outcome="").exists()
    kept = Appointment.objects.filter(outcome=rules.KEPT).count()
    assert kept > 0.85 * Appointment.objects.exclude(outcome="").count()
    for a in Appointment.objects.exclude(outcome=""):
        assert a.outcome_by_id == a.created_by_id and a.outcome_on == a.on
        assert bool(a.reason) == (a.outcome != rules.KEPT)
    # Each unacceptable absence has its warning, the second a final one; never a third (no breach on the register).
    warnings = {w.appointment_id: w for w in OrderWarning.objects.all()}
    by_order = defaultdict(list)
    for a in Appointment.objects.filter(outcome=rules.UNACCEPTABLE).order_by("on", "id"):
        by_order[a.sentence_id].append(warnings[a.pk].kind)
    assert all(kinds == [rules.WARNING, rules.FINAL_WARNING][:len(kinds)] for kinds in by_order.values())
    assert len(warnings) == sum(len(k) for k in by_order.values())


def test_requirements_progress_is_the_sessions_kept(register):
    requirements = list(Requirement.objects.all())
    assert {r.kind for r in requirements} >= {rules.UNPAID_WORK, rules.ACTIVITY}
    for r in requirements:
        kept = Appointment.objects.filter(requirement=r, outcome=rules.KEPT)
        if r.kind == rules.UNPAID_WORK:
            assert r.hours_done == min(r.hours, 7 * kept.count())
        elif r.kind == rules.PROGRAMME:
            assert r.days_done == min(r.days, kept.count())
        else:
            assert not kept.exists()
        if r.status == Requirement.Status.COMPLETED:
            assert r.progress.complete


def test_the_supervision_page_and_work_list_open_on_a_generated_order(register, client):
    from mappa.supervision.registrations import work

    busiest = Appointment.objects.filter(nominal__manager__isnull=False).values_list("nominal", flat=True).first()
    person = Appointment.objects.filter(nominal_id=busiest).first().nominal
    client.force_login(person.manager)
    page = client.get(f"/supervision/{person.pk}/")
    assert page.status_code == 200 and "Supervision appointment" in page.content.decode()
    work(person.manager, TODAY)  # runs on the generated rows


def test_adding_supervision_to_a_register_that_has_it_adds_nothing(register):
    before = Appointment.objects.count()
    call_command("generate", supervision_only=True, seed=5, today=TODAY, no_progress=True, stderr=io.StringIO())
    assert Appointment.objects.count() == before
    assert generator_supervision.generate_supervision(seed=5, today=TODAY, progress=False,
                                                      log=lambda m: None)["supervision.Appointment"] == 0
