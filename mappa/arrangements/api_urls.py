"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.arrangements import api

urlpatterns = [
    path("mappa/people/<id:pk>/", api.CaseView.as_view(), name="api-mappa-case"),
    path("mappa/people/<id:pk>/level-decisions/", api.LevelDecisionsView.as_view(), name="api-mappa-level-decisions"),
    path("mappa/people/<id:pk>/eligibility/", api.EligibilityView.as_view(), name="api-mappa-eligibility"),
    path("mappa/people/<id:pk>/referrals/", api.ReferralsView.as_view(), name="api-mappa-referrals"),
    path("mappa/referrals/<id:pk>/screening/", api.ScreeningView.as_view(), name="api-mappa-screening"),
    path("mappa/meetings/", api.MeetingsView.as_view(), name="api-mappa-meetings"),
    path("mappa/actions/<id:pk>/", api.ActionView.as_view(), name="api-mappa-action"),
]
