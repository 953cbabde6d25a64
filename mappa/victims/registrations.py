"""What this part adds to the case page (a panel and a tab) and the demo data (see mappa.core.extensions)."""
from mappa.access import policy
from mappa.core import extensions


def panel_context(user, nominal):
    from mappa.victims import queries, services

    if not policy.can(user, policy.READ, nominal):
        return None
    data = queries.summary(user, nominal)
    if data["sees"]:  # the case page's own view row stands for the count; names shown are reads of victims
        services.record_read(user, nominal, data, "victims (case page panel)")
    return data


extensions.case_panel(extensions.CasePanel("victims", "Victims", "victims/_panel.html", panel_context, order=45))
extensions.case_tab(extensions.CaseTab("Victims", "victims:nominal", order=45))


@extensions.demo_data(after=("orders",))
def demo(*, users, nominals, today):
    from mappa.victims.demo import load

    load(users=users, nominals=nominals, today=today)
