"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.orders.api import legal_status, record_viewset
from mappa.orders.kinds import KINDS

urlpatterns: list = [path("nominals/<id:nominal_pk>/legal-status/", legal_status, name="api-orders-legal-status")]
for slug, kind in KINDS.items():
    viewset = record_viewset(kind)
    urlpatterns += [
        path(f"nominals/<id:nominal_pk>/{slug}/", viewset.as_view({"get": "list", "post": "create"}),
             name=f"api-orders-{slug}-list"),
        path(f"nominals/<id:nominal_pk>/{slug}/<id:pk>/", viewset.as_view({"get": "retrieve", "patch": "partial_update"}),
             name=f"api-orders-{slug}-detail"),
    ]
