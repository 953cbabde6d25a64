"""Pages of this part, mounted at /orders/."""
from django.urls import path

from mappa.orders import views

app_name = "orders"
urlpatterns = [
    path("figures/", views.figures, name="figures"),
    path("<id:pk>/", views.overview, name="overview"),
    path("<id:pk>/civil-orders/<id:item_pk>/copy/", views.order_copy, name="order_copy"),
    path("<id:pk>/<slug:kind>/", views.record_list, name="list"),
    path("<id:pk>/<slug:kind>/new/", views.record_create, name="create"),
    path("<id:pk>/<slug:kind>/<id:item_pk>/", views.record_edit, name="edit"),
]
