"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.resettlement import api

urlpatterns = [
    path("nominals/<id:nominal_pk>/resettlement/", api.ResettlementView.as_view(), name="api-resettlement"),
    path("nominals/<id:nominal_pk>/resettlement/referrals/<id:pk>/", api.ReferralDetail.as_view(),
         name="api-premises-referral"),
    path("nominals/<id:nominal_pk>/resettlement/placements/<id:pk>/", api.PlacementDetail.as_view(),
         name="api-premises-placement"),
    path("nominals/<id:nominal_pk>/resettlement/placements/<id:pk>/move-on/", api.MoveOnDetail.as_view(),
         name="api-premises-move-on"),
    path("nominals/<id:nominal_pk>/resettlement/incidents/<id:pk>/", api.IncidentDetail.as_view(),
         name="api-premises-incident"),
    path("nominals/<id:nominal_pk>/pathways/", api.PathwaysView.as_view(), name="api-pathways"),
    path("nominals/<id:nominal_pk>/pathways/<id:pk>/outcome/", api.PathwayOutcomeView.as_view(),
         name="api-pathway-outcome"),
]
