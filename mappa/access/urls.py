from django.urls import path

from mappa.access import views

app_name = "access"
urlpatterns = [path("", views.emergency, name="emergency")]
