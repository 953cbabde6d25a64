"""When a Risk Matrix 2000 and an OASys fall due, from the facts the orders part gives (2010 inspection,
HMI Probation and HMI Constabulary, 'Restriction and Rehabilitation: Getting the Right Mix')."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from mappa.core import extensions, facts
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS
from mappa.risk import rules

D = datetime.date
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_the_rm2000_clock_starts_at_registration_in_the_community():
    """¶4.14: "although there is no stated timescale for completion of an RM2000 after registration, if an
    arbitrary 14 days were allowed ...". The inspection is "of the management of sexual offenders in the
    community": someone convicted and registered while in custody is registered in the community on release."""
    convicted = D(2008, 2, 29)
    assert rules.registration_in_community(registered_on=convicted, released_on=None, in_custody=True) is None
    assert rules.registration_in_community(registered_on=convicted, released_on=D(2026, 3, 1), in_custody=False) == D(2026, 3, 1)
    assert rules.registration_in_community(registered_on=D(2026, 1, 10), released_on=D(2019, 5, 1), in_custody=False) == D(2026, 1, 10)
    assert rules.registration_in_community(registered_on=None, released_on=D(2026, 3, 1), in_custody=False) is None


def test_oasys_is_due_at_the_start_of_a_community_order_or_a_licence():
    """¶5.12: "The RoH assessments were completed on time at the start of order or licence"."""
    assert rules.supervision_started(None, D(2026, 2, 1)) == D(2026, 2, 1)
    assert rules.supervision_started(D(2026, 3, 1), None) == D(2026, 3, 1)
    assert rules.supervision_started(None, None) is None


def add(world, slug, actor=None, **data):
    return orders.create_record(actor=actor or world.om, nominal=world.case, kind=KINDS[slug], data=data)


@pytest.fixture
def conviction(world):
    return add(world, "convictions", offence="Sexual assault", offence_code="019/11", convicted_on=D(2008, 2, 29),
               contact_sexual=True, schedule="schedule_3", maximum_penalty_years=Decimal("10"))


def custody(world, conviction, released_on=None):
    """Seven years from 2008; notification from conviction, in custody on the relevant date."""
    add(world, "sentences", conviction=conviction, kind="extended", sentenced_on=D(2008, 3, 20), length_months=Decimal("84"),
        extension_months=36, custody_from=D(2008, 3, 20), release_kind="parole", release_date=released_on or days(200),
        released_on=released_on, licence_start=released_on, licence_end=days(400) if released_on else None,
        sentence_expiry=days(300))
    add(world, "notification", actor=world.police, conviction=conviction, relevant_date=D(2008, 2, 29),
        in_custody_on_relevant_date=True, released_on=released_on)


def due(world):
    return {w.kind: w for w in extensions.work_for(world.om, TODAY) if w.nominal_id == world.case.pk and w.kind.startswith("risk_")}


def test_no_rm2000_falls_due_while_the_person_is_in_prison(world, conviction):
    custody(world, conviction)
    known = facts.facts_for(world.om, world.case)
    assert known.in_custody.value and known.notification_requirements.since == D(2008, 2, 29)
    assert "risk_rm2000" not in due(world)


def test_after_release_the_rm2000_is_due_fourteen_days_from_release_with_oasys_and_a_review(world, conviction):
    custody(world, conviction, released_on=days(-20))
    known = facts.facts_for(world.om, world.case)
    assert known.released_on == days(-20) and not known.in_custody.value
    work = due(world)
    assert work["risk_rm2000"].due == days(-6)  # 14 days after release, not after the 2008 conviction
    assert work["risk_oasys"].due == days(-5)  # 15 days (a local setting) after the licence began
    assert work["risk_release"].due == days(-10)


def test_a_community_order_makes_an_oasys_due_at_its_start(world, conviction):
    add(world, "sentences", conviction=conviction, kind="community", sentenced_on=days(-3), length_months=Decimal("12"),
        order_end=days(360))
    known = facts.facts_for(world.om, world.case)
    assert known.community_order.value and known.community_order.since == days(-3)
    assert "Sentences and orders" == known.community_order.source.label
    assert due(world)["risk_oasys"].due == days(12)
