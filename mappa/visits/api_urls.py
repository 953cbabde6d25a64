"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.visits.api import CheckView, OutcomeView, VisitsView, VisitView, WarrantView

urlpatterns: list = [
    path("nominals/<id:nominal_pk>/visits/", VisitsView.as_view(), name="api-visits"),
    path("nominals/<id:nominal_pk>/visits/<id:pk>/", VisitView.as_view(), name="api-visit"),
    path("nominals/<id:nominal_pk>/visits/<id:pk>/check/", CheckView.as_view(), name="api-visit-check"),
    path("nominals/<id:nominal_pk>/visits/<id:pk>/outcome/", OutcomeView.as_view(), name="api-visit-outcome"),
    path("nominals/<id:nominal_pk>/visits/<id:pk>/warrant/", WarrantView.as_view(), name="api-visit-warrant"),
]
