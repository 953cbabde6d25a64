"""Pages of this part, mounted at /reports/."""
from django.urls import path

from mappa.reports import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.index, name="index"),
    path("annual/builds/<int:pk>/", views.build_status, name="status"),
    path("annual/<slug:area>/", views.annual, name="annual"),
    path("annual/<slug:area>/board/", views.board, name="board"),
    path("annual/<slug:area>/build/", views.build, name="build"),
    path("annual/<slug:area>/<int:year>/report.csv", views.annual_csv, name="csv"),
    path("annual/<slug:area>/<int:year>/report.pdf", views.annual_pdf, name="pdf"),
    path("annual/<slug:area>/<int:year>/figures/<str:key>/", views.figure, name="figure"),
]
