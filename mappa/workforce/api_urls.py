"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.workforce import api

urlpatterns = [
    path("workforce/team/", api.TeamView.as_view(), name="api-workforce-team"),
    path("workforce/supervisions/", api.SessionsView.as_view(), name="api-workforce-supervisions"),
    path("workforce/supervisions/<id:pk>/", api.SessionView.as_view(), name="api-workforce-supervision"),
    path("workforce/people/<id:pk>/training/", api.TrainingView.as_view(), name="api-workforce-training"),
]
