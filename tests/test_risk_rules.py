"""Pure rules of risk assessment (mappa/risk/rules.py), with golden examples from the 2010 inspection
(HMI Probation and HMI Constabulary, 'Restriction and Rehabilitation: Getting the Right Mix')."""
import datetime

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.core import extensions, facts
from mappa.risk import rules, services
from mappa.risk.models import RiskType, Tool

levels = st.sampled_from(rules.LEVELS)
D = datetime.date


def test_highest_rosh_level_of_all_groups_and_settings():
    assert rules.highest_level(["high", "low", "very_high", "not_a_level"]) == "very_high"
    assert rules.highest_level([]) == ""


@given(st.lists(levels, min_size=1))
def test_the_headline_rosh_is_never_lower_than_any_group(found):
    top = rules.highest_level(found)
    assert all(rules.LEVELS.index(top) >= rules.LEVELS.index(lv) for lv in found)


@given(levels, levels)
def test_a_rationale_is_required_exactly_when_the_police_level_differs(police, tool):
    # ¶5.9: the managed level differed from RM2000 in 5 of 62 cases, with a rationale in only 1.
    assert rules.rationale_required(police, tool) == (police != tool)
    assert not rules.rationale_required("", tool)


def test_training_must_be_current_on_the_day():
    # ¶5.5: 7 of 45 probation staff responsible for RM2000 were untrained.
    records = [rules.Training("rm2000", D(2020, 1, 1), D(2023, 1, 1))]
    assert rules.trained(records, "rm2000", D(2022, 6, 1))
    assert not rules.trained(records, "rm2000", D(2023, 1, 2))
    assert not rules.trained(records, "ogrs3", D(2022, 6, 1))
    assert not rules.trained(records, "rm2000", D(2019, 12, 31))


def test_approval_problems():
    ok = dict(approver_id=2, approver_is_supervisor=True, author_id=1, approver_trained=True, status="completed")
    assert rules.approval_problems(**ok) == []
    assert rules.approval_problems(**ok | {"approver_id": 1}) == ["Someone other than the author must approve it."]
    assert "Only a completed assessment can be approved." in rules.approval_problems(**ok | {"status": "draft"})


SETTINGS = dict(rm2000_days=14, oasys_days=15, review_days=10, rm2000_review_days=365)


def test_rm2000_is_due_fourteen_days_after_registration():
    # ¶4.14: the inspectors' (arbitrary) 14-day yardstick from registration to RM2000.
    due = rules.assessments_due(registered_on=D(2026, 1, 10), order_started_on=None, released_on=None,
                                latest_rm2000=None, latest_oasys=None, today=D(2026, 1, 12), **SETTINGS)
    assert due == [rules.Due("Risk Matrix 2000 after registration", D(2026, 1, 24), "rm2000")]
    assert rules.assessments_due(registered_on=D(2026, 1, 10), order_started_on=None, released_on=None,
                                 latest_rm2000=D(2026, 1, 20), latest_oasys=None, today=D(2026, 1, 22), **SETTINGS) == []


def test_rm2000_review_after_a_lapse_and_oasys_after_start_and_release():
    # ¶9.1: RM2000 not reviewed for up to 3 years; prison assessment not reviewed after release. ¶5.12: OASys at start.
    due = rules.assessments_due(registered_on=D(2020, 1, 1), order_started_on=D(2026, 3, 1), released_on=D(2026, 3, 1),
                                latest_rm2000=D(2025, 3, 1), latest_oasys=D(2025, 12, 1), today=D(2026, 3, 5), **SETTINGS)
    assert [(d.kind, d.due) for d in due] == [("rm2000_review", D(2026, 3, 1)), ("oasys", D(2026, 3, 16)),
                                              ("release", D(2026, 3, 11))]


@given(st.dates(D(2000, 1, 1), D(2030, 1, 1)), st.integers(0, 400))
def test_an_assessment_on_or_after_the_trigger_satisfies_it(trigger, after):
    done = trigger + datetime.timedelta(days=after)
    due = rules.assessments_due(registered_on=trigger, order_started_on=trigger, released_on=trigger,
                                latest_rm2000=done, latest_oasys=done, today=done, **SETTINGS)
    assert {d.kind for d in due} <= {"rm2000_review"}


def test_work_list_shows_due_reviews_approvals_and_timeliness(world):
    today = timezone.localdate()
    src = facts.Source("Notification requirements (orders)")

    def provider(reader, nominal):
        if nominal.pk != world.case.pk:
            return facts.Facts()
        return facts.Facts(notification_requirements=facts.Flag(True, src, since=today - datetime.timedelta(days=20)))

    facts._providers.append(provider)
    try:
        work = extensions.work_for(world.om, today)
    finally:
        facts._providers.remove(provider)
    whats = [w.what for w in work if w.kind.startswith("risk")]
    assert "Risk Matrix 2000 after registration" in whats
    rm = next(w for w in work if w.kind == "risk_rm2000")
    assert rm.overdue_on(today)  # 20 days since registration, 14 allowed
    assert any(w.startswith("Review assessments: Change of address") for w in whats)
    # The om cannot see police intelligence, so the review it asked for stays off her list.
    assert not any("Seen near a school" in w for w in whats)
    assert extensions.work_for(world.south, today) == [] or all(w.nominal_id != world.case.pk
                                                               for w in extensions.work_for(world.south, today))

    for u in (world.om, world.probation_sup):
        services.record_training(actor=world.admin, user=u, tool=Tool.OGRS3, trained_on=today)
    from tests.test_risk_services import OGRS3_VALUES
    a = services.create_assessment(actor=world.om, nominal=world.case, risk_type=RiskType.RECONVICTION, tool=Tool.OGRS3,
                                   assessed_on=today, values=OGRS3_VALUES)
    services.complete_assessment(actor=world.om, assessment=a, version=a.version)
    assert any(w.kind == "risk_approval" for w in extensions.work_for(world.probation_sup, today))
    assert not any(w.kind == "risk_approval" for w in extensions.work_for(world.om, today))
    assert not any(w.kind == "risk_review" for w in extensions.work_for(world.om, today))


def test_rm2000_is_for_adult_men():
    # 2010 inspection ¶2.8: RM2000 is used with adult male sexual or violent offenders.
    assert rules.rm2000_applicability("male", 40) == {}
    assert rules.rm2000_applicability("unknown", None) == {}
    assert "adult men" in rules.rm2000_applicability("female", 40)["tool"]
    assert "was 17" in rules.rm2000_applicability("male", 17)["tool"]
