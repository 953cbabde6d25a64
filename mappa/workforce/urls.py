"""Pages of this part, mounted at /workforce/."""
from django.urls import path

from mappa.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.index, name="index"),
    path("people/<id:pk>/", views.person, name="person"),
    path("people/<id:pk>/supervision/add/", views.add_supervision, name="add_supervision"),
    path("people/<id:pk>/training/add/", views.add_training, name="add_training"),
    path("supervisions/<id:pk>/", views.edit_supervision, name="supervision"),
    path("supervisions/<id:pk>/cases/<id:case>/agreed/", views.correct_agreed, name="correct_agreed"),
]
