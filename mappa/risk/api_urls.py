"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.risk import api

urlpatterns = [
    path("risk/score/", api.score, name="api-risk-score"),
    path("nominals/<id:nominal_pk>/assessments/", api.assessments, name="api-risk-assessments"),
    path("nominals/<id:nominal_pk>/assessments/<id:pk>/", api.assessment, name="api-risk-assessment"),
    path("nominals/<id:nominal_pk>/assessments/<id:pk>/<slug:step>/", api.step, name="api-risk-assessment-step"),
]
