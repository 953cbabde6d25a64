"""Pages of this part, mounted at /intelligence/."""
from django.urls import path

from mappa.intelligence import views

app_name = "intelligence"
urlpatterns = [
    path("audit/", views.audit, name="audit"),
    path("<id:pk>/", views.intelligence, name="intelligence"),
    path("<id:pk>/submit/", views.submit, name="submit"),
    path("<id:pk>/<id:item_pk>/", views.item, name="item"),
    path("<id:pk>/<id:item_pk>/evaluate/", views.evaluate, name="evaluate"),
    path("<id:pk>/<id:item_pk>/actions/add/", views.add_action, name="add_action"),
    path("<id:pk>/<id:item_pk>/actions/<id:action_pk>/complete/", views.complete_action, name="complete_action"),
]
