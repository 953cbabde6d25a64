from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_control

from mappa.nominals import caseload


@cache_control(max_age=86400, public=True)
def no_icon(request):
    """No icon (not the GOV.UK crown: this is not a GOV.UK service), answered without a 404."""
    return HttpResponse(status=204)


urlpatterns = [
    path("favicon.ico", no_icon),
    path("", caseload.home, name="home"),
    path("notifications/dismiss/", caseload.dismiss_all_notifications, name="dismiss_all_notifications"),
    path("notifications/<id:pk>/dismiss/", caseload.dismiss_notification, name="dismiss_notification"),
    path("emergency-access/", include("mappa.access.urls")),
    path("accounts/", include("mappa.accounts.urls")),
    path("administration/", include("mappa.accounts.admin_urls")),
    path("people/", include("mappa.nominals.urls")),
    path("mappa/", include("mappa.arrangements.urls")),
    path("risk/", include("mappa.risk.urls")),
    path("orders/", include("mappa.orders.urls")),
    path("licences/", include("mappa.licences.urls")),
    path("plans/", include("mappa.plans.urls")),
    path("victims/", include("mappa.victims.urls")),
    path("safeguarding/", include("mappa.safeguarding.urls")),
    path("visits/", include("mappa.visits.urls")),
    path("supervision/", include("mappa.supervision.urls")),
    path("interventions/", include("mappa.interventions.urls")),
    path("workforce/", include("mappa.workforce.urls")),
    path("resettlement/", include("mappa.resettlement.urls")),
    path("intelligence/", include("mappa.intelligence.urls")),
    path("reports/", include("mappa.reports.urls")),
    path("quality/", include("mappa.quality.urls")),
    path("api/", include("mappa.api.urls")),
]

handler404 = "mappa.core.errors.not_found"
handler500 = "mappa.core.errors.server_error"
