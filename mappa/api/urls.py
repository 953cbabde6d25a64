from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from mappa.api.views import DocumentDownload, NominalViewSet, item_viewset
from mappa.nominals.items import KINDS

router = SimpleRouter()
router.register("v1/nominals", NominalViewSet, basename="nominal")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("v1/nominals/<id:nominal_pk>/documents/<id:pk>/download/", DocumentDownload.as_view(), name="api-document-download"),
]
for slug, kind in KINDS.items():
    viewset = item_viewset(kind)
    urlpatterns += [
        path(f"v1/nominals/<id:nominal_pk>/{slug}/", viewset.as_view({"get": "list", "post": "create"}), name=f"api-{slug}-list"),
        path(f"v1/nominals/<id:nominal_pk>/{slug}/<id:pk>/", viewset.as_view({"get": "retrieve", "patch": "partial_update"}),
             name=f"api-{slug}-detail"),
    ]
urlpatterns += router.urls
for part in ("arrangements", "risk", "orders", "licences", "plans", "victims", "safeguarding", "visits", "intelligence", "reports", "quality"):
    urlpatterns.append(path("v1/", include(f"mappa.{part}.api_urls")))
