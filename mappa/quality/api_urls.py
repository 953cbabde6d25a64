"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.quality import api

urlpatterns = [
    path("quality/<slug:area>/", api.MeasuresView.as_view(), name="api-quality-measures"),
]
