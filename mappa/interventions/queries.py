"""What the intervention pages, panel, API and work list read, always through mappa.access.policy. The programme
catalogue is reference data, not case data: anyone may read it."""
import datetime

from mappa.access import policy
from mappa.core import reference
from mappa.interventions import rules
from mappa.interventions.models import OneToOneWork, Programme, ProgrammeReferral, ProgrammeSession
from mappa.orders.models import Sentence


def table(today: datetime.date) -> dict:
    """The numbers the rules use, in force on `today` (interventions/migrations/0002_reference_data.py)."""
    return reference.value("interventions.timings", today)


def programmes(on: datetime.date):
    """The programmes offered on `on`."""
    return [p for p in Programme.objects.order_by("kind", "name") if p.in_force(on)]


def sentences(user, nominal):
    """The orders and licences (sentences) of the person the user may see: a referral may be made under one."""
    return policy.items_for(user, Sentence, nominal=nominal).order_by("-sentenced_on", "-id")


def referrals(user, nominal):
    return policy.items_for(user, ProgrammeReferral, nominal=nominal).select_related("programme").order_by("-referred_on", "-id")


def sessions(user, referral):
    return policy.items_for(user, ProgrammeSession, nominal=referral.nominal).filter(referral_id=referral.pk).order_by("-on", "-id")


def sessions_for_rules(user, referral):
    """Every session of the referral on a record the user reaches, whatever its handling: a rule (one mark a day)
    weighs them all."""
    return policy.items_for_rules(user, ProgrammeSession, nominal=referral.nominal).filter(referral_id=referral.pk)


def one_to_one(user, nominal):
    return policy.items_for(user, OneToOneWork, nominal=nominal).order_by("-started_on", "-id")


def attendance_by_referral(user, referral_ids) -> dict:
    """{referral id: [attendance marks]} over the sessions the user may see, read once for many referrals."""
    found: dict = {}
    for referral_id, mark in (policy.items_for(user, ProgrammeSession).filter(referral_id__in=list(referral_ids))
                              .values_list("referral_id", "attendance")):
        found.setdefault(referral_id, []).append(mark)
    return found


def with_attendance(user, rows: list) -> list:
    """The referrals, each given `.attendance` (rules.Attendance) and `.stage_label`."""
    marks = attendance_by_referral(user, [r.pk for r in rows])
    for r in rows:
        r.attendance = rules.attendance(marks.get(r.pk, []), r.programme.sessions)
        r.stage_label = rules.STAGE_LABELS[r.stage]
    return rows
