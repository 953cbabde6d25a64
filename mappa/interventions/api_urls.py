"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.interventions import api

urlpatterns = [
    path("programmes/", api.ProgrammesView.as_view(), name="api-programmes"),
    path("nominals/<id:nominal_pk>/programme-referrals/", api.ProgrammeReferralsView.as_view(), name="api-programme-referrals"),
    path("nominals/<id:nominal_pk>/programme-referrals/<id:pk>/sessions/", api.ProgrammeSessionsView.as_view(),
         name="api-programme-referral-sessions"),
    path("nominals/<id:nominal_pk>/programme-referrals/<id:pk>/outcome/", api.ProgrammeOutcomeView.as_view(),
         name="api-programme-referral-outcome"),
]
