"""Administration pages, mounted at /administration/. Administrators only; 404 for anyone else."""
from django.urls import path

from mappa.accounts import admin_views as views

app_name = "administration"
urlpatterns = [
    path("", views.index, name="index"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<id:pk>/", views.user_detail, name="user"),
    path("users/<id:pk>/active/", views.user_active, name="user_active"),
    path("users/<id:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<id:pk>/reset-authenticator/", views.user_reset_authenticator, name="user_reset_authenticator"),
    path("users/<id:pk>/password/", views.user_password, name="user_password"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<id:pk>/", views.agency_edit, name="agency"),
    path("teams/", views.team_list, name="teams"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<id:pk>/", views.team_edit, name="team"),
    path("areas/", views.area_list, name="areas"),
    path("areas/new/", views.area_create, name="area_create"),
    path("reference-data/", views.reference_data, name="reference_data"),
    path("audit/", views.audit_log, name="audit"),
    path("tasks/", views.background_tasks, name="tasks"),
]
