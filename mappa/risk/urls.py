"""Pages of this part, mounted at /risk/."""
from django.urls import path

from mappa.risk import views

app_name = "risk"
urlpatterns = [
    path("people/<id:pk>/", views.nominal_page, name="nominal"),
    path("people/<id:pk>/timeline/", views.timeline, name="timeline"),
    path("people/<id:pk>/new/<slug:kind>/", views.new, name="new"),
    path("assessments/<id:pk>/", views.detail, name="assessment"),
    path("assessments/<id:pk>/change/", views.edit, name="edit"),
    path("assessments/<id:pk>/complete/", views.complete, name="complete"),
    path("assessments/<id:pk>/approve/", views.approve, name="approve"),
    path("assessments/<id:pk>/peer-review/", views.peer_review, name="peer_review"),
    path("reviews/<id:pk>/record/", views.close_review, name="close_review"),
    path("training/", views.training, name="training"),
    path("tables/", views.tables, name="tables"),
]
