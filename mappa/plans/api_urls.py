"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.plans.api import PlanAsAtView, PlanItemViewSet, PlanView, ReviewViewSet

urlpatterns: list = [
    path("nominals/<id:nominal_pk>/plan/", PlanView.as_view(), name="api-plan"),
    path("nominals/<id:nominal_pk>/plan/history/", PlanAsAtView.as_view(), name="api-plan-history"),
    path("nominals/<id:nominal_pk>/plan/items/", PlanItemViewSet.as_view({"get": "list", "post": "create"}), name="api-plan-items"),
    path("nominals/<id:nominal_pk>/plan/items/<id:pk>/",
         PlanItemViewSet.as_view({"get": "retrieve", "patch": "partial_update"}), name="api-plan-item"),
    path("nominals/<id:nominal_pk>/plan/reviews/", ReviewViewSet.as_view({"get": "list", "post": "create"}), name="api-plan-reviews"),
    path("nominals/<id:nominal_pk>/plan/reviews/<id:pk>/endorse/", ReviewViewSet.as_view({"post": "endorse"}),
         name="api-plan-review-endorse"),
]
