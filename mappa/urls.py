from django.urls import include, path

from mappa.nominals import caseload

urlpatterns = [
    path("", caseload.home, name="home"),
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
    path("api/", include("mappa.api.urls")),
]

handler404 = "mappa.core.errors.not_found"
handler500 = "mappa.core.errors.server_error"
