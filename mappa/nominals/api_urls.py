"""API endpoints of the register, mounted under /api/v1/."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from mappa.nominals import api
from mappa.nominals.api import DocumentDownload, NominalViewSet, item_viewset
from mappa.nominals.items import KINDS

router = SimpleRouter()
router.register("nominals", NominalViewSet, basename="nominal")

urlpatterns = [
    path("nominals/<id:nominal_pk>/documents/<id:pk>/download/", DocumentDownload.as_view(), name="api-document-download"),
    # Case transfer and cover (before the item kinds' routes, whose slugs would otherwise take these paths).
    path("nominals/<id:nominal_pk>/transfers/", api.CaseTransfersView.as_view(), name="api-case-transfers"),
    path("nominals/<id:nominal_pk>/transfer-checklist/", api.TransferChecklistView.as_view(),
         name="api-transfer-checklist"),
    path("transfers/", api.TransfersToAnswerView.as_view(), name="api-transfers"),
    *[path(f"transfers/<id:pk>/{answer}/", api.TransferAnswerView.as_view(), {"answer": answer},
           name=f"api-transfer-{answer}") for answer in ("accept", "decline", "withdraw")],
    path("covers/", api.CoversView.as_view(), name="api-covers"),
    path("covers/<id:pk>/end/", api.EndCoverView.as_view(), name="api-cover-end"),
]
for slug, kind in KINDS.items():
    viewset = item_viewset(kind)
    urlpatterns += [
        path(f"nominals/<id:nominal_pk>/{slug}/", viewset.as_view({"get": "list", "post": "create"}), name=f"api-{slug}-list"),
        path(f"nominals/<id:nominal_pk>/{slug}/<id:pk>/", viewset.as_view({"get": "retrieve", "patch": "partial_update"}),
             name=f"api-{slug}-detail"),
    ]
urlpatterns += router.urls
