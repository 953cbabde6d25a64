"""Pages of this part, mounted at /visits/."""
from django.urls import path

from mappa.visits import views

app_name = "visits"
urlpatterns = [
    path("<id:pk>/", views.visits, name="visits"),
    path("<id:pk>/add/", views.plan_visit, name="add"),
    path("<id:pk>/schedule/", views.schedule, name="schedule"),
    path("<id:pk>/<id:visit_pk>/check/", views.check, name="check"),
    path("<id:pk>/<id:visit_pk>/outcome/", views.outcome, name="outcome"),
    path("<id:pk>/<id:visit_pk>/warrant/", views.warrant, name="warrant"),
    path("<id:pk>/<id:visit_pk>/briefing.pdf", views.briefing, name="briefing"),
]
