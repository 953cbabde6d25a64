"""What the register adds to the work list (see mappa.core.extensions): transfers waiting for the receiving team's
answer, and the cases of an absent manager on the list of the colleague covering for them."""
import datetime

from django.urls import reverse

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import extensions
from mappa.core.dates import day as govuk_day


@extensions.work_list(kinds=("transfer",))
def transfers_to_answer(user, today: datetime.date, members=None) -> list:
    """Transfers asked of the user's team, for its supervisors, due by the answer time in force when each was sent
    (reference data "transfer.answer_days"); overdue after that. With `members` (a supervisor's team queue): on the
    list of each supervisor among them. Two queries whatever the number of transfers."""
    asked = [(m, whose) for m, whose in extensions.answering(user, members)
             if m.is_authenticated and m.role == Role.SUPERVISOR and m.team_id and m.team_id == user.team_id]
    if not asked:
        return []
    return [extensions.WorkItem(
        nominal_id=t.nominal_id, nominal_name=t.nominal.full_name,
        what=f"Accept or decline the transfer from {t.from_team.name}, {t.from_team.area}",
        due=t.answer_due, url=reverse("nominals:transfer_answer", args=[t.pk]), kind="transfer", whose=whose)
        for t in policy.transfers_to_answer(user).order_by("answer_due", "id")[:200] for _, whose in asked]


@extensions.work_list(kinds=("cover",))
def cases_covered(user, today: datetime.date, members=None) -> list:
    """The cases of each manager the user covers for now: the covering colleague sees them on their own list
    (good practice 2009-2012 §2.25 REQ-WF-03: cover linked to cases). Read through the policy's cover ground. Not on
    the team queue (`members`), which has those cases already under the manager they belong to."""
    if members is not None or not user.is_authenticated or user.role not in policy.TEAM_ROLES:
        return []
    covers = {c.absent_id: c for c in policy.covers_given_now(user)}
    if not covers:
        return []
    cases = (policy.nominals_for(user, policy.WRITE).filter(manager_id__in=list(covers))
             .order_by("last_name", "first_name", "id")[:200])
    return [extensions.WorkItem(
        nominal_id=n.pk, nominal_name=n.full_name,
        what=f"Covering for {covers[n.manager_id].absent.display_name} until {govuk_day(covers[n.manager_id].ends_on)}",
        due=None, url=reverse("nominals:detail", args=[n.pk]), kind="cover") for n in cases]
