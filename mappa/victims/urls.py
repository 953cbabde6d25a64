"""Pages of this part, mounted at /victims/."""
from django.urls import path

from mappa.victims import views

app_name = "victims"
urlpatterns = [
    path("people/<id:pk>/", views.nominal_page, name="nominal"),
    path("people/<id:pk>/new/", views.victim_add, name="add"),
    path("people/<id:pk>/access/", views.access_log, name="access_log"),
    path("<id:pk>/", views.victim_page, name="victim"),
    path("<id:pk>/edit/", views.victim_edit, name="edit"),
    path("<id:pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("<id:pk>/requests/new/", views.request_add, name="request_add"),
]
