"""Pages of this part, mounted at /licences/."""
from django.urls import path

from mappa.licences import views

app_name = "licences"
urlpatterns = [
    path("people/<int:pk>/", views.nominal_page, name="nominal"),
    path("people/<int:pk>/licences/new/", views.licence_create, name="licence_add"),
    path("people/<int:pk>/zones/new/", views.zone_add, name="zone_add"),
    path("people/<int:pk>/locations/new/", views.location_add, name="location_add"),
    path("people/<int:pk>/route/", views.route_check, name="route"),
    path("<int:pk>/", views.licence_page, name="licence"),
    path("<int:pk>/edit/", views.licence_edit, name="licence_edit"),
    path("<int:pk>/conditions/new/", views.condition_add, name="condition_add"),
    path("<int:pk>/variations/new/", views.variation_add, name="variation_add"),
    path("zones/<int:pk>/", views.zone_page, name="zone"),
    path("locations/<int:pk>/", views.location_page, name="location"),
]
