"""Pages of this part, mounted at /safeguarding/."""
from django.urls import path

from mappa.safeguarding import views

app_name = "safeguarding"
urlpatterns = [
    path("people/<id:pk>/", views.nominal_page, name="nominal"),
    path("people/<id:pk>/decisions/new/", views.decision_add, name="decision_add"),
    path("people/<id:pk>/requests/new/", views.request_add, name="request_add"),
    path("people/<id:pk>/referrals/new/", views.referral_add, name="referral_add"),
    path("people/<id:pk>/markers/new/", views.marker_add, name="marker_add"),
    path("decisions/<id:pk>/", views.decision_page, name="decision"),
    path("decisions/<id:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("requests/<id:pk>/", views.request_page, name="request"),
    path("requests/<id:pk>/edit/", views.request_edit, name="request_edit"),
    path("referrals/<id:pk>/edit/", views.referral_edit, name="referral_edit"),
    path("markers/<id:pk>/edit/", views.marker_edit, name="marker_edit"),
]
