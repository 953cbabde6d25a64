"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.victims import api

urlpatterns = [
    path("nominals/<id:nominal_pk>/victims/", api.VictimList.as_view(), name="api-victims-list"),
    path("nominals/<id:nominal_pk>/victims/<id:pk>/", api.VictimDetail.as_view(), name="api-victims-detail"),
    path("nominals/<id:nominal_pk>/victims/<id:pk>/contacts/", api.ContactList.as_view(), name="api-victims-contacts"),
    path("nominals/<id:nominal_pk>/victims/<id:pk>/condition-requests/", api.RequestList.as_view(),
         name="api-victims-requests"),
]
