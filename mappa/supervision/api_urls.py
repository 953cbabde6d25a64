"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.supervision import api

urlpatterns = [
    path("nominals/<id:nominal_pk>/supervision/", api.SupervisionView.as_view(), name="api-supervision"),
    path("nominals/<id:nominal_pk>/appointments/", api.AppointmentsView.as_view(), name="api-appointments"),
    path("nominals/<id:nominal_pk>/appointments/<id:pk>/outcome/", api.OutcomeView.as_view(),
         name="api-appointment-outcome"),
]
