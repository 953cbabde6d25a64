"""Pages of this part, mounted at /interventions/."""
from django.urls import path

from mappa.interventions import views

app_name = "interventions"
urlpatterns = [
    path("<id:pk>/", views.interventions, name="interventions"),
    path("<id:pk>/refer/", views.refer, name="refer"),
    path("<id:pk>/one-to-one/add/", views.add_one_to_one, name="add_one_to_one"),
    path("<id:pk>/one-to-one/<id:work_pk>/", views.edit_one_to_one, name="edit_one_to_one"),
    path("<id:pk>/referrals/<id:referral_pk>/", views.referral, name="referral"),
    path("<id:pk>/referrals/<id:referral_pk>/eligibility/", views.decide, name="decide"),
    path("<id:pk>/referrals/<id:referral_pk>/waiting-list/", views.waiting_list, name="waiting_list"),
    path("<id:pk>/referrals/<id:referral_pk>/sessions/add/", views.session, name="session"),
    path("<id:pk>/referrals/<id:referral_pk>/outcome/", views.outcome, name="outcome"),
    path("<id:pk>/referrals/<id:referral_pk>/review/", views.review, name="review"),
]
