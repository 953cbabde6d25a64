"""API endpoints of the register, mounted under /api/v1/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from mappa.nominals.api import DocumentDownload, NominalViewSet, item_viewset
from mappa.nominals.items import KINDS

router = SimpleRouter()
router.register("nominals", NominalViewSet, basename="nominal")

urlpatterns = [
    path("nominals/<id:nominal_pk>/documents/<id:pk>/download/", DocumentDownload.as_view(), name="api-document-download"),
]
for slug, kind in KINDS.items():
    viewset = item_viewset(kind)
    urlpatterns += [
        path(f"nominals/<id:nominal_pk>/{slug}/", viewset.as_view({"get": "list", "post": "create"}), name=f"api-{slug}-list"),
        path(f"nominals/<id:nominal_pk>/{slug}/<id:pk>/", viewset.as_view({"get": "retrieve", "patch": "partial_update"}),
             name=f"api-{slug}-detail"),
    ]
urlpatterns += router.urls
