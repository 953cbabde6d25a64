"""Pages of this part, mounted at /quality/."""
from django.urls import path

from mappa.quality import views

app_name = "quality"
urlpatterns = [
    path("", views.index, name="index"),
    path("audits/<id:pk>/", views.audit, name="audit"),
    path("audits/<id:pk>/finish/", views.audit_finish, name="audit-finish"),
    path("audits/<id:pk>/cases/<id:case_pk>/", views.audit_case, name="audit-case"),
    path("audits/<id:pk>/cases/<id:case_pk>/actions/", views.action_add, name="action-add"),
    path("actions/<id:pk>/done/", views.action_done, name="action-done"),
    path("<slug:area>/", views.measures, name="measures"),
    path("<slug:area>/audits/", views.audit_list, name="audits"),
    path("<slug:area>/<slug:key>/", views.measure, name="measure"),
]
