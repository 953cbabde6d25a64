"""Pages of this part, mounted at /risk/."""
from django.urls import path

from mappa.risk import views

app_name = "risk"
urlpatterns = [
    path("people/<int:pk>/", views.nominal_page, name="nominal"),
    path("people/<int:pk>/timeline/", views.timeline, name="timeline"),
    path("people/<int:pk>/new/<slug:kind>/", views.new, name="new"),
    path("assessments/<int:pk>/", views.detail, name="assessment"),
    path("assessments/<int:pk>/change/", views.edit, name="edit"),
    path("assessments/<int:pk>/complete/", views.complete, name="complete"),
    path("assessments/<int:pk>/approve/", views.approve, name="approve"),
    path("assessments/<int:pk>/peer-review/", views.peer_review, name="peer_review"),
    path("reviews/<int:pk>/record/", views.close_review, name="close_review"),
    path("training/", views.training, name="training"),
    path("tables/", views.tables, name="tables"),
]
