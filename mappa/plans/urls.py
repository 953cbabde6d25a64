"""Pages of this part, mounted at /plans/."""
from django.urls import path

from mappa.plans import views

app_name = "plans"
urlpatterns = [
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/reviews/add/", views.review_add, name="review_add"),
    path("<int:pk>/reviews/<int:review_pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="pdf"),
]
