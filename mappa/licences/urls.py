"""Pages of this part, mounted at /licences/."""
from django.urls import path

from mappa.licences import views

app_name = "licences"
urlpatterns = [
    path("people/<id:pk>/", views.nominal_page, name="nominal"),
    path("people/<id:pk>/licences/new/", views.licence_create, name="licence_add"),
    path("people/<id:pk>/zones/new/", views.zone_add, name="zone_add"),
    path("people/<id:pk>/locations/new/", views.location_add, name="location_add"),
    path("people/<id:pk>/route/", views.route_check, name="route"),
    path("<id:pk>/", views.licence_page, name="licence"),
    path("<id:pk>/edit/", views.licence_edit, name="licence_edit"),
    path("<id:pk>/conditions/new/", views.condition_add, name="condition_add"),
    path("<id:pk>/variations/new/", views.variation_add, name="variation_add"),
    path("zones/<id:pk>/", views.zone_page, name="zone"),
    path("locations/<id:pk>/", views.location_page, name="location"),
]
