"""The MAPPA review intervals as reference data: the 2009 guidance's, and what is in force since its revision."""
import datetime

import pytest

from mappa.arrangements import rules, services
from mappa.core import reference

pytestmark = pytest.mark.django_db

DECIDED_2011 = datetime.date(2011, 3, 1)
DECIDED_TODAY = datetime.date(2026, 12, 5)


@pytest.mark.parametrize("level, latest", [(3, datetime.date(2011, 4, 12)), (2, datetime.date(2011, 5, 24)),
                                           (1, datetime.date(2011, 7, 1))])
def test_a_decision_under_the_2009_guidance_uses_its_intervals(level, latest):
    """2010 inspection, para 9.2, quoting the MAPPA guidance: "level 3 cases are reviewed every four to six
    weeks; level 2 cases are reviewed every eight to twelve weeks; level 1 cases should be reviewed every
    four months"."""
    row = reference.in_force(f"mappa.review.level{level}", DECIDED_2011)
    assert row.effective_from == datetime.date(2009, 4, 1)
    assert "UNCONFIRMED" not in row.source + row.description
    assert rules.review_window(DECIDED_2011, services.schedule_for(level, DECIDED_2011)).latest == latest


@pytest.mark.parametrize("level", [1, 2, 3])
def test_a_decision_today_reads_a_later_row_that_says_plainly_it_is_unconfirmed(level):
    """The guidance was revised as MAPPA Guidance 2012 and updated since; its intervals could not be read
    from a source held here, so the row in force today says so and keeps the last confirmed (2009) value."""
    today, older = (reference.in_force(f"mappa.review.level{level}", day) for day in (DECIDED_TODAY, DECIDED_2011))
    assert today.effective_from == datetime.date(2012, 1, 1)
    assert today.description.startswith("UNCONFIRMED") and today.source.startswith("UNCONFIRMED")
    assert "para 9.2" in today.source
    assert today.value == older.value


@pytest.mark.django_db
def test_the_plans_level_interval_after_2009_is_marked_unconfirmed_and_keeps_the_2009_value():
    """The plan's interval by level comes from the same ¶9.2 as the MAPPA review intervals: a decision made
    today uses a row that says plainly it is unconfirmed, with the 2009 value."""
    row = reference.in_force("plans.review.level_interval", datetime.date(2026, 1, 1))
    assert row.effective_from == datetime.date(2012, 1, 1)
    assert row.source.startswith("UNCONFIRMED") and row.description.startswith("UNCONFIRMED")
    assert row.value == reference.value("plans.review.level_interval", datetime.date(2011, 12, 31))
