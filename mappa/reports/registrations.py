"""What this part adds to the navigation and the demo (see mappa.core.extensions)."""
from mappa.core import extensions


def _may_run(user):
    from mappa.reports.views import may_run

    return may_run(user)


extensions.nav_link(extensions.NavLink("Annual report", "reports:index", _may_run, order=65))


@extensions.demo_data(after=("arrangements", "risk", "orders", "licences", "plans", "victims", "visits"))
def _demo(*, users, nominals, today):
    """The co-ordinator's report for the current year, asked for and built as a worker would build it, so the demo
    opens on figures (the queued task then finds nothing left to do)."""
    from mappa.reports import queries, services, tasks

    coordinator = users.get("coordinator")
    if coordinator is None or not coordinator.team_id:
        return
    snapshot = services.request_build(actor=coordinator, area=coordinator.team.area, year=queries.latest_year(today))
    tasks.build_annual_report.call(snapshot.pk)
