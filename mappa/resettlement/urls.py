"""Pages of this part, mounted at /resettlement/."""
from django.urls import path

from mappa.resettlement import views

app_name = "resettlement"
urlpatterns = [
    path("<id:pk>/", views.resettlement, name="resettlement"),
    path("<id:pk>/referrals/add/", views.add_referral, name="add_referral"),
    path("<id:pk>/referrals/<id:referral_pk>/", views.edit_referral, name="edit_referral"),
    path("<id:pk>/referrals/<id:referral_pk>/decision/", views.decide_referral, name="decide_referral"),
    path("<id:pk>/placements/add/", views.add_placement, name="add_placement"),
    path("<id:pk>/placements/<id:placement_pk>/", views.edit_placement, name="edit_placement"),
    path("<id:pk>/placements/<id:placement_pk>/move-on/", views.move_on, name="move_on"),
    path("<id:pk>/placements/<id:placement_pk>/departure/", views.depart, name="depart"),
    path("<id:pk>/incidents/add/", views.add_incident, name="add_incident"),
    path("<id:pk>/incidents/<id:incident_pk>/", views.edit_incident, name="edit_incident"),
    path("<id:pk>/pathways/add/", views.add_pathway, name="add_pathway"),
    path("<id:pk>/pathways/<id:pathway_pk>/actions/add/", views.add_action, name="add_action"),
    path("<id:pk>/pathways/<id:pathway_pk>/outcome/", views.pathway_outcome, name="pathway_outcome"),
    path("<id:pk>/actions/<id:action_pk>/done/", views.action_done, name="action_done"),
]
