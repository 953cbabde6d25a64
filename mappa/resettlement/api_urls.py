"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.resettlement import api

urlpatterns = [
    path("nominals/<id:nominal_pk>/resettlement/", api.ResettlementView.as_view(), name="api-resettlement"),
    path("nominals/<id:nominal_pk>/pathways/", api.PathwaysView.as_view(), name="api-pathways"),
    path("nominals/<id:nominal_pk>/pathways/<id:pk>/outcome/", api.PathwayOutcomeView.as_view(),
         name="api-pathway-outcome"),
]
