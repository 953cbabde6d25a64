"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.reports import api

urlpatterns = [
    path("reports/annual/<slug:area>/<int:year>/", api.AnnualReportView.as_view(), name="api-annual-report"),
]
