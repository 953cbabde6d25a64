"""Pages of this part, mounted at /supervision/."""
from django.urls import path

from mappa.supervision import views

app_name = "supervision"
urlpatterns = [
    path("<id:pk>/", views.supervision, name="supervision"),
    path("<id:pk>/requirements/add/", views.add_requirement, name="add_requirement"),
    path("<id:pk>/requirements/<id:requirement_pk>/", views.edit_requirement, name="edit_requirement"),
    path("<id:pk>/requirements/<id:requirement_pk>/treatment/", views.edit_treatment, name="edit_treatment"),
    path("<id:pk>/appointments/add/", views.add_appointment, name="add_appointment"),
    path("<id:pk>/appointments/<id:appointment_pk>/outcome/", views.outcome, name="outcome"),
    path("<id:pk>/warnings/add/", views.warn, name="warn"),
    path("<id:pk>/breach/", views.breach, name="breach"),
    path("<id:pk>/breaches/<id:breach_pk>/court/", views.court_outcome, name="court_outcome"),
    path("<id:pk>/objectives/add/", views.add_objective, name="add_objective"),
    path("<id:pk>/objectives/<id:objective_pk>/review/", views.review_objective, name="review_objective"),
    path("<id:pk>/polygraph/add/", views.add_polygraph, name="add_polygraph"),
    path("<id:pk>/polygraph/<id:exam_pk>/", views.edit_polygraph, name="edit_polygraph"),
    path("<id:pk>/medication/add/", views.add_medication, name="add_medication"),
    path("<id:pk>/medication/<id:medication_pk>/", views.edit_medication, name="edit_medication"),
    path("<id:pk>/circles/add/", views.add_circle, name="add_circle"),
    path("<id:pk>/circles/<id:circle_pk>/", views.edit_circle, name="edit_circle"),
    path("<id:pk>/circles/<id:circle_pk>/concerns/add/", views.add_concern, name="add_concern"),
]
