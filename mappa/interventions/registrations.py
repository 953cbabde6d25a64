"""What this part adds to the case page, the work list and the demo (see mappa.core.extensions)."""
import datetime

from django.db.models import Q
from django.utils import timezone

from mappa.access import policy
from mappa.core import extensions, reference
from mappa.core.links import address_of
from mappa.interventions import queries, rules
from mappa.interventions.models import ProgrammeReferral

PANEL_ROWS = 5


def _has_referrals(user, nominal) -> bool:
    return queries.referrals(user, nominal).exists()


def panel_context(user, nominal):
    """The Interventions panel: the latest referrals with where each stands and its attendance, and one-to-one
    work. None when the person has neither that the user may see."""
    referrals = queries.with_attendance(user, list(queries.referrals(user, nominal)[:PANEL_ROWS]))
    work = list(queries.one_to_one(user, nominal).filter(ended_on__isnull=True)[:PANEL_ROWS])
    if not referrals and not work:
        return None
    return {"referrals": referrals, "work": work, "today": timezone.localdate(),
            "markings": [i.marking for i in [*referrals, *work]]}


extensions.case_panel(extensions.CasePanel("interventions", "Interventions", "interventions/panel.html", panel_context,
                                           order=64))
extensions.case_tab(extensions.CaseTab("Interventions", "interventions:interventions", order=64))


@extensions.work_list(kinds=("intervention_review", "intervention_waiting"), answered=True)
def work(user, today: datetime.date, members=None) -> list:
    """Waits on a programme's list that are too long or about to be, and post-programme reviews due or overdue, on
    the cases the user answers for. With `members` (a supervisor's team, see extensions.work_list): each member's,
    from the team's cases read once. A fixed number of queries whatever the caseload: the cases, the referrals
    (with their programmes and people) and the reference data."""
    asked = extensions.case_workers(user, members)
    if not asked:
        return []
    try:
        table = queries.table(today)
    except reference.MissingReferenceData:
        return []
    managers = policy.managers_of_cases_managed(user, members)
    whose = extensions.whose_case(user, members, asked, managers)

    ahead = today + datetime.timedelta(days=int(table["worklist_lookahead_days"]))
    limit = datetime.timedelta(days=int(table["waiting_alert_days"]))
    open_ = (policy.items_on(user, ProgrammeReferral, managers)
             .filter(Q(eligibility=rules.ELIGIBLE, listed_on__lte=ahead - limit, started_on__isnull=True, outcome="")
                     | Q(review_due_on__lte=ahead, reviewed_on__isnull=True))
             .select_related("programme", "nominal").order_by("id")[:500])
    found, referral_page = [], address_of("interventions:referral", 2)
    for r in open_:
        url = referral_page(r.nominal_id, r.pk)
        if r.review_due_on and not r.reviewed_on:
            what, due, kind = f"Post-programme review: {r.programme}", r.review_due_on, "intervention_review"
        else:
            waited = rules.waiting_days(r.listed_on, None, "", today)
            what = f"Waiting {waited} days for {r.programme}: arrange a start or review the plan"
            due, kind = rules.waited_too_long_on(r.listed_on, table), "intervention_waiting"
        found += [extensions.WorkItem(nominal_id=r.nominal_id, nominal_name=r.nominal.full_name, what=what, due=due,
                                      url=url, kind=kind, whose=label) for label in whose(r.nominal_id)]
    return found


def _demo(*, users, nominals, today):
    from mappa.interventions import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("orders", "supervision"))
