"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.safeguarding import api

urlpatterns = [
    path("nominals/<id:nominal_pk>/safeguarding/", api.Summary.as_view(), name="api-safeguarding"),
    path("nominals/<id:nominal_pk>/disclosure-decisions/", api.DecisionList.as_view(), name="api-disclosure-decisions"),
    path("nominals/<id:nominal_pk>/disclosure-decisions/<id:pk>/", api.DecisionDetail.as_view(),
         name="api-disclosure-decision"),
]
