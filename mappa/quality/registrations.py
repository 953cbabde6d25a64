"""What this part adds to the navigation, the work list and the demo (see mappa.core.extensions)."""
import datetime

from django.urls import reverse

from mappa.core import extensions


def _may_use(user):
    from mappa.quality.views import may_use

    return may_use(user)


extensions.nav_link(extensions.NavLink("Data quality", "quality:index", _may_use, order=66))


@extensions.work_list(kinds=("audit_action",))
def work(user, today: datetime.date, members=None) -> list:
    """Remedial actions from a themed audit given to the user and not yet done, on cases they may see. With
    `members` (a supervisor's team, see extensions.work_list): each member's, read once for them all."""
    if not user.is_authenticated:
        return []
    from mappa.quality import audits

    whose_of = {m.pk: whose for m, whose in extensions.answering(user, members)}
    return [extensions.WorkItem(
        nominal_id=a.nominal_id, nominal_name=a.nominal.full_name, what=f"Put right after a themed audit: {a.description}",
        due=a.due_on, url=reverse("quality:audit", args=[a.case.audit_id]), kind="audit_action", whose=whose_of[a.owner_id])
        for a in audits.open_actions_for(user, today, owners=list(whose_of))]


def _demo(*, users, nominals, today):
    from mappa.quality import demo

    demo.load(users=users, nominals=nominals, today=today)


extensions.demo_data(_demo, after=("risk", "orders", "arrangements", "plans", "visits"))
