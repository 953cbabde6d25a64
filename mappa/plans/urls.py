"""Pages of this part, mounted at /plans/."""
from django.urls import path

from mappa.plans import views

app_name = "plans"
urlpatterns = [
    path("<id:pk>/", views.plan, name="plan"),
    path("<id:pk>/items/add/", views.item_add, name="item_add"),
    path("<id:pk>/items/<id:item_pk>/", views.item_edit, name="item_edit"),
    path("<id:pk>/reviews/add/", views.review_add, name="review_add"),
    path("<id:pk>/reviews/<id:review_pk>/", views.review_detail, name="review_detail"),
    path("<id:pk>/history/", views.history, name="history"),
    path("<id:pk>/plan.pdf", views.plan_pdf, name="pdf"),
]
