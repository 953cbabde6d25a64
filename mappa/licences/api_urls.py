"""API endpoints of this part, mounted under /api/v1/."""
from django.urls import path

from mappa.licences import api

urlpatterns = [
    path("licences/catalogue/", api.CatalogueView.as_view(), name="api-licences-catalogue"),
    path("licences/nominals/<id:nominal_pk>/licences/", api.LicenceList.as_view(), name="api-licences-list"),
    path("licences/nominals/<id:nominal_pk>/zones/", api.ZoneList.as_view(), name="api-licences-zones"),
    path("licences/nominals/<id:nominal_pk>/address-locations/", api.LocationList.as_view(), name="api-licences-locations"),
    path("licences/nominals/<id:nominal_pk>/route-check/", api.RouteCheck.as_view(), name="api-licences-route"),
    path("licences/zones/<id:pk>/end/", api.ZoneEnd.as_view(), name="api-licences-zone-end"),
    path("licences/<id:pk>/", api.LicenceDetail.as_view(), name="api-licences-detail"),
    path("licences/<id:pk>/conditions/", api.ConditionList.as_view(), name="api-licences-conditions"),
    path("licences/<id:pk>/variations/", api.VariationList.as_view(), name="api-licences-variations"),
]
