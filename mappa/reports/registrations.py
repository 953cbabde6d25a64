"""What this part adds to the navigation (see mappa.core.extensions)."""
from mappa.core import extensions


def _may_run(user):
    from mappa.reports.views import may_run

    return may_run(user)


extensions.nav_link(extensions.NavLink("Annual report", "reports:index", _may_run, order=65))
