"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.arrangements import api

urlpatterns = [
    path("mappa/people/<int:pk>/", api.CaseView.as_view(), name="api-mappa-case"),
    path("mappa/people/<int:pk>/level-decisions/", api.LevelDecisionsView.as_view(), name="api-mappa-level-decisions"),
    path("mappa/people/<int:pk>/eligibility/", api.EligibilityView.as_view(), name="api-mappa-eligibility"),
    path("mappa/people/<int:pk>/referrals/", api.ReferralsView.as_view(), name="api-mappa-referrals"),
    path("mappa/referrals/<int:pk>/screening/", api.ScreeningView.as_view(), name="api-mappa-screening"),
    path("mappa/meetings/", api.MeetingsView.as_view(), name="api-mappa-meetings"),
    path("mappa/actions/<int:pk>/", api.ActionView.as_view(), name="api-mappa-action"),
]
