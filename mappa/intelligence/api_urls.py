"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.intelligence.api import ActionsView, CompleteView, EvaluateView, ItemView, ListView

urlpatterns: list = [
    path("nominals/<id:nominal_pk>/intelligence/", ListView.as_view(), name="api-intelligence"),
    path("nominals/<id:nominal_pk>/intelligence/<id:pk>/", ItemView.as_view(), name="api-intelligence-item"),
    path("nominals/<id:nominal_pk>/intelligence/<id:pk>/evaluation/", EvaluateView.as_view(),
         name="api-intelligence-evaluation"),
    path("nominals/<id:nominal_pk>/intelligence/<id:pk>/actions/", ActionsView.as_view(), name="api-intelligence-actions"),
    path("nominals/<id:nominal_pk>/intelligence/<id:pk>/actions/<id:action_pk>/complete/", CompleteView.as_view(),
         name="api-intelligence-action-complete"),
]
