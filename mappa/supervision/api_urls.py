"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.supervision import api

urlpatterns = [
    path("nominals/<id:nominal_pk>/supervision/", api.SupervisionView.as_view(), name="api-supervision"),
    path("nominals/<id:nominal_pk>/appointments/", api.AppointmentsView.as_view(), name="api-appointments"),
    path("nominals/<id:nominal_pk>/appointments/<id:pk>/outcome/", api.OutcomeView.as_view(),
         name="api-appointment-outcome"),
    path("nominals/<id:nominal_pk>/supervision/polygraph/", api.PolygraphList.as_view(), name="api-polygraph"),
    path("nominals/<id:nominal_pk>/supervision/polygraph/<id:pk>/", api.PolygraphDetail.as_view(),
         name="api-polygraph-detail"),
    path("nominals/<id:nominal_pk>/supervision/medication/", api.MedicationList.as_view(), name="api-medication"),
    path("nominals/<id:nominal_pk>/supervision/medication/<id:pk>/", api.MedicationDetail.as_view(),
         name="api-medication-detail"),
    path("nominals/<id:nominal_pk>/supervision/circles/", api.CircleList.as_view(), name="api-circles"),
    path("nominals/<id:nominal_pk>/supervision/circles/<id:pk>/", api.CircleDetail.as_view(), name="api-circle-detail"),
    path("nominals/<id:nominal_pk>/supervision/circles/<id:pk>/concerns/", api.ConcernList.as_view(),
         name="api-circle-concerns"),
]
